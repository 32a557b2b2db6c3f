// The standardised neurological examination (Table 1): domain levels, worst-area scoring with
// pre-existing deficits excluded (LM-NEURO-2), progression (LM-NEURO-3), attribution (LM-NEURO-4) and
// improvement (LM-NEURO-5).
import { type DomainScore, NEURO_DOMAIN_LEVELS, type NeuroDomain, type NeuroExam } from "../../model/lm.ts";

export interface NeuroResult {
  status: "PD" | "improved" | "stable" | "NE";
  rules: string[];
  /** One line per domain that changed, e.g. "gait 2 → 3 (reaches level 3)". */
  details: string[];
  /** The changes that qualify as progression (LM-NEURO-3), a subset of `details`. */
  progressing: string[];
  /** Worsening that would be progression but is not attributed to LM. */
  notDueToLm: string[];
}

/** Level of a domain: its given level, or the worst of its areas, excluding pre-existing deficits. */
export function domainLevel(score: DomainScore, preExisting: ReadonlySet<string>): number | null {
  if (score.areas) {
    const levels = Object.entries(score.areas)
      .filter(([area]) => !preExisting.has(area))
      .map(([, v]) => v);
    return levels.length > 0 ? Math.max(...levels) : 0;
  }
  return score.level ?? null;
}

/** The "moves to" level: 3 in 4-level domains, 2 in 3-level domains (LM-NEURO-3). */
export function progressionLevel(domain: NeuroDomain): number {
  return NEURO_DOMAIN_LEVELS[domain] - 1;
}

export function compareExam(baseline: NeuroExam | undefined, current: NeuroExam | undefined): NeuroResult {
  if (!baseline || !current) {
    return {
      status: "NE",
      rules: ["LM-NEURO-1"],
      details: [!baseline ? "no baseline exam" : "exam not done"],
      progressing: [],
      notDueToLm: [],
    };
  }
  const rules = ["LM-NEURO-1", "LM-NEURO-3"];
  const details: string[] = [];
  const progressing: string[] = [];
  const notDueToLm: string[] = [];
  let pd = false;
  let better = 0;
  let worse = 0;
  let compared = 0;
  for (const [domain, base] of Object.entries(baseline.domains) as Array<
    [NeuroDomain, DomainScore | undefined]
  >) {
    const now = current.domains[domain];
    if (!base || !now) continue;
    // Pre-existing deficits noted at baseline stay excluded at every follow-up (LM-NEURO-2).
    const preExisting = new Set([...base.preExistingAreas, ...now.preExistingAreas]);
    if (preExisting.size > 0 && !rules.includes("LM-NEURO-2")) rules.push("LM-NEURO-2");
    const b = domainLevel(base, preExisting);
    const c = domainLevel(now, preExisting);
    if (b === null || c === null) continue;
    compared++;
    const name = domain.replace("_", " ");
    const top = progressionLevel(domain);
    const reasons: string[] = [];
    if (c - b >= 2) reasons.push(`worse by ${c - b} levels`);
    if (c >= top && b < top) reasons.push(`reaches level ${top}`);
    if (reasons.length > 0) {
      const text = `${name} ${b} → ${c} (${reasons.join(", ")})`;
      if (now.attributedToLM) {
        pd = true;
        details.push(text);
        progressing.push(text);
      } else {
        notDueToLm.push(`${text}, not attributed to LM`);
        if (!rules.includes("LM-NEURO-4")) rules.push("LM-NEURO-4");
      }
    } else if (c > b) {
      if (now.attributedToLM) worse++;
      details.push(`${name} ${b} → ${c}`);
    } else if (c < b) {
      better++;
      details.push(`${name} ${b} → ${c}`);
    }
  }
  if (compared === 0)
    return {
      status: "NE",
      rules,
      details: ["no domain scored at both baseline and follow-up"],
      progressing,
      notDueToLm,
    };
  if (pd) return { status: "PD", rules, details, progressing, notDueToLm };
  rules.push("LM-NEURO-5", "AMB-19");
  // AMB-19: improved = at least one domain better and none worse; everything else is stable.
  return {
    status: better > 0 && worse === 0 ? "improved" : "stable",
    rules,
    details,
    progressing,
    notDueToLm,
  };
}
