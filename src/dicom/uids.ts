// Deterministic DICOM UIDs under the 2.25 root (PS3.5 §B.2: a UUID as one decimal integer). The UUID is
// name-based (version 8, RFC 9562) on a SHA-256 of a RANOkit-specific name, so the same lesion gets the
// same Tracking Unique Identifier at every time point and from every reader, and re-exporting a case
// gives the same Study/Series UIDs (the SR files under the same study in the PACS).
import { createHash } from "node:crypto";

export function uidFor(...name: ReadonlyArray<string | number>): string {
  const h = createHash("sha256")
    .update(`ranokit\u0000${name.join("\u0000")}`)
    .digest();
  h[6] = (h[6]! & 0x0f) | 0x80; // version 8
  h[8] = (h[8]! & 0x3f) | 0x80; // RFC variant
  return `2.25.${BigInt(`0x${h.subarray(0, 16).toString("hex")}`).toString(10)}`;
}

/** PS3.5 §9.1: components of digits without leading zeros, separated by dots, at most 64 characters. */
export function isValidUid(uid: string): boolean {
  return uid.length <= 64 && /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/.test(uid);
}
