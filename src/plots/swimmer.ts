// Swimmer plot: one lane per subject, its time on study from T0, coloured by best overall response;
// a triangle at each response scan (first response filled), a cross at progression, an arrow when the
// subject is still on study (censored).
import * as Plot from "@observablehq/plot";
import { countsText, figure, type PlotContext, responseColour } from "./common.ts";

export interface SwimmerSubject {
  pseudonym: string;
  bestOverallResponse: string;
  swimmer: {
    timeOnStudyDays: number;
    ongoing: boolean;
    firstResponseDay: number | null;
    responseDays: Array<{ day: number; label: string }>;
    progressionDay: number | null;
  };
}

export function swimmerPlot(
  ctx: PlotContext,
  subjects: SwimmerSubject[],
  o: { title?: string; criteria: string; maxRows?: number } = { criteria: "" },
): HTMLElement {
  const width = ctx.width ?? 640;
  const sorted = [...subjects].sort(
    (a, b) => b.swimmer.timeOnStudyDays - a.swimmer.timeOnStudyDays || a.pseudonym.localeCompare(b.pseudonym),
  );
  const rows = o.maxRows !== undefined ? sorted.slice(0, o.maxRows) : sorted;
  const lane = rows.length > 60 ? 6 : 16;
  const responses = rows.flatMap((s) =>
    s.swimmer.responseDays.map((r) => ({
      subject: s.pseudonym,
      day: r.day,
      label: r.label,
      first: r.day === s.swimmer.firstResponseDay,
    })),
  );
  const progressions = rows
    .filter((s) => s.swimmer.progressionDay !== null)
    .map((s) => ({ subject: s.pseudonym, day: s.swimmer.progressionDay! }));
  const ongoing = rows
    .filter((s) => s.swimmer.ongoing)
    .map((s) => ({ subject: s.pseudonym, day: s.swimmer.timeOnStudyDays }));
  const title = o.title ?? `Time on study (${o.criteria})`;
  const svg = Plot.plot({
    document: ctx.document,
    width,
    height: Math.max(120, rows.length * lane + 60),
    marginLeft: rows.length > 60 ? 20 : 90,
    marginRight: 24,
    x: { label: "Days from T0 →", grid: true },
    y: {
      domain: rows.map((s) => s.pseudonym),
      label: rows.length > 60 ? `Subjects (${rows.length})` : null,
      ...(rows.length > 60 ? { ticks: [], tickSize: 0 } : {}),
    },
    color: responseColour(rows.map((s) => s.bestOverallResponse)),
    symbol: {
      domain: ["response", "first response", "progression", "on study"],
      range: ["triangle", "triangle2", "times", "plus"],
    },
    marks: [
      Plot.barX(rows, {
        y: "pseudonym",
        x1: 0,
        x2: (s: SwimmerSubject) => s.swimmer.timeOnStudyDays,
        fill: "bestOverallResponse",
        stroke: (s: SwimmerSubject) => (s.bestOverallResponse === "SD" ? "#7a7a7a" : "none"),
        insetTop: lane > 10 ? 3 : 0.5,
        insetBottom: lane > 10 ? 3 : 0.5,
        title: (s: SwimmerSubject) =>
          `${s.pseudonym}: ${s.swimmer.timeOnStudyDays} days on study, best response ${s.bestOverallResponse}` +
          `${s.swimmer.progressionDay !== null ? `, progression on day ${s.swimmer.progressionDay}` : ""}${s.swimmer.ongoing ? ", ongoing" : ""}`,
        className: "rk-subject-lane",
      }),
      Plot.dot(responses, {
        y: "subject",
        x: "day",
        symbol: (r: { first: boolean }) => (r.first ? "first response" : "response"),
        fill: "#000",
        stroke: "#fff",
        strokeWidth: 0.5,
        r: lane > 10 ? 4 : 2.5,
        title: (r: { subject: string; day: number; label: string }) =>
          `${r.subject}: ${r.label} on day ${r.day}`,
        className: "rk-response-mark",
      }),
      Plot.dot(progressions, {
        y: "subject",
        x: "day",
        symbol: () => "progression",
        stroke: "#000",
        strokeWidth: 2,
        r: lane > 10 ? 5 : 3,
        title: (p: { subject: string; day: number }) => `${p.subject}: progression on day ${p.day}`,
        className: "rk-progression-mark",
      }),
      Plot.text(ongoing, {
        y: "subject",
        x: "day",
        text: () => "→",
        dx: 7,
        fontSize: lane > 10 ? 14 : 8,
        className: "rk-ongoing-mark",
      }),
      Plot.ruleX([0]),
    ],
  });
  const description =
    `${rows.length}${rows.length < subjects.length ? ` of ${subjects.length} (the longest on study)` : ""} subjects; ` +
    `best response ${countsText(rows.map((s) => s.bestOverallResponse)) || "none"}; ` +
    `${progressions.length} progressions (×), ${responses.length} response scans (▲, first filled), ${ongoing.length} still on study (→).`;
  return figure(
    ctx.document,
    {
      title,
      description,
      className: "rk-swimmer",
      caption: `Bars: time on study (days from T0), coloured by best response. ▲ response scan, × progression, → still on study.${rows.length < subjects.length ? ` Showing the ${rows.length} longest of ${subjects.length} subjects.` : ""}`,
    },
    svg as Element,
  );
}
