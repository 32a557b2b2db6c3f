// Seeding for the server benchmarks: a study of N subjects × 12 time points × 2 readers × 5 lesions
// (3 enhancing targets + 2 non-targets), deterministic. Each reader's read differs by measurement noise.

import type autocannon from "autocannon";
import type { Database } from "../src/db/connect.ts";
import { addDays } from "../src/engine/core/dates.ts";
import { makeDeps } from "../src/server/app.ts";
import { createToken } from "../src/server/auth/sessions.ts";
import { SYSTEM } from "../src/server/context.ts";
import { importCases } from "../src/server/services/imports.ts";
import { addMember, createStudy } from "../src/server/services/studies.ts";
import { createUser } from "../src/server/services/users.ts";

export const TIMEPOINTS = 12;
export const PASSWORD = "benchmark password";

export function benchCase(i: number, reader: number, timepoints = TIMEPOINTS) {
  let s = 1000 + i * 7919 + reader * 104729;
  const rnd = () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
  let g = 77 + i * 31;
  const grnd = () => {
    g = (g * 1103515245 + 12345) & 0x7fffffff;
    return g / 0x7fffffff;
  };
  const base = [0, 1, 2].map(() => [14 + grnd() * 25, 11 + grnd() * 15] as const);
  const slope = -0.08 + grnd() * 0.12;
  const round = (x: number) => Math.round(x * 10) / 10;
  const assessments = [];
  let date = "2024-01-25";
  for (let t = 0; t < timepoints; t++) {
    const f = Math.exp(slope * t);
    const lesions: object[] = base.map((b, k) => ({
      id: `T${k + 1}`,
      component: "enhancing",
      ...(t === 0 ? { role: "target" } : {}),
      // Longest first: the case model refuses a perpendicular longer than the longest diameter.
      diametersMm: [round(b[0] * f * (0.96 + rnd() * 0.08)), round(b[1] * f * (0.96 + rnd() * 0.08))].sort(
        (x, y) => y - x,
      ),
    }));
    for (const k of [1, 2])
      lesions.push({
        id: `NT${k}`,
        component: "enhancing",
        ...(t === 0 ? { role: "non_target" } : {}),
        status: "present",
      });
    assessments.push({ date, lesions });
    date = addDays(date, 56);
  }
  return {
    patient: {
      id: `BENCH-${String(i).padStart(5, "0")}`,
      tumorType: "glioblastoma_idh_wildtype",
      setting: "recurrent",
    },
    protocol: { t0: "2024-02-01" },
    treatments: [{ type: "chemotherapy", start: "2024-02-01", agent: "lomustine" }],
    steroids: [{ date: "2024-01-20", doseMgPerDay: 0 }],
    clinical: [{ date: "2024-02-01", status: "stable" }],
    assessments,
  };
}

export async function seedStudy(database: Database, subjects: number, log: (s: string) => void) {
  const deps = makeDeps(database);
  const sys = { ...deps, actor: SYSTEM };
  const manager = await createUser(sys, {
    username: "manager",
    displayName: "Manager",
    role: "study_manager",
    password: PASSWORD,
  });
  const readers = [];
  for (const r of [1, 2])
    readers.push(
      await createUser(sys, {
        username: `reader${r}`,
        displayName: `Reader ${r}`,
        role: "reader",
        password: PASSWORD,
      }),
    );
  const managerCtx = {
    ...deps,
    actor: {
      user: { id: manager.id, username: "manager", displayName: "Manager", role: "study_manager" as const },
      sessionId: null,
      csrf: null,
    },
  };
  const study = await createStudy(managerCtx, {
    code: "BENCH",
    title: "Load benchmark",
    protocol: {
      primaryCriteria: "rano2",
      exploratoryCriteria: ["hgg", "mrano", "irano"],
      method: "bidimensional",
      paradigm: "two_readers_adjudicator",
      triggers: { bestResponse: true, progressionDateDays: 0, responseDateDays: null },
      adjudicationRate: "subjects_adjudicated_per_subjects_double_read",
      presentation: "all_at_once",
      sessionReadCap: null,
      progressionAgreementDays: 0,
    },
  });
  for (const r of readers) await addMember(managerCtx, study.id!, r.id);
  const t0 = Date.now();
  for (const [k, r] of subjects > 0 ? readers.entries() : []) {
    const content = JSON.stringify(Array.from({ length: subjects }, (_, i) => benchCase(i, k + 1)));
    const res = await importCases(managerCtx, study.id!, {
      format: "json",
      as: "reader_read",
      reader: r.username,
      content,
    });
    if (res.errors.length > 0) throw new Error(`seed: ${JSON.stringify(res.errors.slice(0, 3))}`);
    log(`seeded reader ${k + 1}: ${res.imported} subjects in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const tokens = [];
  for (const r of readers) {
    tokens.push(
      (
        await createToken(
          deps,
          {
            user: { id: r.id, username: r.username, displayName: r.displayName, role: "reader" },
            sessionId: null,
            csrf: null,
          },
          "bench",
        )
      ).token,
    );
  }
  const managerToken = (await createToken(deps, managerCtx.actor, "bench")).token;
  return { studyId: study.id!, readers, tokens, managerToken };
}

/** A lesion a benchmark write may change (read × time point × lesion), with the version last saved. */
export interface WriteSlot {
  read_id: string;
  timepoint_id: string;
  lesion: string;
  version: number;
}

/** The three enhancing targets of each read time point, at the version the seed left (1). */
export const writeSlots = (rts: ReadonlyArray<{ read_id: string; timepoint_id: string }>): WriteSlot[] =>
  rts.flatMap((rt) => ["T1", "T2", "T3"].map((lesion) => ({ ...rt, lesion, version: 1 })));

/**
 * autocannon's request saving a lesion measurement with the version last acknowledged, taking the
 * slots in turn; a 200 moves the slot's version on and calls `onSaved`. With one slot per connection at
 * a time, a 409 would be a lost update, not contention the benchmark made up.
 */
export function lesionSaveRequest(slots: WriteSlot[], onSaved: () => void = () => {}): autocannon.Request {
  let cursor = 0;
  return {
    method: "PUT",
    setupRequest: (req, context) => {
      const slot = slots[cursor++ % slots.length]!;
      (context as { slot?: WriteSlot }).slot = slot;
      const d = 10 + ((slot.version * 7) % 30);
      return {
        ...req,
        path: `/api/v1/reads/${slot.read_id}/timepoints/${slot.timepoint_id}/lesions/${slot.lesion}`,
        body: JSON.stringify({
          version: slot.version,
          lesion: { id: slot.lesion, component: "enhancing", diametersMm: [d + 2, d] },
        }),
      };
    },
    onResponse: (status, _body, context) => {
      if (status !== 200) return;
      (context as { slot: WriteSlot }).slot.version++;
      onSaved();
    },
  };
}
