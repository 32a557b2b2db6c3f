// Public API of the rules engine: a pure library (no I/O, no clock, no globals).

import { z } from "zod";
import { bm } from "./criteria/bm/index.ts";
import { hgg } from "./criteria/hgg/index.ts";
import { irano } from "./criteria/irano/index.ts";
import { lgg } from "./criteria/lgg/index.ts";
import { mrano } from "./criteria/mrano/index.ts";
import { RanoLmOptionsSchema, ranoLm, ranoLmDefaults } from "./criteria/rano-lm/index.ts";
import { rano2 } from "./criteria/rano2/index.ts";
import type { CriteriaModule } from "./criteria/types.ts";
import type { Case } from "./model/case.ts";
import type { PatientResult } from "./model/result.ts";

export { type Comparison, compareCriteria } from "./compare.ts";

import {
  parseOptionPairsWith,
  type TimelineOptions,
  TimelineOptionsSchema,
  timelineDefaults,
} from "./core/timeline/options.ts";

export type { RanoLmOptions } from "./criteria/rano-lm/options.ts";
export type { CriteriaModule } from "./criteria/types.ts";
export * from "./model/case.ts";
export * from "./model/parse.ts";
export type * from "./model/result.ts";
export { ranoLmDefaults, type TimelineOptions, timelineDefaults };

/** Every criteria set, by id. */
export const criteriaRegistry: ReadonlyMap<string, CriteriaModule> = new Map<string, CriteriaModule>([
  [rano2.id, rano2 as CriteriaModule],
  [hgg.id, hgg as CriteriaModule],
  [mrano.id, mrano as CriteriaModule],
  [irano.id, irano as CriteriaModule],
  [lgg.id, lgg as CriteriaModule],
  [bm.id, bm as CriteriaModule],
  [ranoLm.id, ranoLm as CriteriaModule],
]);

/** Every option any criteria set understands: one `--option` list serves a mixed cohort, each criteria
 * set reads its own keys (shared keys such as sdMinDays mean the same everywhere). */
const AllOptionsSchema = z.strictObject({
  ...TimelineOptionsSchema.shape,
  ...RanoLmOptionsSchema.shape,
});
const allDefaults = { ...timelineDefaults, ...ranoLmDefaults };

/** Parses `key=value` option pairs (CLI `--option`); errors name the option and the problem. */
export function parseOptionPairs(pairs: ReadonlyArray<string>) {
  return parseOptionPairsWith(pairs, AllOptionsSchema, allDefaults);
}

export class UnknownCriteriaError extends Error {
  constructor(id: string) {
    super(`unknown criteria "${id}"; known: ${[...criteriaRegistry.keys()].join(", ")}`);
  }
}

export function getCriteria(id: string): CriteriaModule {
  const module = criteriaRegistry.get(id);
  if (!module) throw new UnknownCriteriaError(id);
  return module;
}

/** Assesses one validated case under one criteria set. */
export function assess(c: Case, criteriaId = "rano2", options?: object): PatientResult {
  return getCriteria(criteriaId).assess(c, options);
}

/** The current reference criteria for the tumour type: RANO 2.0 for gliomas, RANO-BM, RANO-LM. */
export function recommendedCriteria(c: Case): CriteriaModule {
  const id =
    c.patient.tumorType === "brain_metastasis"
      ? "bm"
      : c.patient.tumorType === "leptomeningeal_metastasis"
        ? "rano-lm"
        : "rano2";
  return getCriteria(id);
}

const TUMOUR_WORDS: Record<Case["patient"]["tumorType"], string> = {
  glioblastoma_idh_wildtype: "an IDH-wildtype glioblastoma",
  astrocytoma_idh_mutant: "an IDH-mutant astrocytoma",
  oligodendroglioma: "an oligodendroglioma",
  other_glioma: "a glioma",
  brain_metastasis: "brain metastases",
  leptomeningeal_metastasis: "leptomeningeal metastases",
};

/** Whether a criteria set applies to the case (by tumour type, grade, immunotherapy). */
export function criteriaApplies(m: CriteriaModule, c: Case): boolean {
  return m.appliesTo ? m.appliesTo(c) : m.tumorTypes.includes(c.patient.tumorType);
}

/** Why a criteria set does not apply to the case, naming its scope; null when it applies. */
export function criteriaScopeError(m: CriteriaModule, c: Case): string | null {
  if (criteriaApplies(m, c)) return null;
  const grade = c.patient.whoGrade !== undefined ? `, WHO grade ${c.patient.whoGrade}` : "";
  return `criteria "${m.id}" (${m.name}) applies to ${m.scope}; this case is ${TUMOUR_WORDS[c.patient.tumorType]}${grade}`;
}

/** Criteria sets designed for this case's tumour type (used by `compare`). */
export function applicableCriteria(c: Case): CriteriaModule[] {
  return [...criteriaRegistry.values()].filter((m) => criteriaApplies(m, c));
}
