// Text decoding at the input boundary: a leading byte-order mark is accepted everywhere (spreadsheet and
// Windows exports write one), and bytes that are not UTF-8 are rejected with their byte offset instead of
// silently becoming U+FFFD in an identifier.
import { isUtf8 } from "node:buffer";

const BOM = [0xef, 0xbb, 0xbf];

export function hasBom(bytes: Uint8Array, start = 0): boolean {
  return bytes[start] === BOM[0] && bytes[start + 1] === BOM[1] && bytes[start + 2] === BOM[2];
}

/** Offset (from `start`) where the first invalid UTF-8 sequence begins (the bytes before it are valid
 * UTF-8); -1 when all the bytes are valid. Only called once `isUtf8` said no, so the slow scan never runs on good input. */
export function invalidUtf8Offset(bytes: Uint8Array, start = 0, end = bytes.length): number {
  if (isUtf8(bytes.subarray(start, end))) return -1;
  let i = start;
  while (i < end) {
    const b = bytes[i]!;
    const need =
      b < 0x80
        ? 0
        : b >= 0xc2 && b <= 0xdf
          ? 1
          : b >= 0xe0 && b <= 0xef
            ? 2
            : b >= 0xf0 && b <= 0xf4
              ? 3
              : -1;
    if (need < 0) return i - start;
    if (need > 0) {
      // The second byte's range excludes overlong forms and surrogates (RFC 3629 §4).
      const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
      const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
      for (let k = 1; k <= need; k++) {
        const c = bytes[i + k];
        if (c === undefined || i + k >= end) return i - start;
        if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i - start;
      }
    }
    i += need + 1;
  }
  return -1;
}

export class TextDecodeError extends Error {
  constructor(readonly byteOffset: number) {
    super(`not UTF-8 text: invalid byte at byte offset ${byteOffset} (save the file as UTF-8)`);
  }
}

/** Decodes a whole file: BOM dropped, invalid UTF-8 thrown as TextDecodeError with the byte offset. */
export function decodeUtf8(bytes: Uint8Array): string {
  const bad = invalidUtf8Offset(bytes);
  if (bad >= 0) throw new TextDecodeError(bad);
  const start = hasBom(bytes) ? 3 : 0;
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.byteLength - start).toString("utf8");
}
