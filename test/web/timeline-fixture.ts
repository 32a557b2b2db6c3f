// A small BICR study for the worklist / subjects / timeline / audit pages, set up over the API as the
// users themselves (so every write is validated, authorised and audited like the web's own): a
// rano2 / hgg / mrano time-sequential protocol, two sites, three subjects from examples/.
// - RK-T001 (example 01): both readers sign every time point and disagree → an open adjudication.
// - RK-T002 (example 02, pseudoprogression): reader A signs all but the last scan, so the preliminary
//   progression of 2024-05-24 awaits confirmation and the 2024-06-21 time point is due.
// - RK-T003 (example 03): nobody has started a read.
import { readFileSync } from "node:fs";
import type { ApiAgent } from "./harness.ts";

type Example = {
  patient: Record<string, unknown>;
  assessments: Array<{ date: string; lesions: Array<Record<string, unknown>> } & Record<string, unknown>>;
} & Record<string, unknown>;

const example = (name: string): Example =>
  JSON.parse(readFileSync(new URL(`../../examples/${name}.json`, import.meta.url), "utf8")) as Example;

function clinicalOf(e: Example) {
  const { schemaVersion: _v, assessments: _a, patient, ...rest } = e;
  const { id: _id, ...p } = patient;
  return { ...rest, patient: p };
}

async function ok(r: Promise<{ status: number; body: any }>, what: string) {
  const x = await r;
  if (x.status >= 300) throw new Error(`${what}: ${x.status} ${JSON.stringify(x.body)}`);
  return x.body;
}

export interface TimelineStudy {
  studyId: string;
  subjects: Record<string, { id: string; timepoints: Array<{ id: string; date: string }> }>;
  reads: Record<string, string>;
}

export const FIXTURE_PASSWORD = "correct horse battery";

/** Enters (and signs) time points [0, upto) of a read from an example's lesions. */
async function readAndSign(
  reader: ApiAgent,
  readId: string,
  tps: Array<{ id: string; date: string }>,
  e: Example,
  upto: number,
  scale = 1,
) {
  for (let i = 0; i < upto; i++) {
    const { date: _d, lesions, ...data } = e.assessments[i]!;
    const scaled = lesions.map((l) =>
      Array.isArray(l.diametersMm) && scale !== 1
        ? { ...l, diametersMm: (l.diametersMm as number[]).map((d) => Math.round(d * scale * 10) / 10) }
        : l,
    );
    await ok(
      reader.call("PUT", `/api/v1/reads/${readId}/timepoints/${tps[i]!.id}`, { data, lesions: scaled }),
      `put ${tps[i]!.date}`,
    );
    await ok(
      reader.call("POST", `/api/v1/reads/${readId}/timepoints/${tps[i]!.id}/sign`, {
        password: FIXTURE_PASSWORD,
        meaning: "authored",
      }),
      `sign ${tps[i]!.date}`,
    );
  }
}

export async function seedTimelineStudy(
  agents: { manager: ApiAgent; readerA: ApiAgent; readerB: ApiAgent },
  memberIds: string[],
): Promise<TimelineStudy> {
  const { manager, readerA, readerB } = agents;
  const study = await ok(
    manager.call("POST", "/api/v1/studies", {
      code: "TL-01",
      title: "Timeline pages study (synthetic)",
      protocol: {
        primaryCriteria: "rano2",
        exploratoryCriteria: ["hgg", "mrano"],
        paradigm: "two_readers_adjudicator",
        presentation: "time_sequential",
        triggers: { bestResponse: true, progressionDateDays: 0, responseDateDays: null },
      },
    }),
    "study",
  );
  const studyId: string = study.id;
  const sites = [
    await ok(
      manager.call("POST", `/api/v1/studies/${studyId}/sites`, { code: "S01", name: "North" }),
      "site",
    ),
    await ok(
      manager.call("POST", `/api/v1/studies/${studyId}/sites`, { code: "S02", name: "South" }),
      "site",
    ),
  ];
  for (const userId of memberIds)
    await ok(manager.call("POST", `/api/v1/studies/${studyId}/members`, { userId }), "member");

  const cases: Array<[string, Example]> = [
    ["RK-T001", example("01-recurrent-gbm-response-then-progression")],
    ["RK-T002", example("02-pseudoprogression-confirmed-as-progression")],
    ["RK-T003", example("03-pseudoprogression-refuted-then-response")],
  ];
  const subjects: TimelineStudy["subjects"] = {};
  for (const [i, [pseudonym, e]] of cases.entries()) {
    const s = await ok(
      manager.call("POST", `/api/v1/studies/${studyId}/subjects`, {
        pseudonym,
        siteId: sites[i % 2].id,
        arm: i % 2 === 0 ? "A" : "B",
        clinical: clinicalOf(e),
        timepoints: e.assessments.map((a) => a.date),
      }),
      pseudonym,
    );
    const tps = await ok(manager.call("GET", `/api/v1/subjects/${s.id}/timepoints`), "timepoints");
    subjects[pseudonym] = { id: s.id, timepoints: tps.items };
  }

  const startRead = async (reader: ApiAgent, subjectId: string): Promise<string> =>
    (await ok(reader.call("POST", `/api/v1/subjects/${subjectId}/reads`, {}), "read")).id;
  const t1 = subjects["RK-T001"]!;
  const e1 = cases[0]![1];
  const a1 = await startRead(readerA, t1.id);
  await readAndSign(readerA, a1, t1.timepoints, e1, e1.assessments.length);
  // Reader B measures the follow-ups 25 % larger in each diameter: a different best response.
  const b1 = await startRead(readerB, t1.id);
  await readAndSign(readerB, b1, t1.timepoints.slice(0, 1), e1, 1);
  const rest = { ...e1, assessments: e1.assessments.slice(1) };
  await readAndSign(readerB, b1, t1.timepoints.slice(1), rest, rest.assessments.length, 1.25);

  const t2 = subjects["RK-T002"]!;
  const e2 = cases[1]![1];
  const a2 = await startRead(readerA, t2.id);
  await readAndSign(readerA, a2, t2.timepoints, e2, e2.assessments.length - 1);
  const reads: Record<string, string> = { "A:RK-T001": a1, "B:RK-T001": b1, "A:RK-T002": a2 };
  return { studyId, subjects, reads };
}
