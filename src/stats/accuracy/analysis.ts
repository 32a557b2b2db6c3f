// Diagnostic accuracy of one or more index tests from per-case results (lesions or patients), with
// combination rules, optional patient-level aggregation and cluster-robust lesion-level intervals,
// and paired McNemar comparisons. Pure: the caller reads and validates the table.
import { type ClusterCount, type ClusterRobustProportion, clusterRobustProportion } from "./clustering.ts";
import { applyCombination, type CombinationRule, parseCombinationRule } from "./combine.ts";
import {
  type CiMethod,
  DEFAULT_CI_METHOD,
  type DiagnosticMeasures,
  diagnosticMeasures,
} from "./diagnostic-measures.ts";
import { compareTests, type PairedComparison } from "./mcnemar.ts";
import { type TwoByTwo, twoByTwoOf } from "./two-by-two.ts";

export interface AccuracyCase {
  /** Patient the case (lesion) belongs to; needed for patient level and cluster-robust intervals. */
  patient?: string;
  reference: boolean;
  /** Index test results by test name (true = positive). */
  results: Readonly<Record<string, boolean>>;
}

export type AnalysisLevel = "lesion" | "patient";

export interface AccuracyOptions {
  /** Tests read from the data, in report order. */
  tests: readonly string[];
  /** Combination rules ("PET|MR", "PET&MR"), evaluated per case, reported after the tests. */
  combinations?: readonly string[];
  level?: AnalysisLevel;
  ciMethod?: CiMethod;
  confidence?: number;
  /** Pairs of test or rule names to compare with McNemar's test. */
  comparisons?: ReadonlyArray<readonly [string, string]>;
  /** Lesion level only: add cluster-robust intervals (patients as clusters). */
  clusterRobust?: boolean;
}

export const PROPORTION_MEASURES = [
  "sensitivity",
  "specificity",
  "ppv",
  "npv",
  "accuracy",
  "prevalence",
] as const;
export type ProportionMeasure = (typeof PROPORTION_MEASURES)[number];

export interface TestAccuracy extends DiagnosticMeasures {
  test: string;
  /** The rule when the test is a combination, else null. */
  rule: CombinationRule | null;
  /** Cluster-robust versions of the proportions (lesion level with clusterRobust), else null. */
  clusterRobust: Record<ProportionMeasure, ClusterRobustProportion> | null;
}

export interface AccuracyReport {
  level: AnalysisLevel;
  /** Cases analysed at this level (lesions, or patients after aggregation). */
  cases: number;
  /** Lesion rows the analysis was built from. */
  lesions: number;
  /** Distinct patients, null when no patient ids were given. */
  patients: number | null;
  ciMethod: CiMethod;
  confidence: number;
  tests: TestAccuracy[];
  comparisons: PairedComparison[];
  warnings: string[];
}

export class AccuracyInputError extends Error {}

const LESION_CLUSTERING_WARNING =
  "lesion-level intervals and McNemar tests treat lesions as independent; lesions of one patient are correlated, so they are too narrow / too liberal (use cluster-robust intervals, or the patient level)";

/** A patient is positive (reference or test) when any of its lesions is (the PET/MR study's rule). */
export function aggregateByPatient(cases: readonly AccuracyCase[], names: readonly string[]): AccuracyCase[] {
  const byPatient = new Map<string, { reference: boolean; results: Record<string, boolean> }>();
  for (const c of cases) {
    if (c.patient === undefined || c.patient === "") {
      throw new AccuracyInputError("patient level needs a patient id on every case");
    }
    let p = byPatient.get(c.patient);
    if (!p) {
      p = { reference: false, results: Object.fromEntries(names.map((n) => [n, false])) };
      byPatient.set(c.patient, p);
    }
    p.reference ||= c.reference;
    for (const n of names) p.results[n] ||= c.results[n]!;
  }
  return [...byPatient].map(([patient, p]) => ({ patient, reference: p.reference, results: p.results }));
}

export function analyseAccuracy(input: readonly AccuracyCase[], options: AccuracyOptions): AccuracyReport {
  const level = options.level ?? "lesion";
  const ciMethod = options.ciMethod ?? DEFAULT_CI_METHOD;
  const confidence = options.confidence ?? 0.95;
  const rules = (options.combinations ?? []).map(parseCombinationRule);
  const names = [...options.tests, ...rules.map((r) => r.name)];
  if (new Set(names).size !== names.length)
    throw new AccuracyInputError(`a test is named twice: ${names.join(", ")}`);
  for (const r of rules) {
    for (const o of r.operands) {
      if (!options.tests.includes(o)) {
        throw new AccuracyInputError(
          `combination "${r.name}": "${o}" is not one of the tests (${options.tests.join(", ")})`,
        );
      }
    }
  }
  for (const [a, b] of options.comparisons ?? []) {
    for (const x of [a, b]) {
      if (!names.includes(x))
        throw new AccuracyInputError(`cannot compare "${x}": not one of ${names.join(", ")}`);
    }
    if (a === b) throw new AccuracyInputError(`cannot compare "${a}" with itself`);
  }
  for (const c of input) {
    for (const t of options.tests) {
      if (typeof c.results[t] !== "boolean")
        throw new AccuracyInputError(`a case has no result for test "${t}"`);
    }
  }
  // Combination rules are applied per lesion, then lesions are aggregated to patients.
  const withRules: readonly AccuracyCase[] =
    rules.length === 0
      ? input
      : input.map((c) => {
          const results: Record<string, boolean> = Object.assign({}, c.results);
          for (const r of rules) results[r.name] = applyCombination(r, c.results);
          return { patient: c.patient, reference: c.reference, results };
        });
  const hasPatients = input.length > 0 && input.every((c) => c.patient !== undefined && c.patient !== "");
  const patients = hasPatients ? new Set(input.map((c) => c.patient)).size : null;
  const cases = level === "patient" ? aggregateByPatient(withRules, names) : withRules;
  const warnings: string[] = [];
  const clusterRobust = level === "lesion" && options.clusterRobust === true;
  if (clusterRobust && !hasPatients) {
    throw new AccuracyInputError("cluster-robust intervals need a patient id on every case");
  }
  if (level === "lesion" && hasPatients && patients! < input.length) {
    warnings.push(
      clusterRobust
        ? "McNemar tests at lesion level treat lesions as independent (cluster-robust intervals shown for the proportions only)"
        : LESION_CLUSTERING_WARNING,
    );
  }
  const clusterIndex = clusterRobust ? indexClusters(cases) : null;
  const tests = names.map((name): TestAccuracy => {
    const table = twoByTwoOf(
      cases,
      (c) => c.reference,
      (c) => c.results[name]!,
    );
    return {
      test: name,
      rule: rules.find((r) => r.name === name) ?? null,
      ...diagnosticMeasures(table, ciMethod, confidence),
      clusterRobust: clusterRobust
        ? clusterRobustMeasures(cases, clusterIndex!, name, ciMethod, confidence)
        : null,
    };
  });
  for (const t of tests)
    for (const lr of [t.positiveLikelihoodRatio, t.negativeLikelihoodRatio])
      if (lr.warning !== null) warnings.push(`${t.test}: ${lr.warning}`);
  const comparisons = (options.comparisons ?? []).map(([a, b]) =>
    compareTests(
      a,
      b,
      cases.map((c) => ({ reference: c.reference, a: c.results[a]!, b: c.results[b]! })),
    ),
  );
  return {
    level,
    cases: cases.length,
    lesions: input.length,
    patients,
    ciMethod,
    confidence,
    tests,
    comparisons,
    warnings,
  };
}

/** Each case's patient as a dense index 0..K−1, computed once for all tests. */
function indexClusters(cases: readonly AccuracyCase[]): { of: Int32Array; count: number } {
  const ids = new Map<string, number>();
  const of = new Int32Array(cases.length);
  cases.forEach((c, i) => {
    let k = ids.get(c.patient!);
    if (k === undefined) {
      k = ids.size;
      ids.set(c.patient!, k);
    }
    of[i] = k;
  });
  return { of, count: ids.size };
}

function clusterRobustMeasures(
  cases: readonly AccuracyCase[],
  clusters: { of: Int32Array; count: number },
  name: string,
  method: CiMethod,
  level: number,
): Record<ProportionMeasure, ClusterRobustProportion> {
  // Per patient: tp, fp, fn, tn in consecutive slots.
  const cells = new Int32Array(clusters.count * 4);
  cases.forEach((c, i) => {
    const slot = clusters.of[i]! * 4 + (c.reference ? (c.results[name] ? 0 : 2) : c.results[name] ? 1 : 3);
    cells[slot]!++;
  });
  const tables: TwoByTwo[] = [];
  for (let k = 0; k < clusters.count; k++) {
    tables.push({ tp: cells[4 * k]!, fp: cells[4 * k + 1]!, fn: cells[4 * k + 2]!, tn: cells[4 * k + 3]! });
  }
  const per = (f: (t: TwoByTwo) => ClusterCount) => tables.map(f);
  return {
    sensitivity: clusterRobustProportion(
      per((t) => ({ count: t.tp, total: t.tp + t.fn })),
      method,
      level,
      "no reference-positive cases",
    ),
    specificity: clusterRobustProportion(
      per((t) => ({ count: t.tn, total: t.tn + t.fp })),
      method,
      level,
      "no reference-negative cases",
    ),
    ppv: clusterRobustProportion(
      per((t) => ({ count: t.tp, total: t.tp + t.fp })),
      method,
      level,
      "no test-positive cases",
    ),
    npv: clusterRobustProportion(
      per((t) => ({ count: t.tn, total: t.tn + t.fn })),
      method,
      level,
      "no test-negative cases",
    ),
    accuracy: clusterRobustProportion(
      per((t) => ({ count: t.tp + t.tn, total: t.tp + t.fp + t.fn + t.tn })),
      method,
      level,
      "no cases",
    ),
    prevalence: clusterRobustProportion(
      per((t) => ({ count: t.tp + t.fn, total: t.tp + t.fp + t.fn + t.tn })),
      method,
      level,
      "no cases",
    ),
  };
}
