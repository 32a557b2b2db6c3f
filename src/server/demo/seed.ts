// The demo study (`ranokit serve --demo`, `npm start`): six users, one BICR study with a
// rano2 / hgg / mrano protocol, two sites and eight subjects built from examples/ cases, each with a
// synthetic image and mask per time point. Every row is written through the server's services under
// the acting user, so the seed is audited and validated like any other write. Reads: both readers sign
// most subjects (three of them disagree, so adjudication tasks exist, one of which is decided); for two
// subjects the last follow-up is still open for both readers.
import type { Role } from "../../db/schema.ts";
import { type Actor, type Ctx, type Deps, SYSTEM } from "../context.ts";
import { decide, listAdjudications } from "../services/adjudication.ts";
import { storeTimepointFile } from "../services/images.ts";
import { putTimepoint, signTimepoint, startRead } from "../services/reads.ts";
import { addMember, createSite, createStudy } from "../services/studies.ts";
import { createSubject, listTimepoints } from "../services/subjects.ts";
import { createUser } from "../services/users.ts";
import { DEMO_CASES, type DemoCase } from "./cases.ts";
import {
  demoSeed,
  lesionCentre,
  lesionFromMeasurement,
  type PhantomLesion,
  phantomTimepoint,
} from "./phantom.ts";

export const DEMO_STUDY_CODE = "DEMO-GBM";

/** Demo-only accounts: their passwords are printed at start-up because they guard synthetic data only. */
export const DEMO_USERS: ReadonlyArray<{
  username: string;
  role: Role;
  displayName: string;
  password: string;
}> = [
  { username: "admin", role: "admin", displayName: "Demo administrator", password: "demo-admin-pass" },
  {
    username: "manager",
    role: "study_manager",
    displayName: "Demo study manager",
    password: "demo-manager-pass",
  },
  { username: "reader.a", role: "reader", displayName: "Reader A", password: "demo-reader-a-pass" },
  { username: "reader.b", role: "reader", displayName: "Reader B", password: "demo-reader-b-pass" },
  {
    username: "adjudicator",
    role: "adjudicator",
    displayName: "Demo adjudicator",
    password: "demo-adjudicator-pass",
  },
  { username: "monitor", role: "monitor", displayName: "Demo monitor", password: "demo-monitor-pass" },
];

export type SeedOutcome =
  | { seeded: true; subjects: number; timepoints: number; adjudications: number; decided: number }
  | { seeded: false; reason: string; demoPresent: boolean };

const asActor = (u: { id: string; username: string; displayName: string; role: Role }): Actor => ({
  user: u,
  sessionId: null,
  csrf: null,
});

/** The phantom lesions of one time point of a case (absent lesions are not painted). */
export function phantomLesions(c: DemoCase, tpIndex: number): PhantomLesion[] {
  const ids = [...new Set(c.assessments.flatMap((a) => a.lesions.map((l) => l.id)))];
  return c.assessments[tpIndex]!.lesions.flatMap((l) =>
    l.diametersMm && l.status !== "absent"
      ? [
          {
            id: l.id,
            component: l.component,
            diametersMm: l.diametersMm,
            centreMm: lesionCentre(ids.indexOf(l.id)),
            angleDeg: 25 * ids.indexOf(l.id) + 10,
          },
        ]
      : [],
  );
}

/** Seeds the demo study when the database has no user yet; otherwise says why it did not. */
export async function seedDemo(deps: Deps, log: (line: string) => void = () => {}): Promise<SeedOutcome> {
  const db = deps.database.db;
  const study = await db
    .selectFrom("studies")
    .select("id")
    .where("code", "=", DEMO_STUDY_CODE)
    .executeTakeFirst();
  if (study)
    return { seeded: false, reason: `the demo study ${DEMO_STUDY_CODE} is already there`, demoPresent: true };
  const anyUser = await db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  if (anyUser)
    return {
      seeded: false,
      reason: "the database already has users and no demo study: the demo seeds only a new database",
      demoPresent: false,
    };
  log(`seeding the demo study ${DEMO_STUDY_CODE} (first start only; a few seconds)`);

  const system: Ctx = { ...deps, actor: SYSTEM };
  const users = new Map<string, Ctx>();
  const passwords = new Map<string, string>();
  for (const u of DEMO_USERS) {
    const made = await createUser(system, u);
    users.set(u.username, { ...deps, actor: asActor({ ...made, role: u.role }) });
    passwords.set(u.username, u.password);
  }
  const as = (username: string) => users.get(username)!;
  const manager = as("manager");

  const s = await createStudy(manager, {
    code: DEMO_STUDY_CODE,
    title: "RANOkit demo: recurrent and newly diagnosed glioma (synthetic data)",
    protocol: {
      primaryCriteria: "rano2",
      exploratoryCriteria: ["hgg", "mrano"],
      method: "bidimensional",
      paradigm: "two_readers_adjudicator",
      triggers: { bestResponse: true, progressionDateDays: 0, responseDateDays: null },
      adjudicationRate: "subjects_adjudicated_per_subjects_double_read",
      presentation: "time_sequential",
      sessionReadCap: null,
      progressionAgreementDays: 28,
    },
  });
  for (const name of ["reader.a", "reader.b", "adjudicator", "monitor"])
    await addMember(manager, s.id, as(name).actor.user.id);
  const sites = [
    await createSite(manager, s.id, { code: "S01", name: "Demo site North" }),
    await createSite(manager, s.id, { code: "S02", name: "Demo site South" }),
  ];

  let timepoints = 0;
  for (const [n, c] of DEMO_CASES.entries()) {
    log(`  ${c.pseudonym}: ${c.assessments.length} time points`);
    const subject = await createSubject(manager, s.id, {
      pseudonym: c.pseudonym,
      siteId: sites[n % 2]!.id,
      arm: n % 2 === 0 ? "A" : "B",
      clinical: c.clinical,
      timepoints: c.assessments.map((a) => a.date),
    });
    const tps = (await listTimepoints(manager, subject.id)).items;
    // Reader A's lesions are what the mask measures; reader B measures by hand, slightly larger.
    const readerA: Array<Array<Record<string, unknown> & { id: string }>> = [];
    for (const [i, tp] of tps.entries()) {
      const phantom = phantomTimepoint(phantomLesions(c, i), demoSeed(n, i));
      await storeTimepointFile(manager, subject.id, tp.id, "image", phantom.image);
      await storeTimepointFile(manager, subject.id, tp.id, "mask", phantom.mask);
      readerA.push(
        c.assessments[i]!.lesions.map((l) => {
          const found = phantom.measured.get(l.id);
          return found ? { ...l, ...lesionFromMeasurement(found) } : { ...l };
        }),
      );
      timepoints++;
    }
    const signed = c.openFollowUp ? tps.length - 1 : tps.length;
    for (const reader of ["reader.a", "reader.b"] as const) {
      const ctx = as(reader);
      const read = await startRead(ctx, subject.id, "reader");
      for (let i = 0; i < signed; i++) {
        const last = i === tps.length - 1;
        const lesions =
          reader === "reader.a" ? readerA[i]! : readerB(readerA[i]!, c.disagree === true && last);
        await putTimepoint(ctx, read.id, tps[i]!.id, { data: c.assessments[i]!.data, lesions });
        await signTimepoint(ctx, read.id, tps[i]!.id, {
          password: passwords.get(reader)!,
          meaning: "authored",
        });
      }
    }
  }

  // One adjudication decided (reader A's read selected); the others stay open for the adjudicator.
  const adjudicator = as("adjudicator");
  const tasks = (await listAdjudications(adjudicator, s.id, "open", 100)).items;
  let decided = 0;
  const first = tasks[0];
  if (first) {
    const task = first as { id: string; version: number; readIds: string[] };
    const reads = await db
      .selectFrom("reads")
      .select(["id", "reader_id"])
      .where("id", "in", task.readIds)
      .execute();
    const readerAId = as("reader.a").actor.user.id;
    const selected = reads.find((r) => r.reader_id === readerAId) ?? reads[0]!;
    await decide(adjudicator, task.id, {
      version: task.version,
      selectedReadId: selected.id,
      reason: "Reader A's measurements follow the lesion's enhancing margin on the measured slice",
      password: passwords.get("adjudicator")!,
      meaning: "adjudicated",
    });
    decided = 1;
  }
  return { seeded: true, subjects: DEMO_CASES.length, timepoints, adjudications: tasks.length, decided };
}

/** Reader B: every diameter 4 % longer (same categories as A), and on a disagreeing subject's last
 * time point the lesions 20 % smaller and no new lesion seen. B measures by hand: no drawn lines. */
function readerB(lesionsA: ReadonlyArray<Record<string, unknown> & { id: string }>, disagree: boolean) {
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return lesionsA
    .filter((l) => !(disagree && l.role === "new"))
    .map(({ measurement: _m, volumeMm3: _v, ...l }) => {
      const d = l.diametersMm as [number, number] | undefined;
      const f = disagree ? 0.8 : 1.04;
      return d ? { ...l, diametersMm: [r1(d[0] * f), r1(d[1] * f)] } : l;
    });
}
