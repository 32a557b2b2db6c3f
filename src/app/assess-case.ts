// Use cases shared by the CLI and the server around one case document: validate it and assess it under
// a list of criteria sets side by side; pick the criteria set a case is assessed under (the given one,
// or the reference criteria for its tumour type); compare a parsed case under every applicable set.
// The engine decides; these only validate, pick the modules and return the result or the input error
// with its JSON path.
import {
  applicableCriteria,
  type Case,
  type Comparison,
  type CriteriaModule,
  compareCriteria,
  criteriaScopeError,
  getCriteria,
  type InputError,
  parseCase,
  recommendedCriteria,
} from "../engine/index.ts";

export type CriteriaOptions = Parameters<CriteriaModule["assess"]>[1];

export type CaseAssessment = { ok: true; comparison: Comparison } | { ok: false; errors: InputError[] };

export function assessCase(input: unknown, criteriaIds: ReadonlyArray<string>): CaseAssessment {
  const parsed = parseCase(input);
  if (!parsed.ok) return parsed;
  return { ok: true, comparison: compareCriteria(parsed.value, criteriaIds.map(getCriteria)) };
}

/**
 * The criteria set to assess a case under: `fixed` when given and in its scope (a set outside its
 * scope would call every time point pre-baseline: an input error instead), else the reference
 * criteria for the tumour type (RANO 2.0 for gliomas, RANO-BM, RANO-LM).
 */
export function criteriaFor(
  c: Case,
  fixed: CriteriaModule | null,
): { ok: true; criteria: CriteriaModule } | { ok: false; error: InputError } {
  const outOfScope = fixed ? criteriaScopeError(fixed, c) : null;
  if (outOfScope) return { ok: false, error: { path: "$.patient.tumorType", message: outOfScope } };
  return { ok: true, criteria: fixed ?? recommendedCriteria(c) };
}

/**
 * The criteria sets a comparison of the case uses: the given ones, else every one that applies to its
 * tumour type, each assessing with `options`; an input error when none applies.
 */
export function comparisonCriteria(
  c: Case,
  fixed: ReadonlyArray<CriteriaModule> | null,
  options: CriteriaOptions = {},
): { ok: true; modules: CriteriaModule[] } | { ok: false; error: InputError } {
  const modules = fixed ?? applicableCriteria(c);
  if (modules.length === 0)
    return {
      ok: false,
      error: { path: "$.patient.tumorType", message: "no criteria set applies to this tumour type" },
    };
  return { ok: true, modules: modules.map((m) => ({ ...m, assess: (x: Case) => m.assess(x, options) })) };
}
