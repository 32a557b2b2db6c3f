// Text rendering of the advisory pseudoprogression work-up block (src/workup), printed as its own
// section after a patient's assessment table.
import type { Probability } from "../../workup/bayes.ts";
import type { MarkerFinding, WorkupBlock } from "../../workup/workup.ts";
import { outputWidth, wrap } from "./layout.ts";

const pc = (p: number) => `${(Math.round(p * 1000) / 10).toFixed(1)}%`;
export const probabilityText = (p: Probability) =>
  "probability" in p ? pc(p.probability) : `${pc(p.low)}–${pc(p.high)}`;
const num = (v: number) => String(Math.round(v * 1000) / 1000);

const CALL_TEXT: Record<MarkerFinding["call"], string> = {
  favours_tumour: "favours tumour",
  favours_treatment_effect: "favours treatment effect",
  indeterminate: "indeterminate (inside the range of reported cut-offs)",
  no_threshold: "no call",
};

function thresholdText(f: MarkerFinding): string {
  if (!f.threshold) return "";
  const op = f.direction === "higher" ? "≥" : "≤";
  return "value" in f.threshold
    ? ` (tumour if ${op} ${num(f.threshold.value)})`
    : ` (reported cut-offs ${num(f.threshold.low)}–${num(f.threshold.high)})`;
}

/** The block, every line word-wrapped to `width` with a hanging indent (like the assessment table). */
export function formatWorkup(blocks: readonly WorkupBlock[], width = outputWidth()): string {
  if (blocks.length === 0) return "";
  const lines = workupLines(blocks);
  const out: string[] = [];
  for (const line of lines) {
    if (line.length <= width) {
      out.push(line);
      continue;
    }
    const indent = /^ */.exec(line)![0];
    out.push(...wrap(line.slice(indent.length), width, indent, `${indent}    `));
  }
  return `${out.join("\n")}\n`;
}

function workupLines(blocks: readonly WorkupBlock[]): string[] {
  const out: string[] = ["  Pseudoprogression work-up (advisory)"];
  for (const b of blocks) {
    out.push(`    ${b.date} · ${b.triggers.join("; ")}`);
    const c = b.context;
    const ctx = [
      c.daysSinceRtEnd !== null
        ? `${c.daysSinceRtEnd} days after RT end ${c.rtEnd}`
        : "no radiotherapy before this scan",
      `MGMT ${c.mgmt}`,
      `IDH ${c.idh}`,
      c.symptomatic === null ? "symptoms not recorded" : c.symptomatic ? "symptomatic" : "not symptomatic",
      ...(c.steroidDexEqMgPerDay !== null ? [`dexamethasone-eq ${c.steroidDexEqMgPerDay} mg/day`] : []),
    ];
    out.push(`      context: ${ctx.join("; ")}`);
    for (const n of c.notes) out.push(`        · ${n}`);
    const pre = b.pretest;
    out.push(
      `      pre-test probability of true progression: ${pre.kind === "band" ? `${pc(pre.low)}–${pc(pre.high)}` : pc(pre.probability)} (${pre.source})`,
    );
    if (b.findings.length === 0) out.push("      no advanced-imaging marker recorded at this assessment");
    // One line per marker with its source, then one line per lesion measured.
    const shown = new Set<string>();
    for (const f of b.findings) {
      if (shown.has(f.marker)) continue;
      shown.add(f.marker);
      out.push(`      ${f.label}${thresholdText(f)} — ${f.source}${f.note ? `; ${f.note}` : ""}`);
      for (const g of b.findings) {
        if (g.marker !== f.marker) continue;
        const lr =
          g.lr === null ? "" : `; LR ${g.lr.toFixed(2)} → ${g.postTest ? probabilityText(g.postTest) : "–"}`;
        out.push(
          `        ${g.lesionId} ${num(g.value)}${g.unit === "ratio" ? "" : ` ${g.unit}`}: ${CALL_TEXT[g.call]}${lr}`,
        );
      }
    }
    for (const q of b.qualitative) out.push(`      ${q}`);
    for (const m of b.model) {
      const cv = m.crossValidatedAuc;
      const auc = `cross-validated AUC ${num(cv.auc)}${cv.lower !== null ? ` (95% CI ${num(cv.lower)}–${num(cv.upper!)})` : ""}`;
      out.push(
        m.probability !== null
          ? `      ${m.lesionId} combined model: probability of true progression ${pc(m.probability)} (${auc})`
          : `      ${m.lesionId} combined model: not applicable, missing ${m.missing.join(", ")}`,
      );
    }
    if (b.findings.filter((f) => f.lr !== null).length > 1)
      out.push(
        "      (each marker's post-test probability is shown alone: the markers are correlated, LRs are not multiplied)",
      );
    for (const x of b.confirmation) out.push(`      confirmation: ${x}`);
    for (const w of b.warnings) out.push(`      ! ${w.message}${w.path ? ` (${w.path})` : ""}`);
    out.push(`      ${b.statement}`);
  }
  return out;
}
