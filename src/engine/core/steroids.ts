// Corticosteroid doses normalised to dexamethasone-equivalent (STER-1) and looked up by date.
import type { SteroidAgent, SteroidDose } from "../model/case.ts";

/** Dose equivalent to dexamethasone 0.75 mg (standard glucocorticoid potency equivalences, STER-1). */
const EQUIVALENT_TO_DEX_075_MG: Record<SteroidAgent, number> = {
  dexamethasone: 0.75,
  methylprednisolone: 4,
  prednisolone: 5,
  prednisone: 5,
  hydrocortisone: 20,
};

/** Dexamethasone-equivalent dose in µg/day (an integer, so dose comparisons are exact). */
export function dexEqUgPerDay(agent: SteroidAgent, doseMgPerDay: number): number {
  return Math.round((doseMgPerDay * 1000 * 0.75) / EQUIVALENT_TO_DEX_075_MG[agent]);
}

export interface SteroidTimeline {
  /** Dex-eq µg/day in force on a date (0 before the first record). */
  doseOn(date: string): number;
  /** First date of the uninterrupted run, ending on `date`, during which the dose exceeded `aboveUg`. */
  exceededSince(date: string, aboveUg: number): string | null;
}

export function steroidTimeline(records: ReadonlyArray<SteroidDose>): SteroidTimeline {
  const sorted = [...records]
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    .map((r) => ({ date: r.date, ug: dexEqUgPerDay(r.agent, r.doseMgPerDay) }));
  const indexOn = (date: string): number => {
    let idx = -1;
    for (let i = 0; i < sorted.length; i++) {
      if (sorted[i]!.date <= date) idx = i;
      else break;
    }
    return idx;
  };
  return {
    doseOn(date) {
      const i = indexOn(date);
      return i < 0 ? 0 : sorted[i]!.ug;
    },
    exceededSince(date, aboveUg) {
      let i = indexOn(date);
      if (i < 0 || sorted[i]!.ug <= aboveUg) return null;
      while (i > 0 && sorted[i - 1]!.ug > aboveUg) i--;
      return sorted[i]!.date;
    },
  };
}

export function ugToMg(ug: number): number {
  return ug / 1000;
}
