// Reading a positive/negative result from a table cell. Only unambiguous spellings are accepted
// (case-insensitive): 1/0, pos/neg, positive/negative, true/false, yes/no. Anything else — including
// an empty cell — is an error for the caller to report with file, line and column.

const POSITIVE = new Set(["1", "pos", "positive", "true", "yes"]);
const NEGATIVE = new Set(["0", "neg", "negative", "false", "no"]);

export const ACCEPTED_BINARY_VALUES = "1/0, pos/neg, positive/negative, true/false, yes/no";

/** true = positive, false = negative, null = not a recognised binary value. */
export function parseBinary(raw: string): boolean | null {
  const v = raw.trim().toLowerCase();
  if (POSITIVE.has(v)) return true;
  if (NEGATIVE.has(v)) return false;
  return null;
}
