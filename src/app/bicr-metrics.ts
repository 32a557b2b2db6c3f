// BICR monitoring metrics over a study's reads (FDA 2018 imaging endpoint guidance, App. A; Ford et al.,
// J Clin Trials 2016: adjudication rate; reader disagreement index and adjudicator acceptance rate as in
// blinded-read monitoring practice; Amit et al., Eur J Cancer 2011: early and late discrepancy rates of
// the site read against BICR). Kappa comes from src/stats (Cohen 1960). Pure: data in, numbers out.
import { daysBetween } from "../engine/core/dates.ts";
import type { PatientResult } from "../engine/index.ts";
import { cohenKappa } from "../stats/agreement/index.ts";
import { undefinedAs } from "./agreement-analysis.ts";

export interface SubjectReads {
  subjectId: string;
  /** Locked current reader reads with their result under the primary criteria. */
  reads: Array<{ reader: string; result: PatientResult; lockedAt: string }>;
  site: PatientResult | null;
  adjudication: { createdAt: string; selectedReader: string | null } | null;
  accepted: PatientResult | null;
}

const BOR = ["CR", "PR", "MR", "SD", "PD", "NE"];
const rate = (num: number, den: number) => ({
  numerator: num,
  denominator: den,
  rate: den === 0 ? null : num / den,
});

function withinDays(a: string | null, b: string | null, days: number) {
  if (a === null || b === null) return a === b;
  return Math.abs(daysBetween(a, b)) <= days;
}

export function bicrMetrics(subjects: ReadonlyArray<SubjectReads>, progressionAgreementDays: number) {
  const doubleRead = subjects.filter((s) => s.reads.length >= 2);
  const adjudicated = doubleRead.filter((s) => s.adjudication !== null);

  const pairs = new Map<
    string,
    { readers: [string, string]; a: number[]; b: number[]; n: number; adjudicated: number; pdAgree: number }
  >();
  for (const s of doubleRead) {
    const [x, y] = [...s.reads].sort((p, q) => p.reader.localeCompare(q.reader));
    const key = `${x!.reader}|${y!.reader}`;
    const p = pairs.get(key) ?? {
      readers: [x!.reader, y!.reader] as [string, string],
      a: [],
      b: [],
      n: 0,
      adjudicated: 0,
      pdAgree: 0,
    };
    p.n++;
    if (s.adjudication) p.adjudicated++;
    p.a.push(BOR.indexOf(x!.result.bestOverallResponse.category));
    p.b.push(BOR.indexOf(y!.result.bestOverallResponse.category));
    if (withinDays(x!.result.progression.date, y!.result.progression.date, progressionAgreementDays))
      p.pdAgree++;
    pairs.set(key, p);
  }

  const months = new Map<string, { doubleRead: number; adjudicated: number }>();
  for (const s of doubleRead) {
    const month = s.reads
      .map((r) => r.lockedAt)
      .sort()
      .at(-1)!
      .slice(0, 7);
    const m = months.get(month) ?? { doubleRead: 0, adjudicated: 0 };
    m.doubleRead++;
    if (s.adjudication) m.adjudicated++;
    months.set(month, m);
  }

  const readers = new Map<string, { cases: number; adjudications: number; accepted: number }>();
  for (const s of doubleRead) {
    for (const r of s.reads) {
      const x = readers.get(r.reader) ?? { cases: 0, adjudications: 0, accepted: 0 };
      x.cases++;
      if (s.adjudication?.selectedReader) {
        x.adjudications++;
        if (s.adjudication.selectedReader === r.reader) x.accepted++;
      }
      readers.set(r.reader, x);
    }
  }

  // Site vs BICR (accepted read): early / late declaration of progression by the site.
  let sitePd = 0;
  let early = 0;
  let discrepant = 0;
  let late = 0;
  for (const s of subjects) {
    if (!s.site || !s.accepted) continue;
    const site = s.site.progression.date;
    const bicr = s.accepted.progression.date;
    if (site !== null) sitePd++;
    const isEarly = site !== null && (bicr === null || site < bicr);
    const isLate = bicr !== null && (site === null || site > bicr);
    if (isEarly) early++;
    if (isEarly || isLate) discrepant++;
    if (isLate) late++;
  }

  return {
    definition: "adjudicated subjects / subjects with a complete double read",
    subjects: subjects.length,
    adjudicationRate: rate(adjudicated.length, doubleRead.length),
    perReaderPair: [...pairs.values()].map((p) => {
      const k = undefinedAs(() => cohenKappa(p.a, p.b, BOR));
      const [kappa, kappaNote] = "undefined" in k ? [null, k.undefined] : [k.kappa, null];
      return {
        readers: p.readers,
        adjudicationRate: rate(p.adjudicated, p.n),
        bestResponseKappa: kappa,
        kappaNote,
        progressionDateAgreement: { withinDays: progressionAgreementDays, ...rate(p.pdAgree, p.n) },
      };
    }),
    overTime: [...months.entries()]
      .sort()
      .map(([month, m]) => ({ month, ...rate(m.adjudicated, m.doubleRead) })),
    perReader: [...readers.entries()].sort().map(([reader, x]) => ({
      reader,
      cases: x.cases,
      acceptanceRate: rate(x.accepted, x.adjudications),
      /** Reader disagreement index: adjudications decided against the reader per 100 cases read. */
      disagreementIndex: x.cases === 0 ? null : (100 * (x.adjudications - x.accepted)) / x.cases,
    })),
    siteVsBicr: {
      earlyDiscrepancyRate: rate(early, sitePd),
      lateDiscrepancyRate: rate(late, discrepant),
    },
  };
}
