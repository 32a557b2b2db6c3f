// Plain-text tables for `ranokit accuracy`, laid out like a paper's accuracy table: every proportion
// as "92.7% (38/41) [80.6–97.5]" (estimate, counts, confidence interval), undefined values with the
// reason, and the McNemar comparisons with their discordant counts so a reader can check them.
import type { ClusterRobustProportion } from "../../stats/accuracy/clustering.ts";
import type {
  AccuracyReport,
  ChiSquareTest,
  LikelihoodRatio,
  McNemarResult,
  PairedComparison,
  Proportion,
  ProportionMeasure,
  TestAccuracy,
} from "../../stats/accuracy/index.ts";

import { outputWidth, wrap } from "./layout.ts";

const pct1 = (x: number) => (x * 100).toFixed(1);

/**
 * A confidence level as a percentage with the fewest decimals that still give back the level
 * (0.95 → "95", 0.999 → "99.9", 0.9999999 → "99.99999"): rounding to "100" would misstate it.
 */
export function levelPercent(level: number): string {
  for (let d = 0; d <= 15; d++) {
    const s = (level * 100).toFixed(d);
    if (Math.abs(Number(s) / 100 - level) <= 2 * Number.EPSILON && !(s.startsWith("100") && level < 1))
      return s;
  }
  return String(level * 100);
}

export function proportionCell(p: Proportion): string {
  if (p.estimate === null) return `undefined: ${p.undefinedReason}`;
  return `${pct1(p.estimate)}% (${p.count}/${p.total}) [${pct1(p.lower!)}–${pct1(p.upper!)}]`;
}

/** Likelihood ratios to 3 significant digits (0.0120, 0.450, 23.8, 140). */
const ratio = (x: number) => (x === 0 ? "0" : x >= 100 ? x.toFixed(0) : x.toPrecision(3));

export function likelihoodCell(lr: LikelihoodRatio): string {
  if (lr.estimate === null) return `undefined: ${lr.undefinedReason}`;
  if (lr.lower === null) return `${ratio(lr.estimate)} (${lr.undefinedReason})`;
  return `${ratio(lr.estimate)} [${ratio(lr.lower)}–${ratio(lr.upper!)}]`;
}

export const pValue = (p: number) => (p < 0.001 ? "<0.001" : p.toFixed(3));

function chi(t: ChiSquareTest): string {
  return t.statistic === null ? "undefined" : `${t.statistic.toFixed(3)} (p ${pValue(t.pValue!)})`;
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) =>
        i === cells.length - 1
          ? c
          : i > 0 && i < 5 && /^\d+$/.test(c)
            ? c.padStart(widths[i]!)
            : c.padEnd(widths[i]!),
      )
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].map((l) => `  ${l}`);
}

function measure(t: TestAccuracy, key: ProportionMeasure, clustered: boolean): Proportion {
  return clustered && t.clusterRobust ? t.clusterRobust[key] : t[key];
}

function mcnemarRow(label: string, m: McNemarResult): string[] {
  const base = [label, String(m.n), String(m.b), String(m.c)];
  if (m.asymptotic.statistic === null) {
    const why = `undefined (${m.asymptotic.undefinedReason})`;
    return [...base, why, why, pValue(m.exactP), pValue(m.midP)];
  }
  return [...base, chi(m.asymptotic), chi(m.corrected), pValue(m.exactP), pValue(m.midP)];
}

function comparison(c: PairedComparison, unit: string): string[] {
  const out = [
    `Paired comparison: ${c.a} vs ${c.b} (McNemar; b = ${c.a} right and ${c.b} wrong, c = ${c.b} right and ${c.a} wrong)`,
    ...table(
      ["", `${unit}s`, "b", "c", "χ² (p)", "corrected χ² (p)", "exact p", "mid-p"],
      [
        mcnemarRow("sensitivity (reference +)", c.sensitivity),
        mcnemarRow("specificity (reference −)", c.specificity),
        mcnemarRow("accuracy (right vs wrong)", c.accuracy),
      ],
    ),
    `  joint sensitivity + specificity (sum of the two uncorrected χ², 2 df): ${chi(c.joint)}`,
  ];
  return out;
}

export function formatAccuracyReport(r: AccuracyReport, reference: string): string {
  const unit = r.level === "lesion" ? "lesion" : "patient";
  const clustered = r.tests.some((t) => t.clusterRobust !== null);
  const first = r.tests[0]!;
  const out: string[] = [];
  const from =
    r.level === "patient"
      ? `${r.cases} patients (from ${r.lesions} lesion rows; a patient is positive when any of its lesions is)`
      : `${r.cases} lesions${r.patients !== null ? ` from ${r.patients} patients` : ""}`;
  out.push(`Diagnostic accuracy · ${unit} level · ${from}`);
  out.push(
    `Reference standard "${reference}": ${first.prevalence.count} positive, ${first.n - first.prevalence.count} negative; prevalence ${proportionCell(measure(first, "prevalence", clustered))}`,
  );
  const ciName = r.ciMethod === "wilson" ? "Wilson score" : "Clopper–Pearson exact";
  out.push(
    `${levelPercent(r.confidence)}% CIs: ${ciName}${clustered ? ", cluster-robust (patients as clusters; effective sample size from the design effect, Korn & Graubard)" : ""}; likelihood ratios: log method (Simel 1991)`,
  );
  out.push("");
  out.push(
    ...table(
      ["test", "TP", "FP", "FN", "TN", "sensitivity", "specificity"],
      r.tests.map((t) => [
        t.test,
        String(t.table.tp),
        String(t.table.fp),
        String(t.table.fn),
        String(t.table.tn),
        proportionCell(measure(t, "sensitivity", clustered)),
        proportionCell(measure(t, "specificity", clustered)),
      ]),
    ),
  );
  out.push("");
  out.push(
    ...table(
      ["test", "PPV", "NPV", "accuracy"],
      r.tests.map((t) => [
        t.test,
        proportionCell(measure(t, "ppv", clustered)),
        proportionCell(measure(t, "npv", clustered)),
        proportionCell(measure(t, "accuracy", clustered)),
      ]),
    ),
  );
  out.push("");
  out.push(
    ...table(
      ["test", "LR+", "LR−"],
      r.tests.map((t) => [
        t.test,
        likelihoodCell(t.positiveLikelihoodRatio),
        likelihoodCell(t.negativeLikelihoodRatio),
      ]),
    ),
  );
  if (clustered) {
    out.push("");
    out.push("  Design effects (cluster-robust variance / binomial variance; intervals use deff ≥ 1):");
    const deff = (p: ClusterRobustProportion) => (p.designEffect === null ? "—" : p.designEffect.toFixed(2));
    out.push(
      ...table(
        ["test", "sensitivity", "specificity", "PPV", "NPV", "accuracy"],
        r.tests.map((t) => [
          t.test,
          ...(["sensitivity", "specificity", "ppv", "npv", "accuracy"] as const).map((k) =>
            deff(t.clusterRobust![k]),
          ),
        ]),
      ),
    );
    const notes = new Set(
      r.tests
        .flatMap((t) => Object.values(t.clusterRobust!).map((p) => p.note))
        .filter((n): n is string => n !== null),
    );
    for (const n of notes) out.push(`  (— ${n})`);
  }
  const rules = r.tests.filter((t) => t.rule !== null);
  if (rules.length > 0) {
    out.push("");
    for (const t of rules) {
      out.push(
        `Combination ${t.test}: positive when ${t.rule!.operator === "any" ? "any" : "all"} of ${t.rule!.operands.join(", ")} ${t.rule!.operator === "any" ? "is" : "are"} positive (per ${r.level === "patient" ? "lesion, then aggregated to patients" : "lesion"})`,
      );
    }
  }
  for (const c of r.comparisons) {
    out.push("");
    out.push(...comparison(c, unit));
  }
  if (r.warnings.length > 0) {
    out.push("");
    for (const w of r.warnings) out.push(...wrap(`Warning: ${w}`, outputWidth(), "", "  "));
  }
  return `${out.join("\n")}\n`;
}
