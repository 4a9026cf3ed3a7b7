/** Decodes strictly: a byte sequence that is not UTF-8 throws instead of becoming U+FFFD. A BOM is dropped. */
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Text of a file, or where and why it is not UTF-8. */
export type Decoded =
  | { readonly text: string }
  | { readonly error: { readonly line: number; readonly column: number; readonly message: string } };

/**
 * Decodes a file's bytes as UTF-8 (what Kubernetes reads). Invalid bytes are an error with the line and
 * column of the first one, never replaced silently.
 */
export function decodeUtf8(bytes: Uint8Array): Decoded {
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    const offset = firstInvalidByte(bytes);
    const { line, column } = position(bytes, offset);
    const byte = bytes[offset] ?? 0;
    const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    return {
      error: {
        line,
        column,
        message: utf16
          ? 'file is UTF-16, not UTF-8; save it as UTF-8 (Kubernetes manifests must be UTF-8)'
          : `file is not valid UTF-8 (byte 0x${byte.toString(16).padStart(2, '0')} is not part of a UTF-8 character); save it as UTF-8, for example with \`iconv -f latin1 -t utf-8\``,
      },
    };
  }
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
export function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let min: number;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) {
      length = 2;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      // Overlong forms and UTF-16 surrogates are not UTF-8.
      min = b === 0xe0 ? 0xa0 : 0x80;
      if (b === 0xed) max = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      min = b === 0xf0 ? 0x90 : 0x80;
      if (b === 0xf4) max = 0x8f;
    } else {
      return i;
    }
    const second = bytes[i + 1];
    if (second === undefined || second < min || second > max) return i;
    for (let k = 2; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < 0x80 || next > 0xbf) return i;
    }
    i += length;
  }
  return bytes.length;
}

/** 1-based line and column (in characters, counting each UTF-8 sequence as one) of a byte offset. */
function position(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset; i++) {
    const b = bytes[i]!;
    if (b === 0x0a) {
      line++;
      column = 1;
    } else if ((b & 0xc0) !== 0x80) {
      column++;
    }
  }
  return { line, column };
}
