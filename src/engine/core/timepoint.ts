// A time-point result before any rule has spoken: every criteria walk starts each row from this.
import type { TimepointResult } from "../model/result.ts";

export function blankTimepoint(
  date: string,
  kind: TimepointResult["kind"],
  steroidDexEqMgPerDay: number,
  clinicalStatus: string | null = null,
): TimepointResult {
  return {
    date,
    kind,
    label: null,
    finalLabel: null,
    status: "none",
    components: [],
    reference: null,
    changePct: null,
    rules: [],
    explanation: "",
    warnings: [],
    steroidDexEqMgPerDay,
    clinicalStatus,
  };
}
