// Kaplan–Meier product-limit estimate with Greenwood's variance, pointwise confidence intervals and the
// median with the Brookmeyer–Crowley interval, computed as R's survival::survfit does (conf.type
// "log" by default, "log-log" as an option), so results can be checked against R.
import jstatModule from "jstat";

const { jStat } = jstatModule as unknown as typeof import("jstat");

export interface Observation {
  /** Time from origin (e.g. days from T0). */
  time: number;
  /** true = event (progression or death), false = censored. */
  event: boolean;
}

export interface KmStep {
  time: number;
  atRisk: number;
  events: number;
  censored: number;
  survival: number;
  /** Greenwood standard error of the survival estimate. */
  stdErr: number;
  lower: number;
  upper: number;
}

export interface KaplanMeier {
  steps: KmStep[];
  n: number;
  events: number;
  censored: number;
  /** Median time; null when the curve never falls to 0.5 (not reached). */
  median: number | null;
  medianLower: number | null;
  medianUpper: number | null;
  confType: "log" | "log-log";
  level: number;
}

export function kaplanMeier(
  obs: ReadonlyArray<Observation>,
  confType: "log" | "log-log" = "log",
  level = 0.95,
): KaplanMeier {
  for (const o of obs)
    if (!Number.isFinite(o.time) || o.time < 0) throw new RangeError(`invalid time ${o.time}`);
  const z = jStat.normal.inv(1 - (1 - level) / 2, 0, 1);
  // One pass over the observations sorted by time (O(n log n)).
  const sorted = [...obs].sort((a, b) => a.time - b.time);
  let atRisk = obs.length;
  let s = 1;
  let greenwood = 0; // Σ d / (n (n − d))
  const steps: KmStep[] = [];
  for (let i = 0; i < sorted.length; ) {
    const t = sorted[i]!.time;
    let d = 0;
    let c = 0;
    for (; i < sorted.length && sorted[i]!.time === t; i++) {
      if (sorted[i]!.event) d++;
      else c++;
    }
    if (d > 0) {
      s *= 1 - d / atRisk;
      greenwood += atRisk === d ? Number.POSITIVE_INFINITY : d / (atRisk * (atRisk - d));
    }
    const seLog = Math.sqrt(greenwood); // standard error of log S (R's std.err before scaling)
    let lower = s;
    let upper = s;
    if (s > 0 && Number.isFinite(seLog)) {
      if (confType === "log") {
        lower = s * Math.exp(-z * seLog);
        upper = Math.min(1, s * Math.exp(z * seLog));
      } else {
        const seLogLog = seLog / Math.abs(Math.log(s));
        lower = s === 1 ? 1 : s ** Math.exp(z * seLogLog);
        upper = s === 1 ? 1 : s ** Math.exp(-z * seLogLog);
      }
    } else if (s === 0) {
      lower = 0;
      upper = 0;
    }
    steps.push({ time: t, atRisk, events: d, censored: c, survival: s, stdErr: s * seLog, lower, upper });
    atRisk -= d + c;
  }
  // Median and its interval: first time each curve reaches 0.5 or below (as survfit's quantile()).
  // A curve exactly at 0.5 over an interval gives the midpoint to the next event time, as R does.
  const eventSteps = steps.filter((k) => k.events > 0);
  const firstAtOrBelowHalf = (pick: (k: KmStep) => number): number | null => {
    const i = eventSteps.findIndex((k) => pick(k) <= 0.5 + 1e-12);
    if (i < 0) return null;
    const k = eventSteps[i]!;
    const next = eventSteps[i + 1];
    return Math.abs(pick(k) - 0.5) < 1e-12 && next ? (k.time + next.time) / 2 : k.time;
  };
  const events = obs.filter((o) => o.event).length;
  return {
    steps: steps.filter((k) => k.events > 0 || k.censored > 0),
    n: obs.length,
    events,
    censored: obs.length - events,
    median: firstAtOrBelowHalf((k) => k.survival),
    medianLower: firstAtOrBelowHalf((k) => k.lower),
    medianUpper: firstAtOrBelowHalf((k) => k.upper),
    confType,
    level,
  };
}
