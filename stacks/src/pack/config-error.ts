/** The pack configuration is invalid; the message names the policy, the setting, the value and the fix. */
export class PackConfigError extends Error {
  override readonly name = 'PackConfigError';
}
