// Combination rules of modalities, as in reading studies of hybrid imaging: "PET|MR" is positive when
// either test is positive (believe-the-positive), "PET&MR" only when both are (believe-the-negative).
// One operator per rule (any number of operands); mixing | and & would need precedence rules that
// readers of a report should not have to guess, so it is refused.

export interface CombinationRule {
  /** The rule as written, used as the name of the derived test. */
  name: string;
  operator: "any" | "all";
  operands: string[];
}

export class CombinationRuleError extends Error {}

export function parseCombinationRule(expression: string): CombinationRule {
  const name = expression.trim();
  const hasOr = name.includes("|");
  const hasAnd = name.includes("&");
  if (hasOr && hasAnd) {
    throw new CombinationRuleError(`combination "${name}" mixes | and &: use one operator per rule`);
  }
  if (!hasOr && !hasAnd) {
    throw new CombinationRuleError(
      `combination "${name}" has no operator: write e.g. "PET|MR" (either) or "PET&MR" (both)`,
    );
  }
  const operands = name.split(hasOr ? "|" : "&").map((s) => s.trim());
  if (operands.some((s) => s === ""))
    throw new CombinationRuleError(`combination "${name}" has an empty operand`);
  if (new Set(operands).size !== operands.length) {
    throw new CombinationRuleError(`combination "${name}" repeats a test`);
  }
  return { name, operator: hasOr ? "any" : "all", operands };
}

/** Applies a rule to one case's test results; every operand must be present. */
export function applyCombination(rule: CombinationRule, results: Readonly<Record<string, boolean>>): boolean {
  const values = rule.operands.map((o) => {
    const v = results[o];
    if (v === undefined) throw new CombinationRuleError(`combination "${rule.name}": no test named "${o}"`);
    return v;
  });
  return rule.operator === "any" ? values.some(Boolean) : values.every(Boolean);
}
