// Issue 10, the property: on random valid cases under every criteria set, every percentage an
// explanation prints equals the change recomputed here from the case's own measurements against the
// reference it names (date and value), never lands on the wrong side of a threshold, every threshold it
// names is the deciding criteria set's (an independent table below, not the engine's), every cited rule
// is that set's, and PFS / DOR are never negative.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "../../src/engine/core/dates.ts";
import { assess, type Case, type CaseInput, parseCase } from "../../src/engine/index.ts";
import type { PatientResult } from "../../src/engine/model/result.ts";

/** The publications' thresholds, retyped here on purpose (PD increase, PR decrease, MR decrease). */
const THRESHOLDS: Record<string, { pd: number; pr: number; mr: number | null; mm: number | null }> = {
  "rano2/bidimensional": { pd: 25, pr: 50, mr: 25, mm: null },
  "rano2/volumetric": { pd: 40, pr: 65, mr: 35, mm: null },
  hgg: { pd: 25, pr: 50, mr: null, mm: null },
  "mrano/bidimensional": { pd: 25, pr: 50, mr: null, mm: null },
  "mrano/volumetric": { pd: 40, pr: 65, mr: null, mm: null },
  lgg: { pd: 25, pr: 50, mr: 25, mm: null },
  bm: { pd: 20, pr: 30, mr: null, mm: 5 },
  irano: { pd: 25, pr: 50, mr: null, mm: null },
};
/** Rule-ID prefixes each set may cite besides the shared ones. */
const OWN_PREFIX: Record<string, string[]> = {
  rano2: ["RANO2-"],
  hgg: ["HGG-"],
  mrano: ["MRANO-"],
  lgg: ["LGG-"],
  bm: ["BM-"],
  irano: ["IRANO-", "HGG-"],
};
const SHARED = ["GEN-", "STER-", "AMB-", "MEAS-", "END-"];
/** The rule of each set for a PR row (RANO 2.0: TP-6, or the TP-4 steroid gate that turns CR into PR). */
const PR_RULE: Record<string, string> = {
  rano2: "RANO2-TP-",
  hgg: "HGG-PR-1",
  mrano: "MRANO-MEAS-1",
  lgg: "LGG-PR-1",
  bm: "BM-PR-1",
  irano: "HGG-PR-1",
};

type Criteria = "rano2" | "hgg" | "mrano" | "lgg" | "bm" | "irano";
interface Course {
  criteria: Criteria;
  volumetric: boolean;
  newlyDiagnosed: boolean;
  /** Target diameters at baseline (mm, tenths) and a factor per follow-up (0 = gone). */
  baseline: Array<[number, number]>;
  follow: Array<Array<[number, number] | null>>;
  spacing: number[];
  steroids: Array<{ at: number; dose: number }>;
}

const diam = fc
  .tuple(fc.integer({ min: 100, max: 400 }), fc.integer({ min: 100, max: 400 }))
  .map(([a, b]) => [a / 10, b / 10] as [number, number]);
const followDiam = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.integer({ min: 40, max: 600 }), fc.integer({ min: 40, max: 600 })) },
  { weight: 1, arbitrary: fc.constant([0, 0] as [number, number]) },
);

const courseArb: fc.Arbitrary<Course> = fc
  .tuple(
    fc.constantFrom<Criteria>("rano2", "hgg", "mrano", "lgg", "bm", "irano"),
    fc.integer({ min: 1, max: 3 }),
  )
  .chain(([criteria, n]) =>
    fc.record({
      criteria: fc.constant(criteria),
      volumetric: criteria === "rano2" || criteria === "mrano" ? fc.boolean() : fc.constant(false),
      newlyDiagnosed: criteria === "bm" || criteria === "lgg" ? fc.constant(false) : fc.boolean(),
      baseline: fc.array(diam, { minLength: n, maxLength: n }),
      follow: fc.array(
        fc.array(
          fc.oneof(
            { weight: 12, arbitrary: followDiam.map(([a, b]) => [a / 10, b / 10] as [number, number]) },
            { weight: 1, arbitrary: fc.constant(null) },
          ),
          { minLength: n, maxLength: n },
        ),
        { minLength: 1, maxLength: 6 },
      ),
      spacing: fc.array(fc.integer({ min: 20, max: 100 }), { minLength: 6, maxLength: 6 }),
      steroids: fc.uniqueArray(
        fc.record({ at: fc.integer({ min: 0, max: 6 }), dose: fc.constantFrom(0, 0.5, 2, 4, 8) }),
        { maxLength: 3, selector: (x) => x.at },
      ),
    }),
  );

const componentOf = (c: Course): "enhancing" | "non_enhancing" =>
  c.criteria === "lgg" ? "non_enhancing" : "enhancing";
/** Volume of a lesion from its diameters (an ellipsoid with the third axis the perpendicular), mm³. */
const volumeOf = (d: [number, number]) => Math.round((Math.PI / 6) * d[0] * d[1] * d[1] * 10) / 10;

function toCase(c: Course): Case {
  const start = c.newlyDiagnosed ? "2024-03-29" : "2024-01-25";
  const dates = [start];
  for (let k = 0; k < c.follow.length; k++) dates.push(addDays(dates[k]!, c.spacing[k]!));
  const comp = componentOf(c);
  const lesion = (i: number, d: [number, number] | null) => {
    const id = `L${i}`;
    if (d === null) return { id, component: comp, status: "present" as const };
    if (d[0] === 0) return { id, component: comp, status: "absent" as const };
    return {
      id,
      component: comp,
      diametersMm: d,
      ...(c.volumetric
        ? { volumeMm3: volumeOf(d), extentsMm: [d[0], d[1], d[1]] as [number, number, number] }
        : {}),
    };
  };
  const input: CaseInput = {
    patient: {
      id: "PROP-1",
      tumorType:
        c.criteria === "bm"
          ? "brain_metastasis"
          : c.criteria === "lgg"
            ? "astrocytoma_idh_mutant"
            : "glioblastoma_idh_wildtype",
      ...(c.criteria === "lgg" ? { whoGrade: 2 as const } : {}),
      setting: c.newlyDiagnosed ? "newly_diagnosed" : "recurrent",
    },
    protocol: {
      t0: c.newlyDiagnosed ? "2024-04-01" : "2024-02-01",
      primaryMethod: c.volumetric ? "volumetric" : "bidimensional",
    },
    treatments: [
      ...(c.newlyDiagnosed
        ? [{ type: "radiotherapy" as const, start: "2024-01-22", end: "2024-03-01" }]
        : []),
      ...(c.criteria === "irano" ? [{ type: "immunotherapy" as const, start: dates[0]! }] : []),
    ],
    assessments: [
      { date: dates[0]!, lesions: c.baseline.map((d, i) => lesion(i, d)) },
      ...c.follow.map((scan, k) => ({ date: dates[k + 1]!, lesions: scan.map((d, i) => lesion(i, d)) })),
    ],
    steroids: c.steroids
      .filter((s) => s.at < dates.length)
      .map((s) => ({ date: addDays(dates[s.at]!, -3), doseMgPerDay: s.dose })),
  };
  const r = parseCase(input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

/** The case's own sum of the targets of a component on a date, in display units (mm, mm², mm³). */
function sumOn(c: Case, r: PatientResult, date: string, method: string): number | null {
  const a = c.assessments.find((x) => x.date === date);
  if (!a) return null;
  const targets = r.lesions.filter((l) => l.role === "target").map((l) => l.id);
  let sum = 0;
  for (const id of targets) {
    const l = a.lesions.find((x) => x.id === id);
    if (!l) return null;
    if (l.status === "absent") continue;
    if (method === "volumetric") {
      if (l.volumeMm3 === undefined) return null;
      sum += Math.round(l.volumeMm3 * 1000);
    } else {
      if (!l.diametersMm) return null;
      const [x, y] = l.diametersMm.map((v) => Math.round(v * 1000)) as [number, number];
      sum += method === "unidimensional" ? Math.max(x, y) : x * y;
    }
  }
  return sum;
}

const scale = (method: string) => (method === "volumetric" ? 1000 : method === "unidimensional" ? 1000 : 1e6);

/** "+12.5% vs nadir 2024-03-01 (120 mm²)" and the sum printed before it. */
const CHANGE =
  /(?:(\d+(?:\.\d+)?) (?:mm²|mm³|mm), )?([+-]?\d+\.\d+)% vs (baseline|nadir|preliminary-progression scan|reference scan of the first progression) (\d{4}-\d{2}-\d{2}) \((\d+(?:\.\d+)?) (mm²|mm³|mm)\)/g;
const THRESHOLD = /(?:≥|<) (\d+)%/g;
const THRESHOLD_MM = /≥ (\d+) mm\b/g;

/** How many change phrases were recomputed (the property must not pass vacuously). */
const checked = { changes: 0 };

function checkCourse(course: Course): void {
  const c = toCase(course);
  const r = assess(c, course.criteria);
  const key =
    course.criteria === "rano2" || course.criteria === "mrano"
      ? `${course.criteria}/${course.volumetric ? "volumetric" : "bidimensional"}`
      : course.criteria;
  const t = THRESHOLDS[key]!;
  const allowedPct = new Set([t.pd, t.pr, ...(t.mr === null ? [] : [t.mr])]);
  const method =
    course.criteria === "bm" ? "unidimensional" : course.volumetric ? "volumetric" : "bidimensional";
  expect(r.pfs.days).toBeGreaterThanOrEqual(0);
  if (r.dor) expect(r.dor.days).toBeGreaterThanOrEqual(0);
  for (const row of r.timepoints) {
    const text = `${row.explanation} ${row.nextAction ?? ""} ${row.status === "immediate" ? r.progression.reason : ""}`;
    for (const m of text.matchAll(THRESHOLD))
      expect(allowedPct, `${m[0]} in "${text}"`).toContain(Number(m[1]));
    for (const m of text.matchAll(THRESHOLD_MM)) expect(Number(m[1]), `${m[0]} in "${text}"`).toBe(t.mm);
    for (const rule of row.rules) {
      const ok = [...OWN_PREFIX[course.criteria]!, ...SHARED].some((p) => rule.startsWith(p));
      expect(ok, `${rule} cited by ${course.criteria}`).toBe(true);
    }
    if (row.label === "PR") {
      const own = PR_RULE[course.criteria]!;
      expect(row.rules.some((x) => x === own || (own.endsWith("-") && /^RANO2-TP-[46]$/.test(x)))).toBe(true);
    }
    // Text appended by a later scan ("resolved on D (…)") speaks of that scan's sums.
    const segments = row.explanation.split(/resolved on (\d{4}-\d{2}-\d{2})/);
    for (let s = 0; s < segments.length; s += 2) {
      const date = s === 0 ? row.date : segments[s - 1]!;
      checkChanges(c, r, method, t, date, segments[s]!);
    }
  }
}

function checkChanges(
  c: Case,
  r: PatientResult,
  method: string,
  t: (typeof THRESHOLDS)[string],
  date: string,
  text: string,
): void {
  for (const m of text.matchAll(CHANGE)) {
    checked.changes++;
    const shown = Number(m[2]);
    const refDate = m[4]!;
    const now = sumOn(c, r, date, method);
    const ref = sumOn(c, r, refDate, method);
    expect(ref, `reference ${refDate} recomputed`).not.toBeNull();
    expect(Number(m[5])).toBeCloseTo(ref! / scale(method), 6);
    if (now === null || ref === 0) continue;
    if (m[1] !== undefined) expect(Number(m[1])).toBeCloseTo(now / scale(method), 6);
    const exact = ((now - ref!) * 100) / ref!;
    const digits = (m[2]!.split(".")[1] ?? "").length;
    expect(Math.abs(shown - exact), `${m[0]}: exact ${exact}`).toBeLessThanOrEqual(
      0.5 * 10 ** -digits + 1e-9,
    );
    // Never on the other side of (or onto) a threshold it does not meet.
    for (const signed of [t.pd, -t.pr, ...(t.mr === null ? [] : [-t.mr])]) {
      const side = Math.sign(100 * now - (100 + signed) * ref!);
      expect(Math.sign(shown - signed), `${m[0]} vs threshold ${signed}% (exact ${exact})`).toBe(side);
    }
  }
}

describe("every explanation true, on random cases under every criteria set", () => {
  it("percentages, references, thresholds, rules, PFS / DOR", () => {
    checked.changes = 0;
    fc.assert(fc.property(courseArb, checkCourse), { numRuns: 400 });
    expect(checked.changes).toBeGreaterThan(500);
  });
  it("the boundary case the property is built to catch: +24.9975 %", () => {
    checkCourse({
      criteria: "rano2",
      volumetric: false,
      newlyDiagnosed: false,
      baseline: [[20, 20]],
      follow: [[[49.999, 10]]],
      spacing: [63, 0, 0, 0, 0, 0],
      steroids: [],
    });
  });
});
