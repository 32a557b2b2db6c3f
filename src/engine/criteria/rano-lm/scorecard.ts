// The MRI scorecard (Table 3, 2017): up to 5 targets chosen at baseline, change scores −3…+3 per target,
// measurable nodules scored from their summed products (> 50 % decrease +2, > 25 % increase −2,
// resolved +3), new sites −3, and the composite call (LM-IMG-3…7; arithmetic per AMB-22).
import { decreasedByMoreThan, increasedByMoreThan, mmToUm } from "../../core/exact.ts";
import { MRI_RECORDED_ONLY, type MriScorecard } from "../../model/lm.ts";

export interface ImagingResult {
  call: "CR" | "PR" | "SD" | "PD" | "NE";
  rules: string[];
  text: string;
  scores: Record<string, number>;
  composite: number | null;
}

type Target = MriScorecard["targets"][number];

export function isMeasurableNodule(t: Target, rule: "at_least" | "more_than"): boolean {
  if (!t.diametersMm || !t.item.endsWith("nodules")) return false;
  const [a, b] = t.diametersMm.map(mmToUm).sort((x, y) => x - y) as [number, number];
  return rule === "at_least" ? a >= 5000 && b >= 10_000 : a > 5000 && b > 10_000;
}

const product = (t: Target | undefined) =>
  t?.diametersMm ? mmToUm(t.diametersMm[0]) * mmToUm(t.diametersMm[1]) : 0;

export function evaluateScorecard(
  baseline: MriScorecard | undefined,
  current: MriScorecard | undefined,
  rule: "at_least" | "more_than",
): ImagingResult {
  const rules = ["LM-IMG-3", "LM-IMG-5", "LM-IMG-7", "AMB-22"];
  if (!baseline) return { call: "NE", rules, text: "no baseline MRI scorecard", scores: {}, composite: null };
  if (!current?.performed) return { call: "NE", rules, text: "MRI not done", scores: {}, composite: null };
  const targets = baseline.targets;
  const nodules = targets.filter((t) => isMeasurableNodule(t, rule)).map((t) => t.id);
  const byId = new Map(current.targets.map((t) => [t.id, t]));
  const scores: Record<string, number> = {};
  const missing: string[] = [];
  // LM-IMG-6: measurable nodules are judged together on their summed products vs baseline (strict).
  let noduleScore = 0;
  if (nodules.length > 0) {
    rules.push("LM-IMG-4", "LM-IMG-6");
    const base = nodules.reduce((s, id) => s + product(targets.find((t) => t.id === id)), 0);
    const measuredAll = nodules.every((id) => byId.get(id)?.diametersMm !== undefined);
    if (measuredAll) {
      const now = nodules.reduce((s, id) => s + product(byId.get(id)), 0);
      noduleScore =
        now === 0 ? 3 : decreasedByMoreThan(now, base, 50) ? 2 : increasedByMoreThan(now, base, 25) ? -2 : 0;
    }
  }
  for (const t of targets) {
    const now = byId.get(t.id);
    if (nodules.includes(t.id)) {
      if (!now?.diametersMm) missing.push(t.id);
      else scores[t.id] = product(now) === 0 ? 3 : noduleScore;
    } else if (now?.changeScore !== undefined) scores[t.id] = now.changeScore;
    else missing.push(t.id);
  }
  if (missing.length > 0) {
    return { call: "NE", rules, text: `target(s) ${missing.join(", ")} not scored`, scores, composite: null };
  }
  const n = targets.length;
  const cmax = 3 * n;
  const composite = Object.values(scores).reduce((s, v) => s + v, 0) - 3 * current.newSites;
  const lines = `composite ${composite >= 0 ? "+" : ""}${composite} of ±${cmax}${current.newSites > 0 ? `, ${current.newSites} new site(s)` : ""}`;
  const anyDefiniteWorse = Object.values(scores).some((v) => v <= -2);
  if (current.newSites > 0 || anyDefiniteWorse || (cmax > 0 && 100 * composite <= -25 * cmax)) {
    return {
      call: "PD",
      rules,
      text: `radiographic progression (${lines}${anyDefiniteWorse ? "; a target definitely worse" : ""})`,
      scores,
      composite,
    };
  }
  const residual = Object.entries(current.items).some(
    ([item, v]) => v === "present" && !MRI_RECORDED_ONLY.has(item),
  );
  if (n > 0 && Object.values(scores).every((v) => v === 3) && !residual) {
    return {
      call: "CR",
      rules,
      text: `all baseline radiographic abnormalities resolved (${lines})`,
      scores,
      composite,
    };
  }
  if (cmax > 0 && 100 * composite >= 50 * cmax) {
    return { call: "PR", rules, text: `radiographic partial response (${lines})`, scores, composite };
  }
  return { call: "SD", rules, text: `radiographically stable (${lines})`, scores, composite };
}
