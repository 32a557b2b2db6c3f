// `ranokit cohort`: trial endpoints over many cases under one or several criteria sets.
import type { Command } from "commander";
import {
  type CohortPatientResult,
  type CohortSummary,
  type cohortDefaults,
  cohortEntry,
  disagreementRates,
  summariseCohort,
} from "../../endpoints/cohort.ts";
import type { KaplanMeier } from "../../endpoints/kaplan-meier.ts";
import type { ProportionEstimate } from "../../endpoints/proportion-ci.ts";
import { type CriteriaModule, getCriteria } from "../../engine/index.ts";
import { streamCases } from "../../io/read-cases.ts";
import { out, writeJson } from "../output.ts";
import { ProblemReport, validCases } from "../problems.ts";
import { UsageError } from "./assess.ts";

export function register(program: Command): void {
  program
    .command("cohort")
    .description(
      "best response, ORR/DCR with 95% CI, Kaplan–Meier PFS and DOR, and criteria disagreement for a cohort",
    )
    .argument("[inputs...]", "case .json files, folders, .ndjson files, or - for NDJSON on stdin", ["-"])
    .option("-c, --criteria <ids>", "comma-separated criteria ids", "rano2")
    .option("--ci <method>", "binomial CI: clopper-pearson | wilson", "clopper-pearson")
    .option("--km-ci <type>", "Kaplan–Meier CI transform: log | log-log", "log")
    .option("-f, --format <format>", "table | json", "table")
    .option("--per-patient", "list every patient's endpoints in the table")
    .action(
      async (
        inputs: string[],
        opts: { criteria: string; ci: string; kmCi: string; format: string; perPatient?: boolean },
      ) => {
        if (opts.ci !== "clopper-pearson" && opts.ci !== "wilson")
          throw new UsageError(`--ci must be clopper-pearson or wilson`);
        if (opts.kmCi !== "log" && opts.kmCi !== "log-log")
          throw new UsageError(`--km-ci must be log or log-log`);
        if (opts.format !== "table" && opts.format !== "json")
          throw new UsageError(`--format must be table or json`);
        const modules = opts.criteria.split(",").map((id) => getCriteria(id.trim()));
        const byCriteria = new Map<string, Map<number, CohortPatientResult>>(
          modules.map((m) => [m.id, new Map()]),
        );
        const excluded = new Map<string, number>(modules.map((m) => [m.id, 0]));
        const report = new ProblemReport();
        // Streamed: only the endpoint fields of each result are kept, never the cases or time points.
        for await (const v of validCases(streamCases(inputs), report)) {
          const c = v.case;
          // A patient is in every criteria set's cohort or in none, so disagreement compares the same
          // patients: an internal error under one criteria set removes the patient from all.
          let current = "";
          const entries = report.isolate(
            v,
            () => `assessing under ${current}`,
            () =>
              modules.map((m) => {
                current = m.name;
                return applies(m, c) ? cohortEntry(m.assess(c)) : null;
              }),
          );
          if (!entries) continue;
          modules.forEach((m, k) => {
            const e = entries[k];
            if (e) byCriteria.get(m.id)!.set(v.index, e);
            else excluded.set(m.id, excluded.get(m.id)! + 1);
          });
        }
        if (report.records === 0) return report.finish();
        const invalid = report.invalid + report.failed;
        const options = { ciMethod: opts.ci, kmConfType: opts.kmCi } as typeof cohortDefaults;
        const summaries = modules.map((m) => summariseCohort([...byCriteria.get(m.id)!.values()], options));
        const disagreements = modules.length > 1 ? disagreementRates(byCriteria, options.ciMethod) : [];
        if (opts.format === "json") {
          await writeJson({ summaries, disagreements, invalid, excluded: Object.fromEntries(excluded) });
        } else {
          for (const s of summaries) await out(`${formatSummary(s, opts.perPatient === true)}\n`);
          for (const m of modules) {
            const x = excluded.get(m.id)!;
            if (x > 0)
              await out(`(${x} case(s) not assessed under ${m.name}: tumour type outside its scope)\n`);
          }
          if (disagreements.length > 0) {
            await out("Disagreement between criteria (same patients)\n");
            for (const d of disagreements) {
              await out(
                `  ${d.a} vs ${d.b} (n = ${d.n}): best response differs ${prop(d.bestResponseDiffers)}; progression date differs ${prop(d.progressionDateDiffers)}\n`,
              );
            }
          }
        }
        report.finish();
      },
    );
}

function applies(m: CriteriaModule, c: Parameters<CriteriaModule["assess"]>[0]): boolean {
  return m.appliesTo
    ? m.appliesTo(c) || m.tumorTypes.includes(c.patient.tumorType)
    : m.tumorTypes.includes(c.patient.tumorType);
}

const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(1)}%`);
export function prop(p: ProportionEstimate): string {
  if (p.estimate === null) return `undefined (no patients)`;
  return `${pct(p.estimate)} (${p.count}/${p.total}), 95% CI ${pct(p.lower)}–${pct(p.upper)}`;
}

function km(k: KaplanMeier, unit: string): string {
  const med = k.median === null ? "not reached" : `${k.median} ${unit}`;
  const lo = k.medianLower === null ? "NR" : String(k.medianLower);
  const hi = k.medianUpper === null ? "NR" : String(k.medianUpper);
  return `${k.n} patients, ${k.events} events, ${k.censored} censored; median ${med} (95% CI ${lo}–${hi}, ${k.confType} transform)`;
}

export function formatSummary(s: CohortSummary, perPatient: boolean): string {
  const b = s.bestResponse;
  const lines = [
    `Cohort · ${s.criteria} · ${s.n} patients`,
    `  Best overall response     CR ${b.CR} · PR ${b.PR} · MR ${b.MR} · SD ${b.SD} · PD ${b.PD} · NE ${b.NE}`,
    `  Objective response (CR+PR) ${prop(s.orr)}`,
    `  ORR including MR          ${prop(s.orrWithMr)}`,
    `  Disease control (+SD)     ${prop(s.dcr)}`,
    `  PFS (days from T0)        ${km(s.pfs, "days")}`,
    `  Duration of response      ${s.dor ? km(s.dor, "days") : "no confirmed responders"}`,
    `  PFS curve: ${s.pfs.steps
      .filter((k) => k.events > 0)
      .map((k) => `${k.time} d ${pct(k.survival)} [${pct(k.lower)}–${pct(k.upper)}] (${k.atRisk} at risk)`)
      .join("; ")}`,
  ];
  if (perPatient) {
    lines.push("  patient            BOR          progression  PFS days  DOR days");
    for (const p of s.patients) {
      lines.push(
        `  ${p.patientId.padEnd(18)} ${`${p.bestOverallResponse}${p.confirmed ? " (conf.)" : ""}`.padEnd(12)} ${(p.progressionDate ?? "—").padEnd(12)} ${`${p.pfsDays}${p.pfsEvent ? "" : "+"}`.padEnd(9)} ${p.dorDays === null ? "—" : `${p.dorDays}${p.dorEvent ? "" : "+"}`}`,
      );
    }
    lines.push("  (+ = censored)");
  }
  return lines.join("\n");
}
