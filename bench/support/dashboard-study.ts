// A generated study for the dashboard benchmark and screenshots: N subjects over a few sites and two
// arms, each read by two readers (reader 2 = reader 1 with measurement noise, so some reads disagree
// and go to adjudication), scans every 8 weeks with a seeded course per subject (responders, stable
// and progressing tumours). Written through the server's own routes (in-process), then locked as the
// last signature would lock them (the signature path is tested elsewhere; here it would only cost time).

import { databaseOptionsFromEnv, openDatabase } from "../../src/db/connect.ts";
import { nowIso } from "../../src/db/ids.ts";
import { addDays } from "../../src/engine/core/dates.ts";
import { buildApp, makeDeps } from "../../src/server/app.ts";
import { SYSTEM, write } from "../../src/server/context.ts";
import { onReadLocked } from "../../src/server/services/adjudication.ts";
import { createUser } from "../../src/server/services/users.ts";
import { seededRandom } from "../../src/stats/logistic/cross-validation.ts";

export const SEED_PASSWORD = "dashboard bench password";

const PROTOCOL = {
  primaryCriteria: "rano2",
  exploratoryCriteria: ["hgg", "mrano"],
  paradigm: "two_readers_adjudicator",
  presentation: "time_sequential",
  triggers: { bestResponse: true, progressionDateDays: 0, responseDateDays: null },
};

const T0 = "2025-01-06";

function clinical() {
  return {
    patient: { tumorType: "glioblastoma_idh_wildtype", setting: "recurrent" },
    protocol: { t0: T0 },
    treatments: [{ type: "chemotherapy", start: T0, agent: "lomustine" }],
    steroids: [{ date: "2025-01-01", doseMgPerDay: 0 }],
    clinical: [{ date: T0, status: "stable" }],
  };
}

/** Diameters (mm) of one enhancing target per scan. */
function course(rand: () => number, scans: number): Array<[number, number]> {
  const base = 20 + rand() * 25;
  const kind = rand();
  // Responders shrink, stable tumours drift, progressors grow after an optional nadir.
  const rate =
    kind < 0.3 ? -(0.1 + rand() * 0.25) : kind < 0.65 ? (rand() - 0.5) * 0.08 : 0.05 + rand() * 0.2;
  const out: Array<[number, number]> = [];
  let d = base;
  for (let i = 0; i < scans; i++) {
    if (i > 0) d = Math.max(0, d * (1 + rate + (rand() - 0.5) * 0.06));
    const a = Math.round(d * 10) / 10;
    out.push(a < 5 ? [0, 0] : [a, Math.round(a * (0.7 + rand() * 0.25) * 10) / 10]);
  }
  return out;
}

export async function seedDashboardStudy(o: {
  dataDir: string;
  subjects: number;
  seed?: number;
  /** Scans of the first subject (B-0001), e.g. 20 for the timeline benchmark; default as the others. */
  firstSubjectScans?: number;
}) {
  const database = await openDatabase(databaseOptionsFromEnv(o.dataDir));
  const deps = makeDeps(database);
  const app = await buildApp(deps, { validateResponses: false });
  const sys = { ...deps, actor: SYSTEM };
  const users: Record<string, { id: string; cookie: string; csrf: string }> = {};
  for (const [username, role] of [
    ["manager", "study_manager"],
    ["reader1", "reader"],
    ["reader2", "reader"],
    ["monitor", "monitor"],
  ] as const) {
    const u = await createUser(sys, { username, displayName: username, role, password: SEED_PASSWORD });
    const res = await app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { username, password: SEED_PASSWORD },
    });
    const cookie = res.cookies.find((c) => c.name === "ranokit_session")!;
    users[username] = { id: u.id, cookie: `ranokit_session=${cookie.value}`, csrf: res.json().csrfToken };
  }
  const call = async (method: "GET" | "POST", url: string, payload?: object) => {
    const m = users.manager!;
    const res = await app.inject({
      method,
      url,
      headers: { cookie: m.cookie, "x-csrf-token": m.csrf },
      ...(payload ? { payload } : {}),
    });
    if (res.statusCode >= 300)
      throw new Error(`${method} ${url}: ${res.statusCode} ${res.body.slice(0, 500)}`);
    return res.json();
  };
  const study = await call("POST", "/api/v1/studies", {
    code: "BENCH",
    title: "Generated dashboard study",
    protocol: PROTOCOL,
  });
  const studyId = study.id as string;
  for (const u of Object.values(users))
    await call("POST", `/api/v1/studies/${studyId}/members`, { userId: u.id });
  const sites: string[] = [];
  for (const code of ["S01", "S02", "S03", "S04"])
    sites.push((await call("POST", `/api/v1/studies/${studyId}/sites`, { code, name: `Site ${code}` })).id);
  const rand = seededRandom(o.seed ?? 14);
  const cases: [object[], object[]] = [[], []];
  for (let i = 0; i < o.subjects; i++) {
    const pseudonym = `B-${String(i + 1).padStart(4, "0")}`;
    const drawn = 3 + Math.floor(rand() * 6);
    const scans = i === 0 && o.firstSubjectScans ? o.firstSubjectScans : drawn;
    const dates = Array.from({ length: scans }, (_, k) => addDays("2025-01-03", k * 56));
    await call("POST", `/api/v1/studies/${studyId}/subjects`, {
      pseudonym,
      siteId: sites[i % sites.length],
      arm: i % 2 === 0 ? "A" : "B",
      clinical: clinical(),
      timepoints: dates,
    });
    const c = course(rand, scans);
    const noisy = c.map(([a, b]): [number, number] =>
      a === 0 ? [0, 0] : [Math.round(a * (1 + (rand() - 0.5) * 0.12) * 10) / 10, b],
    );
    for (const [k, diam] of [c, noisy].entries()) {
      cases[k as 0 | 1].push({
        ...clinical(),
        patient: { ...clinical().patient, id: pseudonym },
        assessments: dates.map((date, j) => ({
          date,
          lesions: [{ id: "L1", component: "enhancing", role: "target", diametersMm: diam[j] }],
        })),
      });
    }
  }
  for (const [k, reader] of ["reader1", "reader2"].entries()) {
    await call("POST", `/api/v1/studies/${studyId}/imports`, {
      format: "json",
      as: "reader_read",
      reader,
      content: JSON.stringify(cases[k as 0 | 1]),
    });
  }
  // Lock every read, then the adjudication check per subject.
  const db = database.db;
  const reads = await db.selectFrom("reads").selectAll().where("study_id", "=", studyId).execute();
  const now = nowIso();
  await write(sys, async (trx, audit) => {
    for (const r of reads) {
      await trx
        .updateTable("read_timepoints")
        .set({ locked_at: now, signed_by: "seed", signature_meaning: "authored" })
        .where("read_id", "=", r.id)
        .execute();
      await trx
        .updateTable("reads")
        .set({ status: "locked", locked_at: now, version: r.version + 1 })
        .where("id", "=", r.id)
        .execute();
      await audit({ action: "read.lock", entity: "read", entityId: r.id, after: { status: "locked" } });
    }
  });
  for (const subjectId of new Set(reads.map((r) => r.subject_id)))
    await write(sys, (trx, audit) => onReadLocked(trx, audit, subjectId));
  const first = await db
    .selectFrom("subjects")
    .select("id")
    .where("study_id", "=", studyId)
    .where("pseudonym", "=", "B-0001")
    .executeTakeFirst();
  await app.close();
  await database.close();
  return { studyId, firstSubjectId: first?.id ?? null, users: Object.keys(users), password: SEED_PASSWORD };
}

// `node --import tsx bench/support/dashboard-study.ts DIR N`: seeds a data folder for a manual look.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, n] = process.argv.slice(2);
  const r = await seedDashboardStudy({ dataDir: dir ?? "/tmp/ranokit-dash", subjects: Number(n ?? 40) });
  console.log(JSON.stringify(r));
}
