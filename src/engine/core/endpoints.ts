// Trial endpoints from the final labels (END-BOR, END-PFS, END-DOR, END-TTR). Shared by all criteria.
import type { CourseEvent } from "../model/case.ts";
import type {
  BestOverallResponse,
  Label,
  Progression,
  TimepointResult,
  TimeToEvent,
  Warning,
} from "../model/result.ts";
import { daysBetween } from "./dates.ts";
import { confirmingRow, responseRank } from "./durability.ts";

export interface EndpointOptions {
  sdMinDays: number;
  responseConfirmDays: number;
  missedVisitsForCensor: number;
  unconfirmedAtCutoff: "censor" | "event";
  newTherapy: "censor" | "event";
  /** Criteria with a minor-response category (RANO 2.0 non-enhancing disease, RANO-LGG). */
  minorResponse: boolean;
}

export interface EndpointInput {
  t0: string;
  rows: ReadonlyArray<TimepointResult>;
  progression: Progression;
  /** Date of a PD-P still unconfirmed at the last assessment. */
  unconfirmedAnchor: string | null;
  events: ReadonlyArray<CourseEvent>;
  /** Why follow-ups are still pending (e.g. the steroid rule), said in the best response and censoring. */
  pending?: string | null;
}

export interface Endpoints {
  bestOverallResponse: BestOverallResponse;
  pfs: TimeToEvent;
  dor: TimeToEvent | null;
  timeToResponseDays: number | null;
  /** END-PFS-6 / END-DOR-2: times that would have been negative, set to 0 and flagged. */
  warnings: Warning[];
}

const LEVEL_LABEL: Record<number, "MR" | "PR" | "CR"> = { 1: "MR", 2: "PR", 3: "CR" };

const isAdequate = (r: TimepointResult) =>
  r.kind === "follow_up" &&
  (r.finalLabel === "CR" || r.finalLabel === "PR" || r.finalLabel === "MR" || r.finalLabel === "SD");

function lastAdequateBefore(
  rows: ReadonlyArray<TimepointResult>,
  date: string | null,
): TimepointResult | null {
  let best: TimepointResult | null = null;
  for (const r of rows) if (isAdequate(r) && (date === null || r.date < date)) best = r;
  return best;
}

export function deriveEndpoints(input: EndpointInput, o: EndpointOptions): Endpoints {
  const { t0, rows } = input;
  const newTherapy =
    input.events
      .filter((e) => e.type === "new_anticancer_therapy")
      .map((e) => e.date)
      .sort()[0] ?? null;
  const death =
    input.events
      .filter((e) => e.type === "death")
      .map((e) => e.date)
      .sort()[0] ?? null;
  const pdDate = input.progression.date;

  // END-BOR-1: the window ends at progression or at the start of new anticancer therapy.
  const inWindow: TimepointResult[] = [];
  const windowIdx: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (
      r.kind === "follow_up" &&
      (newTherapy === null || r.date < newTherapy) &&
      (pdDate === null || r.date < pdDate)
    ) {
      inWindow.push(r);
      windowIdx.push(i); // each row object appears once in rows
    }
  }

  let bor: BestOverallResponse | null = null;
  let runStart: TimepointResult | null = null;
  for (const level of o.minorResponse ? [3, 2, 1] : [3, 2]) {
    const first = windowIdx.find((i) => confirmingRow(rows, i, level, o.responseConfirmDays) !== null);
    if (first === undefined) continue;
    // END-DOR-1: the response run starts at the first responding scan before the confirmed one.
    const responding = (l: Label | null) => responseRank(l) >= (level === 1 ? 1 : 2);
    let s = first;
    for (let k = first - 1; k >= 0; k--) {
      const r = rows[k]!;
      if (r.kind !== "follow_up") break;
      if (r.finalLabel === "NE") continue;
      if (!responding(r.finalLabel)) break;
      s = k;
    }
    runStart = rows[s]!;
    const cat = LEVEL_LABEL[level]!;
    bor = {
      category: cat,
      confirmed: true,
      date: rows[first]!.date,
      rules: ["END-BOR-2", "RANO2-DUR-1", `ROLE-${cat}`],
      reason: `${cat} on ${rows[first]!.date} confirmed by a later scan ≥ ${o.responseConfirmDays} days after`,
    };
    break;
  }
  if (!bor) {
    const sd = inWindow.find(
      (r) =>
        (["SD", "CR", "PR", "MR"] as Array<Label | null>).includes(r.finalLabel) &&
        daysBetween(t0, r.date) >= o.sdMinDays,
    );
    if (sd) {
      const unconfirmed = sd.finalLabel !== "SD" ? ` (unconfirmed ${sd.finalLabel} counts as SD)` : "";
      bor = {
        category: "SD",
        confirmed: false,
        date: sd.date,
        rules: ["END-BOR-2"],
        reason: `stable disease on ${sd.date}, ${daysBetween(t0, sd.date)} days after T0 (≥ ${o.sdMinDays})${unconfirmed}`,
      };
    } else if (pdDate !== null) {
      bor = {
        category: "PD",
        confirmed: false,
        date: pdDate,
        rules: ["END-BOR-2"],
        reason: `progression on ${pdDate} with no earlier qualifying response or stable disease ≥ ${o.sdMinDays} days after T0`,
      };
    } else {
      bor = {
        category: "NE",
        confirmed: false,
        date: null,
        rules: ["END-BOR-2"],
        reason: `no confirmed response, no stable disease long enough after T0 and no progression${input.pending ? `: ${input.pending}` : ""}`,
      };
    }
  }

  const warnings: Warning[] = [];
  const pfs = notNegative(progressionFreeSurvival(input, o, newTherapy, death), t0, "END-PFS-6", warnings);
  let dor: TimeToEvent | null = null;
  if (runStart && bor.confirmed) {
    dor = notNegative(
      {
        days: daysBetween(runStart.date, pfs.date),
        event: pfs.event,
        date: pfs.date,
        reason: `from the first responding scan ${runStart.date} to ${pfs.event ? "the PFS event" : "censoring"} on ${pfs.date}`,
      },
      runStart.date,
      "END-DOR-2",
      warnings,
    );
  }
  return {
    bestOverallResponse: bor,
    pfs,
    dor,
    timeToResponseDays: runStart && bor.confirmed ? Math.max(0, daysBetween(t0, runStart.date)) : null,
    warnings,
  };
}

/**
 * END-PFS-6 / END-DOR-2 (engine convention): a time-to-event is never negative. An event or censoring
 * date before its origin (e.g. progression back-dated to a scan before a later protocol T0) is counted
 * at day 0, keeps its own date, and is flagged with a warning naming both dates.
 */
function notNegative(t: TimeToEvent, origin: string, rule: string, warnings: Warning[]): TimeToEvent {
  if (t.days >= 0) return t;
  warnings.push({
    code: rule,
    message: `${t.event ? "event" : "censoring"} date ${t.date} is ${-t.days} days before the origin ${origin}: counted at day 0`,
  });
  return { ...t, days: 0, reason: `${t.reason}; ${t.date} is before ${origin}, counted at day 0 (${rule})` };
}

function progressionFreeSurvival(
  input: EndpointInput,
  o: EndpointOptions,
  newTherapy: string | null,
  death: string | null,
): TimeToEvent {
  const { t0, rows, progression } = input;
  const censorAt = (before: string | null, why: string): TimeToEvent => {
    const last = lastAdequateBefore(rows, before);
    const date = last ? last.date : t0;
    return {
      days: daysBetween(t0, date),
      event: false,
      date,
      reason: `censored at ${last ? `the last adequate assessment ${date}` : `T0 ${t0} (no adequate assessment)`}: ${why}${!last && input.pending ? `; ${input.pending}` : ""}`,
    };
  };
  const candidates: Array<{ date: string; what: string }> = [];
  if (progression.date) candidates.push({ date: progression.date, what: "progression" });
  if (death) candidates.push({ date: death, what: "death" });
  candidates.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const event = candidates[0];

  if (event) {
    if (newTherapy && newTherapy < event.date && o.newTherapy === "censor") {
      return censorAt(
        newTherapy,
        `new anticancer therapy started ${newTherapy} before ${event.what} (END-PFS-4)`,
      );
    }
    // END-PFS-3: an event after too many consecutive missed or non-evaluable assessments is censored.
    const last = lastAdequateBefore(rows, event.date);
    const gap = rows.filter(
      (r) =>
        (r.kind === "missed" || (r.kind === "follow_up" && r.finalLabel === "NE")) &&
        r.date < event.date &&
        (last === null || r.date > last.date),
    ).length;
    if (gap >= o.missedVisitsForCensor) {
      return censorAt(
        event.date,
        `${event.what} on ${event.date} after ${gap} consecutive missed or non-evaluable assessments (END-PFS-3)`,
      );
    }
    return {
      days: daysBetween(t0, event.date),
      event: true,
      date: event.date,
      reason: `${event.what} on ${event.date} (END-PFS-1)`,
    };
  }
  if (input.unconfirmedAnchor) {
    if (o.unconfirmedAtCutoff === "event") {
      return {
        days: daysBetween(t0, input.unconfirmedAnchor),
        event: true,
        date: input.unconfirmedAnchor,
        reason: `unconfirmed preliminary progression ${input.unconfirmedAnchor} counted as an event (option, END-PFS-5)`,
      };
    }
    return censorAt(
      input.unconfirmedAnchor,
      `preliminary progression ${input.unconfirmedAnchor} never confirmed (END-PFS-5)`,
    );
  }
  return censorAt(null, "no progression or death (END-PFS-2)");
}
