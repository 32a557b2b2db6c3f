// Use case shared by the CLI and the server: validate a case document and assess it under a list of
// criteria sets side by side. The engine decides; this only validates, picks the modules and returns
// either the comparison or every input error with its JSON path.
import {
  type Comparison,
  compareCriteria,
  getCriteria,
  type InputError,
  parseCase,
} from "../engine/index.ts";

export type CaseAssessment = { ok: true; comparison: Comparison } | { ok: false; errors: InputError[] };

export function assessCase(input: unknown, criteriaIds: ReadonlyArray<string>): CaseAssessment {
  const parsed = parseCase(input);
  if (!parsed.ok) return parsed;
  return { ok: true, comparison: compareCriteria(parsed.value, criteriaIds.map(getCriteria)) };
}
