// `ranokit cohort` as text: per criteria set the best-response counts, rates with their CIs, the
// Kaplan–Meier summaries and the PFS curve as a small table (one row per event time), wrapped to the
// output width; then the disagreement between criteria sets and a legend.
import type { CohortSummary } from "../../endpoints/cohort.ts";
import type { KaplanMeier } from "../../endpoints/kaplan-meier.ts";
import type { ProportionEstimate } from "../../endpoints/proportion-ci.ts";
import { layoutColumns, plural, wrap } from "./layout.ts";

const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(1)}%`);

export function prop(p: ProportionEstimate): string {
  if (p.estimate === null) return "undefined (no patients)";
  return `${pct(p.estimate)} (${p.count}/${p.total}), 95% CI ${pct(p.lower)}–${pct(p.upper)}`;
}

function km(k: KaplanMeier): string {
  const med = k.median === null ? "not reached" : `${k.median} days`;
  const lo = k.medianLower === null ? "NR" : String(k.medianLower);
  const hi = k.medianUpper === null ? "NR" : String(k.medianUpper);
  return `${plural(k.n, "patient")}, ${plural(k.events, "event")}, ${k.censored} censored; median ${med} (95% CI ${lo}–${hi}, ${k.confType} transform)`;
}

const LABEL = 28;

export function formatSummary(s: CohortSummary, perPatient: boolean, width: number): string[] {
  const b = s.bestResponse;
  const field = (label: string, value: string) =>
    wrap(value, width, `  ${label.padEnd(LABEL)}`, " ".repeat(LABEL + 2));
  const lines = [
    ...wrap(`Cohort · ${s.criteria} · ${plural(s.n, "patient")}`, width),
    ...field(
      "Best overall response",
      `CR ${b.CR} · PR ${b.PR} · MR ${b.MR} · SD ${b.SD} · PD ${b.PD} · NE ${b.NE}`,
    ),
    ...field("ORR (CR+PR)", prop(s.orr)),
    ...field("ORR including MR", prop(s.orrWithMr)),
    ...field("DCR (CR+PR+MR+SD)", prop(s.dcr)),
    ...field("PFS (days from T0)", km(s.pfs)),
    ...field("DOR (days)", s.dor ? km(s.dor) : "no confirmed responders"),
    ...pfsCurve(s.pfs, width),
  ];
  if (perPatient) {
    const rows = s.patients.map((p) => [
      p.patientId,
      `${p.bestOverallResponse}${p.confirmed ? " (conf.)" : ""}`,
      p.progressionDate ?? "—",
      `${p.pfsDays}${p.pfsEvent ? "" : "+"}`,
      p.dorDays === null ? "—" : `${p.dorDays}${p.dorEvent ? "" : "+"}`,
    ]);
    const t = layoutColumns(
      [
        { header: "patient" },
        { header: "BOR" },
        { header: "progression" },
        { header: "PFS days", right: true },
        { header: "DOR days" },
      ],
      rows,
      width,
      { indent: "  ", minLast: 1 },
    );
    lines.push("  Patients", t.header, ...t.rows.flatMap((r) => r.line), "  (+ = censored)");
  }
  return lines;
}

/** The Kaplan–Meier PFS estimate at each event time, with its CI and the number at risk. */
function pfsCurve(k: KaplanMeier, width: number): string[] {
  const steps = k.steps.filter((x) => x.events > 0);
  if (steps.length === 0) return [`  PFS curve: no events, 100% throughout (${plural(k.n, "patient")})`];
  const t = layoutColumns(
    [
      { header: "day", right: true },
      { header: "PFS", right: true },
      { header: "95% CI" },
      { header: "at risk", right: true },
      { header: "events", right: true },
    ],
    steps.map((x) => [
      String(x.time),
      pct(x.survival),
      `${pct(x.lower)}–${pct(x.upper)}`,
      String(x.atRisk),
      String(x.events),
    ]),
    width,
    { indent: "    ", minLast: 1 },
  );
  return [`  PFS curve (Kaplan–Meier, at each event time)`, t.header, ...t.rows.flatMap((r) => r.line)];
}
