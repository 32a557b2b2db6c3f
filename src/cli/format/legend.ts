// The one-line legend that ends each human-readable table: the abbreviations the table actually used,
// in a fixed order, each with its meaning (issue 12: "IND, PD-P, AMB-nn, GEN-6, T0+84 are never
// explained"). `--no-legend` leaves it out.
import { wrapParts } from "./layout.ts";

const ABBREVIATIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bCR\b/, "CR complete response"],
  [/\bPR\b/, "PR partial response"],
  [/\bMR\b/, "MR minor response"],
  [/\bSD\b/, "SD stable disease"],
  [/\bPD\b(?!-P)/, "PD progression"],
  [/\bPD-P\b/, "PD-P preliminary PD, to be confirmed"],
  [/\bNE\b/, "NE not evaluable"],
  [/\bIND\b(?!-)/, "IND indeterminate"],
  [/\bIND-12W\b/, "IND-12W indeterminate: in-field PD < 12 weeks after RT"],
  [/[A-Z] → [A-Z]|[A-Z]→[A-Z]/, "A → B assessed A, final B"],
  [/\bBL\b/, "BL baseline"],
  [/\bpre-BL\b/, "pre-BL before the baseline"],
  [/\bT0[+-]\d/, "T0+n day n from T0"],
  [/\bRT[+-]\d/, "RT+n day n after RT end"],
  [/\bBOR\b/, "BOR best overall response"],
  [/\bORR\b/, "ORR objective response rate"],
  [/\bDCR\b/, "DCR disease-control rate"],
  [/\bPFS\b/, "PFS progression-free survival"],
  [/\bDOR\b/, "DOR duration of response"],
  [/\bNR\b/, "NR not reached"],
  [/\bCI\b/, "CI confidence interval"],
  [/\bGEN-\d/, "GEN-n general rule"],
  [/\bAMB-\d/, "AMB-n ambiguity resolved by RANOkit"],
  [/◆/, "◆ criteria disagree"],
];

/**
 * The legend for a table whose plain text is `text`: matched abbreviations, then `extra` entries the
 * caller knows apply (e.g. what the rule IDs are), wrapped to `width` under `indent`. Empty when
 * nothing needs explaining.
 */
export function legend(text: string, width: number, indent = "  ", extra: string[] = []): string[] {
  const used = ABBREVIATIONS.filter(([re]) => re.test(text)).map(([, meaning]) => meaning);
  const entries = [...used, ...extra];
  if (entries.length === 0) return [];
  return wrapParts([`Legend: ${entries[0]}`, ...entries.slice(1)], " · ", width, indent, `${indent}  `);
}

/** The legend entry for a rules column: where the rule IDs are defined. */
export const RULES_ENTRY = "rules: rule IDs, docs/criteria/";
