// Reading a binary reference-standard value (e.g. "progression confirmed by histology or follow-up")
// from a table cell. Accepted spellings are deliberately few and unambiguous; anything else is an error.

const POSITIVE = new Set(["1", "pos", "positive", "true", "yes"]);
const NEGATIVE = new Set(["0", "neg", "negative", "false", "no"]);

export const BINARY_REFERENCE_SPELLINGS = "1/0, pos/neg, positive/negative, true/false, yes/no";

/** true = positive, false = negative, null = not a recognised reference value. Case-insensitive. */
export function parseBinaryReference(raw: string): boolean | null {
  const v = raw.trim().toLowerCase();
  if (POSITIVE.has(v)) return true;
  if (NEGATIVE.has(v)) return false;
  return null;
}
