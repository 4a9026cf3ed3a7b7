/** What a thrown value says: an Error's message, else the value as text (code may throw anything). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
