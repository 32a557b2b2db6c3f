// `ranokit pool`: random-effects pooled sensitivity and specificity across published studies
// (logit scale, DerSimonian–Laird), with τ², Cochran's Q and I², from a CSV study,tp,fp,fn,tn.
// The use case is src/app/pooled-accuracy.ts.
import type { Command } from "commander";
import { pooledAccuracy } from "../../app/pooled-accuracy.ts";
import { readCsvTable } from "../../io/csv-table.ts";
import type { PooledProportion } from "../../stats/pooling/index.ts";
import { plural } from "../format/layout.ts";
import { checkFormat, fmt, pct, writeJson } from "../format/stats.ts";
import { pValue } from "./roc.ts";

export function register(program: Command): void {
  program
    .command("pool")
    .description("pooled sensitivity and specificity across studies (random effects, DerSimonian–Laird)")
    .argument("<file>", "CSV with columns study,tp,fp,fn,tn (one row per study)")
    .option("-f, --format <format>", "table | json", "table")
    .action((file: string, opts: { format: string }) => {
      const format = checkFormat(opts.format);
      const { studies, pooled: r } = pooledAccuracy(readCsvTable(file));
      if (format === "json") {
        writeJson({ file, method: "random effects, logit scale, DerSimonian–Laird", ...r });
        return;
      }
      const out = [
        `Pooled diagnostic accuracy · ${file} · ${r.k} ${r.k === 1 ? "study" : "studies"} · random effects (DerSimonian–Laird, logit scale)`,
        "  study                  TP    FP    FN    TN   sensitivity  specificity",
        ...studies.map((s, i) => {
          const se = r.sensitivity.studies[i]!;
          const sp = r.specificity.studies[i]!;
          return `  ${s.study.slice(0, 20).padEnd(20)} ${[s.tp, s.fp, s.fn, s.tn].map((x) => String(x).padStart(5)).join(" ")}   ${pct(se.estimate).padEnd(12)} ${pct(sp.estimate)}${se.corrected ? "  (+0.5 continuity correction)" : ""}`;
        }),
        "",
        `Pooled sensitivity  ${pooled(r.sensitivity)}`,
        `Pooled specificity  ${pooled(r.specificity)}`,
      ];
      if (r.correctedStudies.length > 0)
        out.push(
          `0.5 was added to every cell of ${plural(r.correctedStudies.length, "study", "studies")} with a zero cell.`,
        );
      process.stdout.write(`${out.join("\n")}\n`);
    });
}

function pooled(p: PooledProportion): string {
  const het =
    p.q === null
      ? "heterogeneity undefined with a single study"
      : `τ² ${fmt(p.tau2, 4)}, Q ${fmt(p.q, 2)} (df ${p.df}, ${pValue(p.pQ!)}), I² ${pct(p.i2)}`;
  return `${pct(p.estimate)} (95% CI ${pct(p.lower)}–${pct(p.upper)}); ${het}`;
}
