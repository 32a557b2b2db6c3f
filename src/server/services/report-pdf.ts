/// <reference lib="dom" />
// The PDF reports: a subject's (timeline table, categories with their explanations, spider plot, key
// slices with the measurement lines — report-key-slices.ts) and a
// study's (the dashboard). Built as HTML in a linkedom document — every value goes in as text, never as
// markup — with the same SVG plots as the web (src/plots), then printed by Chromium (pdf.ts).
import { parseHTML } from "linkedom";
import type { Comparison, PatientResult } from "../../engine/index.ts";
import {
  criteriaMatrixPlot,
  kmPlot,
  proportionsPlot,
  proportionText,
  readerDisagreementPlot,
  spiderPlot,
  swimmerPlot,
  thresholdsOf,
  waterfallPlot,
} from "../../plots/index.ts";
import { requireStudy } from "../auth/access.ts";
import { type Ctx, write } from "../context.ts";
import { Raw } from "../http/route.ts";
import { studyDashboard } from "./dashboard.ts";
import { htmlToPdf } from "./pdf.ts";
import { KEY_SLICE_CSS, keySlicesSection } from "./report-key-slices.ts";
import { timeline } from "./timeline.ts";

const CSS = `
body { font-family: "DejaVu Sans", system-ui, sans-serif; font-size: 10pt; color: #111; }
h1 { font-size: 16pt; margin: 0 0 4pt; } h2 { font-size: 12.5pt; margin: 14pt 0 4pt; border-bottom: 1px solid #999; }
h3 { font-size: 11pt; margin: 6pt 0 2pt; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; page-break-inside: auto; }
td:first-child, th:first-child { white-space: nowrap; }
th, td { border: 1px solid #bbb; padding: 2pt 4pt; text-align: left; vertical-align: top; }
th { background: #eee; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr { page-break-inside: avoid; }
.meta { color: #444; margin: 0 0 8pt; } .note { color: #444; font-size: 9pt; }
figure.rk-plot { margin: 6pt 0; page-break-inside: avoid; } figcaption { font-size: 9pt; color: #444; }
.badge { display: inline-block; padding: 0 4pt; border-radius: 3pt; border: 1px solid #777; font-weight: bold; }
.disagree { background: #fff3cd; }
${KEY_SLICE_CSS}`;

type Doc = Document;

function page(title: string) {
  const { document } = parseHTML("<!doctype html><html lang='en'><head></head><body></body></html>");
  const doc = document as unknown as Doc;
  const t = doc.createElement("title");
  t.textContent = title;
  const style = doc.createElement("style");
  style.textContent = CSS;
  doc.head.append(t, style);
  const el = <K extends keyof HTMLElementTagNameMap>(
    tag: K,
    attrs: Record<string, string> = {},
    ...children: Array<Node | string | null>
  ): HTMLElementTagNameMap[K] => {
    const e = doc.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    for (const c of children) if (c !== null) e.append(typeof c === "string" ? doc.createTextNode(c) : c);
    return e;
  };
  const table = (
    headers: string[],
    rows: Array<Array<string | Node>>,
    caption?: string,
    numeric: number[] = [],
  ) =>
    el(
      "table",
      {},
      caption ? el("caption", {}, caption) : null,
      el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", { scope: "col" }, h)))),
      el(
        "tbody",
        {},
        ...rows.map((r) =>
          el(
            "tr",
            {},
            ...r.map((c, i) =>
              el(
                i === 0 ? "th" : "td",
                i === 0 ? { scope: "row" } : numeric.includes(i) ? { class: "num" } : {},
                c,
              ),
            ),
          ),
        ),
      ),
    );
  return { doc, el, table, html: () => `<!doctype html>${doc.documentElement.outerHTML}` };
}

const pctText = (v: number | null | undefined) =>
  v === null || v === undefined ? "—" : `${v > 0 ? "+" : v < 0 ? "−" : ""}${Math.abs(v).toFixed(1)} %`;
const rateText = (r: { numerator: number; denominator: number; rate: number | null }) =>
  `${r.rate === null ? "—" : `${(r.rate * 100).toFixed(1)} %`} (${r.numerator}/${r.denominator})`;

async function auditExport(ctx: Ctx, entity: string, entityId: string, after: object) {
  await write(ctx, (_trx, audit) => audit({ action: "export.pdf", entity, entityId, after }));
}

// ---- subject ---------------------------------------------------------------------------------------

interface TimelineJson {
  subjectId: string;
  pseudonym: string;
  selection: string;
  read: { id: string; reader?: string | null; kind?: string; status?: string } | null;
  assessment: {
    criteria: string[];
    comparison: Comparison | null;
    errors: Array<{ path: string; message: string }>;
  } | null;
}

/** Each scan's % change of the measured sum from baseline, for the spider plot: the component that
 * decided the first follow-up, else the first measured at baseline. */
function seriesOf(r: PatientResult) {
  const baseline = r.baselineDate;
  const main =
    r.timepoints.find((t) => t.kind === "follow_up" && t.decision?.deciding)?.decision?.deciding ??
    r.timepoints.find((t) => t.kind === "baseline")?.components.find((c) => c.sum !== null)?.component;
  return r.timepoints
    .filter((t) => ["baseline", "follow_up", "after_progression"].includes(t.kind))
    .map((t) => ({
      daysFromBaseline: baseline
        ? Math.round((Date.parse(t.date) - Date.parse(baseline)) / 86_400_000)
        : null,
      changeFromBaselinePct:
        t.kind === "baseline"
          ? 0
          : (t.components.find((c) => c.component === main)?.changeFromBaselinePct ?? null),
    }));
}

/** o.keySlices: false leaves the key slices out (the benchmark's A/B comparison). */
export async function subjectReportPdf(
  ctx: Ctx,
  subjectId: string,
  readId: string | undefined,
  o: { keySlices?: boolean } = {},
) {
  // The timeline decides which read the actor may see (a reader: only their own) and assesses it.
  const raw = (await timeline(ctx, subjectId, readId)) as Raw;
  const t = JSON.parse(
    typeof raw.body === "string" ? raw.body : Buffer.from(raw.body).toString("utf8"),
  ) as TimelineJson;
  const title = `Subject ${t.pseudonym} — response assessment`;
  const { doc, el, table, html } = page(title);
  const body = doc.body;
  body.append(
    el("h1", {}, title),
    el(
      "p",
      { class: "meta" },
      t.read
        ? `Read ${t.read.id}${t.read.reader ? ` by ${t.read.reader}` : ""} (${t.selection}); printed ${new Date().toISOString().slice(0, 10)} by ${ctx.actor.user.username}.`
        : "No read of this subject is available to you.",
    ),
  );
  const cmp = t.assessment?.comparison ?? null;
  if (!cmp) {
    body.append(
      el("p", {}, "No assessment: ", ...(t.assessment?.errors ?? []).map((e) => `${e.path}: ${e.message}. `)),
    );
  } else {
    const sets = cmp.criteria;
    const primary = sets[0]!;
    body.append(el("h2", {}, "Summary"));
    body.append(
      table(
        ["Criteria set", "Best overall response", "Progression date", "PFS"],
        sets.map((c) => {
          const r = cmp.results[c]!;
          return [
            c,
            `${r.bestOverallResponse.category}${r.bestOverallResponse.confirmed ? " (confirmed)" : ""} — ${r.bestOverallResponse.reason}`,
            r.progression.date ? `${r.progression.date} (${r.progression.cause ?? "—"})` : "none",
            `${r.pfs.days} days${r.pfs.event ? "" : " (censored)"}`,
          ];
        }),
      ),
    );
    body.append(el("h2", {}, "Timeline"));
    body.append(
      table(
        ["Date", ...sets],
        cmp.rows.map((row) => [
          row.date,
          ...sets.map((c) => {
            const cell = cmp.results[c]!.timepoints.find((x) => x.date === row.date && x.kind !== "clinical");
            if (!cell) return "—";
            const label = cell.kind === "baseline" ? "baseline" : (cell.finalLabel ?? cell.label ?? "—");
            const status = cell.status !== "none" ? ` ${cell.status.replaceAll("_", " ")}` : "";
            const sum = cell.components.find((x) => x.component === (cell.decision?.deciding ?? "enhancing"));
            return `${label}${status}${cell.changePct !== null ? `, ${pctText(cell.changePct)}` : ""}${sum?.sum !== null && sum?.sum !== undefined ? ` (sum ${sum.sum} ${sum.unit})` : ""}`;
          }),
        ]),
        "Final label per scan and criteria set, change from the reference, measured sum",
      ),
    );
    const disagreements = cmp.rows.filter((r) => r.disagreement);
    if (disagreements.length > 0 || cmp.endpointDisagreements.length > 0) {
      body.append(el("h3", {}, "Where the criteria sets disagree"));
      body.append(
        el(
          "ul",
          {},
          ...disagreements.map((r) => el("li", {}, `${r.date}: ${r.why.join("; ")}`)),
          ...cmp.endpointDisagreements.map((e) => el("li", {}, e)),
        ),
      );
    }
    for (const c of sets) {
      const r = cmp.results[c]!;
      body.append(el("h2", {}, `Categories and explanations — ${c}`));
      body.append(
        table(
          ["Date", "Category", "Change", "Rules", "Explanation"],
          r.timepoints.map((x) => [
            x.date,
            x.kind === "baseline"
              ? "baseline"
              : `${x.finalLabel ?? x.label ?? "—"}${x.finalLabel && x.label && x.finalLabel !== x.label ? ` (was ${x.label})` : ""}`,
            x.reference
              ? `${pctText(x.changePct)} vs ${x.reference.kind} ${x.reference.date}`
              : pctText(x.changePct),
            x.rules.join(", "),
            x.explanation,
          ]),
        ),
      );
    }
    const r = cmp.results[primary]!;
    const unit = r.timepoints.find((x) => x.decision)?.decision?.unit ?? "mm²";
    body.append(
      spiderPlot(
        { document: doc, width: 640 },
        [
          {
            pseudonym: t.pseudonym,
            bestOverallResponse: r.bestOverallResponse.category,
            timepoints: seriesOf(r),
          },
        ],
        {
          criteria: primary,
          thresholds: thresholdsOf(primary, unit),
          title: `Change from baseline over time (${primary})`,
        },
      ),
    );
  }
  const slices =
    o.keySlices === false ? null : await keySlicesSection(ctx, subjectId, t.read?.id ?? null, doc, el);
  body.append(
    ...(slices ?? [
      el(
        "p",
        { class: "note" },
        "Key slices with the measurement lines are not included: this server stores no images for the subject.",
      ),
    ]),
  );
  const pdf = await htmlToPdf(html(), { title });
  await auditExport(ctx, "subject", subjectId, {
    format: "pdf",
    readId: t.read?.id ?? null,
    bytes: pdf.length,
  });
  return new Raw(pdf, "application/pdf", `${t.pseudonym}-report.pdf`);
}

// ---- study -----------------------------------------------------------------------------------------

export async function studyReportPdf(
  ctx: Ctx,
  studyId: string,
  q: { criteria?: string | undefined; site?: string | undefined; arm?: string | undefined },
) {
  const study = await requireStudy(ctx, studyId);
  const d = await studyDashboard(ctx, studyId, q);
  const title = `Study ${study.code} — dashboard (${d.criteria})`;
  const { doc, el, table, html } = page(title);
  const body = doc.body;
  const filters = [
    d.filters.site ? `site ${d.filters.site}` : null,
    d.filters.arm ? `arm ${d.filters.arm}` : null,
  ]
    .filter(Boolean)
    .join(", ");
  body.append(
    el("h1", {}, title),
    el(
      "p",
      { class: "meta" },
      `${d.subjectsWithAcceptedRead} of ${d.subjects} subjects with an accepted read${filters ? `; filtered to ${filters}` : ""}; printed ${new Date().toISOString().slice(0, 10)} by ${ctx.actor.user.username}.`,
    ),
    el("h2", {}, "Response"),
  );
  const rates = [
    d.orr && { name: "ORR", ...d.orr },
    d.orrWithMr && { name: "ORR + MR", ...d.orrWithMr },
    d.dcr && { name: "DCR", ...d.dcr },
  ].filter((x) => x !== null);
  body.append(
    table(
      ["Endpoint", "Estimate"],
      [
        ...rates.map((p) => [p.name, proportionText(p)]),
        [
          "Median PFS",
          d.pfs
            ? d.pfs.medianDays === null
              ? `not reached (${d.pfs.events} events in ${d.pfs.n})`
              : `${Math.round(d.pfs.medianDays)} days (${d.pfs.events} events in ${d.pfs.n})`
            : "—",
        ],
      ],
    ),
    table(
      ["Best overall response", ...Object.keys(d.bestResponse)],
      [["Subjects", ...Object.values(d.bestResponse).map(String)]],
      undefined,
      [1, 2, 3, 4, 5, 6],
    ),
  );
  const ctxPlot = { document: doc, width: 680 };
  const unit = d.perSubject.flatMap((s) => s.timepoints).find((x) => x.unit)?.unit ?? null;
  const thresholds = thresholdsOf(d.criteria, unit);
  if (rates.length > 0)
    body.append(proportionsPlot(ctxPlot, rates, { title: `Response rates (${d.criteria})` }));
  if (d.pfs) body.append(kmPlot(ctxPlot, d.pfs, { title: `Progression-free survival (${d.criteria})` }));
  if (d.perSubject.length > 0) {
    body.append(
      waterfallPlot(ctxPlot, d.perSubject, { criteria: d.criteria, thresholds }),
      spiderPlot(ctxPlot, d.perSubject, { criteria: d.criteria, thresholds }),
      swimmerPlot(ctxPlot, d.perSubject, { criteria: d.criteria, maxRows: 40 }),
    );
  }
  const other = d.criteriaSets.find((c) => c !== d.criteria);
  if (other && d.perSubject.length > 0) {
    const o = await studyDashboard(ctx, studyId, { ...q, criteria: other });
    const bor = new Map(o.perSubject.map((s) => [s.subjectId, s.bestOverallResponse]));
    const pairs = d.perSubject
      .filter((s) => bor.has(s.subjectId))
      .map((s) => ({ a: s.bestOverallResponse, b: bor.get(s.subjectId)! }));
    body.append(el("h2", {}, "Criteria-set disagreement"));
    body.append(criteriaMatrixPlot({ document: doc, width: 420 }, pairs, { a: d.criteria, b: other }));
  }
  const cd = d.criteriaDisagreement;
  if (cd.pairs.length > 0) {
    body.append(
      table(
        ["Criteria sets", "Subjects", "Best response differs", "Progression date differs"],
        cd.pairs.map((p) => [
          `${p.a} vs ${p.b}`,
          String(p.n),
          proportionText({ name: "", ...p.bestResponseDiffers }),
          proportionText({ name: "", ...p.progressionDateDiffers }),
        ]),
        `${cd.scans.disagreeing} of ${cd.scans.compared} scans differ in final label between criteria sets`,
        [1],
      ),
    );
  }
  const b = d.bicr;
  body.append(el("h2", {}, `BICR metrics (${b.criteria})`));
  body.append(
    table(
      ["Metric", "Value"],
      [
        ["Adjudication rate", rateText(b.adjudicationRate)],
        ["Site vs BICR early discrepancy", rateText(b.siteVsBicr.earlyDiscrepancyRate)],
        ["Site vs BICR late discrepancy", rateText(b.siteVsBicr.lateDiscrepancyRate)],
      ],
    ),
    table(
      ["Reader", "Cases", "Acceptance rate", "Disagreement index"],
      b.perReader.map((r) => [
        r.reader,
        String(r.cases),
        rateText(r.acceptanceRate),
        r.disagreementIndex === null ? "—" : `${r.disagreementIndex.toFixed(1)} %`, // per 100 cases read
      ]),
      undefined,
      [1, 2, 3],
    ),
    readerDisagreementPlot(ctxPlot, b.perReader, b.perReaderPair),
    el("p", { class: "note" }, b.definition),
  );
  const pdf = await htmlToPdf(html(), { title });
  await auditExport(ctx, "study", studyId, {
    format: "pdf",
    criteria: d.criteria,
    filters: d.filters,
    bytes: pdf.length,
  });
  return new Raw(pdf, "application/pdf", `${study.code}-dashboard.pdf`);
}
