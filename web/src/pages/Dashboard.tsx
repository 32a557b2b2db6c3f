// The study dashboard: ORR/DCR with CIs, Kaplan–Meier PFS, waterfall, spider and swimmer plots, the
// criteria-set and reader disagreement views and the BICR metrics, from GET /studies/{id}/dashboard.
// The numbers render at once; the plots (Observable Plot, in their own chunk, requested once the data
// requests are out) are drawn when their module has loaded, and performance.mark("dashboard:rendered")
// is set once every one of them is in the page. One request feeds every figure, the criteria-set matrix
// included (each subject's best response under every criteria set).
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Link, useLocation, useParams, useSearchParams } from "react-router";
import { api, unwrap } from "../api/client";
import { useUser } from "../app/session";
import { Async, ErrorBox } from "../components/Async";
import { CategoryBadge } from "../components/Category";
import { type DashboardData, dashboardFilters, dashboardQuery } from "../dashboard/data";
import type { FigureId } from "../dashboard/figures";
import "../styles/dashboard.css";

type Figures = typeof import("../dashboard/figures");
let figuresModule: Promise<Figures> | null = null;
const loadFigures = () => {
  figuresModule ??= import("../dashboard/figures");
  return figuresModule;
};

const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? "—" : `${(v * 100).toFixed(1)} %`;
const rate = (r: { numerator: number; denominator: number; rate: number | null }) =>
  `${pct(r.rate)} (${r.numerator}/${r.denominator})`;

export function Dashboard() {
  const { studyId = "" } = useParams();
  const user = useUser();
  const seesArm = user.role === "admin" || user.role === "study_manager";
  const [search, setSearch] = useSearchParams();
  const { criteria, site, arm } = dashboardFilters(search, seesArm);
  const compareWith = search.get("compare") ?? "";
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(search);
    if (v) next.set(k, v);
    else next.delete(k);
    setSearch(next, { replace: true });
  };

  const study = useQuery({
    queryKey: ["study", studyId],
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/studies/{studyId}", { params: { path: { studyId } } })),
  });
  const sites = useQuery({
    queryKey: ["sites", studyId],
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/studies/{studyId}/sites", { params: { path: { studyId } } })),
  });
  const q = useQuery(dashboardQuery(studyId, criteria, site, arm));
  // Following a link to the page already open (the nav's "Dashboard") is a request for fresh numbers:
  // the location gets a new key but the same address, so the query key does not change by itself.
  const location = useLocation();
  const shown = useRef({ key: location.key, address: location.pathname + location.search });
  const { refetch } = q;
  useEffect(() => {
    const address = location.pathname + location.search;
    const before = shown.current;
    shown.current = { key: location.key, address };
    if (before.key !== location.key && before.address === address) void refetch();
  }, [location.key, location.pathname, location.search, refetch]);
  // Start loading the plots once the data requests are out (their module takes a while to evaluate).
  useEffect(() => {
    performance.mark("dashboard:page");
    void loadFigures();
  }, []);
  const sets = q.data?.criteriaSets ?? [];
  const other = compareWith || sets.find((c) => c !== q.data?.criteria) || "";
  // The arms seen in an unfiltered payload (the server sends arms to admins and study managers only).
  const [arms, setArms] = useState<string[]>([]);
  useEffect(() => {
    if (!q.data || arm) return;
    const seen = [
      ...new Set(q.data.perSubject.map((s) => s.arm).filter((a): a is string => Boolean(a))),
    ].sort();
    setArms(seen);
  }, [q.data, arm]);

  const report = new URLSearchParams();
  if (criteria) report.set("criteria", criteria);
  if (site) report.set("site", site);
  if (arm) report.set("arm", arm);

  return (
    <div className="dashboard">
      <h1>Dashboard{study.data ? ` — ${study.data.code}` : ""}</h1>
      <form className="dash-filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Criteria set
          <select
            value={criteria || q.data?.criteria || ""}
            onChange={(e) => set("criteria", e.target.value)}
          >
            {sets.length === 0 ? <option value="">primary</option> : null}
            {sets.map((c, i) => (
              <option key={c} value={c}>
                {c}
                {i === 0 ? " (primary)" : ""}
              </option>
            ))}
          </select>
        </label>
        <label>
          Site
          <select value={site} onChange={(e) => set("site", e.target.value)}>
            <option value="">All sites</option>
            {sites.data?.items.map((s) => (
              <option key={s.id} value={s.id}>
                {s.code} — {s.name}
              </option>
            ))}
          </select>
        </label>
        {seesArm ? (
          <label>
            Arm
            <select value={arm} onChange={(e) => set("arm", e.target.value)}>
              <option value="">All arms</option>
              {(arm && !arms.includes(arm) ? [...arms, arm] : arms).map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {sets.length > 1 ? (
          <label>
            Compare with
            <select value={other} onChange={(e) => set("compare", e.target.value)}>
              {sets
                .filter((c) => c !== q.data?.criteria)
                .map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
            </select>
          </label>
        ) : null}
        <a className="button secondary" href={`/api/v1/studies/${studyId}/report.pdf?${report}`}>
          Download PDF report
        </a>
      </form>
      <Async q={q}>
        {(d) => (
          <>
            <Summary d={d} />
            {d.subjectsWithAcceptedRead === 0 ? (
              <p>No subject has an accepted read yet: the plots appear once reads are locked.</p>
            ) : (
              <Plots d={d} compareWith={other || null} />
            )}
            <Disagreements d={d} studyId={studyId} />
            <Bicr d={d} />
          </>
        )}
      </Async>
    </div>
  );
}

function Summary({ d }: { d: DashboardData }) {
  const ci = (p: DashboardData["orr"]) =>
    p
      ? `${pct(p.estimate)} (${p.count}/${p.total}; ${Math.round(p.level * 100)} % CI ${pct(p.lower)}–${pct(p.upper)})`
      : "—";
  const median = d.pfs?.medianDays;
  return (
    <section aria-labelledby="dash-summary" className="panel">
      <h2 id="dash-summary">Summary under {d.criteria}</h2>
      <dl className="dash-cards">
        <div>
          <dt>Subjects with an accepted read</dt>
          <dd>
            {d.subjectsWithAcceptedRead} of {d.subjects}
          </dd>
        </div>
        <div>
          <dt>Objective response rate (CR + PR)</dt>
          <dd>{ci(d.orr)}</dd>
        </div>
        <div>
          <dt>Disease control rate (CR + PR + MR + SD)</dt>
          <dd>{ci(d.dcr)}</dd>
        </div>
        <div>
          <dt>Median PFS</dt>
          <dd>
            {d.pfs
              ? median === null || median === undefined
                ? `not reached (${d.pfs.events} events)`
                : `${Math.round(median)} days (${d.pfs.events} events in ${d.pfs.n})`
              : "—"}
          </dd>
        </div>
      </dl>
      <table className="dash-bor">
        <caption>Best overall response</caption>
        <thead>
          <tr>
            {Object.keys(d.bestResponse).map((c) => (
              <th key={c} scope="col">
                <CategoryBadge category={c} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            {Object.entries(d.bestResponse).map(([c, n]) => (
              <td key={c} className="num">
                {n}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </section>
  );
}

const FIGURES: Array<{ id: FigureId; wide?: boolean }> = [
  { id: "rates" },
  { id: "km" },
  { id: "waterfall" },
  { id: "spider" },
  { id: "swimmer", wide: true },
  { id: "matrix" },
  { id: "readers" },
];

function Plots({ d, compareWith }: { d: DashboardData; compareWith: string | null }) {
  const refs = useRef<Partial<Record<FigureId, HTMLDivElement | null>>>({});
  const grid = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<unknown>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    // "dashboard:data": the payload is here; "dashboard:rendered": every plot is in the page.
    performance.mark("dashboard:data");
    loadFigures().then(
      (m) => {
        if (!live) return;
        const gridWidth = grid.current?.clientWidth ?? 1200;
        const width = Math.max(320, Math.floor(gridWidth >= 1000 ? gridWidth / 2 - 16 : gridWidth));
        const figures = m.drawFigures(document, width, d, compareWith);
        for (const { id } of FIGURES) {
          const box = refs.current[id];
          if (!box) continue;
          const f = figures[id];
          if (f) box.replaceChildren(f);
          else box.replaceChildren();
        }
        performance.mark("dashboard:drawn");
        setReady(true);
        // "rendered": the frame after the plots are in the DOM (before that frame's layout and paint);
        // "painted": the frame after that, once the browser has laid out and painted them.
        requestAnimationFrame(() => {
          performance.mark("dashboard:rendered");
          requestAnimationFrame(() => performance.mark("dashboard:painted"));
        });
      },
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [d, compareWith]);
  return (
    <section aria-labelledby="dash-plots">
      <h2 id="dash-plots">Plots</h2>
      {error ? <ErrorBox error={error} /> : null}
      {!ready && !error ? <p aria-live="polite">Drawing the plots…</p> : null}
      <div className="dash-grid" ref={grid}>
        {FIGURES.map(({ id, wide }) => (
          <div
            key={id}
            className={`dash-figure${wide ? " wide" : ""}`}
            ref={(el) => {
              refs.current[id] = el;
            }}
          />
        ))}
      </div>
    </section>
  );
}

function Disagreements({ d, studyId }: { d: DashboardData; studyId: string }) {
  const c = d.criteriaDisagreement;
  if (c.pairs.length === 0) return null;
  return (
    <section aria-labelledby="dash-criteria" className="panel">
      <h2 id="dash-criteria">Criteria-set disagreement</h2>
      <p>
        {c.scans.disagreeing} of {c.scans.compared} scans have different final labels between the protocol's
        criteria sets.
      </p>
      <table>
        <caption className="visually-hidden">Disagreement per pair of criteria sets</caption>
        <thead>
          <tr>
            <th scope="col">Criteria sets</th>
            <th scope="col" className="num">
              Subjects
            </th>
            <th scope="col" className="num">
              Best response differs
            </th>
            <th scope="col" className="num">
              Progression date differs
            </th>
          </tr>
        </thead>
        <tbody>
          {c.pairs.map((p) => (
            <tr key={`${p.a}-${p.b}`}>
              <th scope="row">
                {p.a} vs {p.b}
              </th>
              <td className="num">{p.n}</td>
              <td className="num">
                {pct(p.bestResponseDiffers.estimate)} ({p.bestResponseDiffers.count})
              </td>
              <td className="num">
                {pct(p.progressionDateDiffers.estimate)} ({p.progressionDateDiffers.count})
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {c.subjects.length > 0 ? (
        <details>
          <summary>Subjects whose criteria sets disagree ({c.subjects.length})</summary>
          <ul className="dash-disagree-list">
            {c.subjects.slice(0, 100).map((s) => (
              <li key={s.subjectId}>
                <Link to={`/studies/${studyId}/subjects/${s.subjectId}`}>{s.pseudonym}</Link>
                {s.dates.length > 0 ? `: scans ${s.dates.join(", ")}` : ""}
                {s.endpoints.length > 0 ? <span className="muted"> — {s.endpoints.join(" ")}</span> : null}
              </li>
            ))}
          </ul>
          {c.subjects.length > 100 ? <p className="muted">The first 100 are listed.</p> : null}
        </details>
      ) : null}
    </section>
  );
}

function Bicr({ d }: { d: DashboardData }) {
  const b = d.bicr;
  return (
    <section aria-labelledby="dash-bicr" className="panel">
      <h2 id="dash-bicr">BICR metrics ({b.criteria})</h2>
      <dl className="dash-cards">
        <div>
          <dt>Adjudication rate</dt>
          <dd>{rate(b.adjudicationRate)}</dd>
        </div>
        <div>
          <dt>Site vs BICR: early discrepancy</dt>
          <dd>{rate(b.siteVsBicr.earlyDiscrepancyRate)}</dd>
        </div>
        <div>
          <dt>Site vs BICR: late discrepancy</dt>
          <dd>{rate(b.siteVsBicr.lateDiscrepancyRate)}</dd>
        </div>
      </dl>
      <p className="muted">{b.definition}</p>
      <div className="grid-2">
        <table>
          <caption>Per reader</caption>
          <thead>
            <tr>
              <th scope="col">Reader</th>
              <th scope="col" className="num">
                Cases
              </th>
              <th scope="col" className="num">
                Acceptance rate
              </th>
              <th scope="col" className="num">
                Disagreement index
              </th>
            </tr>
          </thead>
          <tbody>
            {b.perReader.map((r) => (
              <tr key={r.reader}>
                <th scope="row">{r.reader}</th>
                <td className="num">{r.cases}</td>
                <td className="num">{rate(r.acceptanceRate)}</td>
                <td className="num">
                  {/* per 100 cases read, as the API gives it */}
                  {pct(r.disagreementIndex === null ? null : r.disagreementIndex / 100)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <table>
          <caption>Per reader pair</caption>
          <thead>
            <tr>
              <th scope="col">Readers</th>
              <th scope="col" className="num">
                Adjudication rate
              </th>
              <th scope="col" className="num">
                κ best response
              </th>
              <th scope="col" className="num">
                Progression date agreement
              </th>
            </tr>
          </thead>
          <tbody>
            {b.perReaderPair.map((p) => (
              <tr key={p.readers.join("/")}>
                <th scope="row">{p.readers.join(" / ")}</th>
                <td className="num">{rate(p.adjudicationRate)}</td>
                <td className="num" title={p.kappaNote ?? undefined}>
                  {p.bestResponseKappa === null ? "—" : p.bestResponseKappa.toFixed(2)}
                </td>
                <td className="num">
                  {rate(p.progressionDateAgreement)} (±{p.progressionDateAgreement.withinDays} d)
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
