// Invariants of the RANO 2.0 engine, checked on random courses (fast-check).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "../../src/engine/core/dates.ts";
import { assess } from "../../src/engine/index.ts";
import type { CaseInput } from "../../src/engine/model/case.ts";
import { parseCase } from "../../src/engine/model/parse.ts";
import type { Label, PatientResult } from "../../src/engine/model/result.ts";

/** Better response = higher rank. Progression (PD) is the worst, preliminary PD next. */
const RANK: Record<Label, number> = { CR: 6, PR: 5, MR: 4, SD: 3, IND: 2, NE: 2, "PD-P": 1, PD: 0 };

type Diam = [number, number];
interface Course {
  newlyDiagnosed: boolean;
  baseline: Diam[];
  /** Follow-ups: one pair of diameters per target (0 = disappeared). */
  follow: Diam[][];
  spacing: number[];
}

const diam = (min: number, max: number) =>
  // [longest, perpendicular]: the perpendicular is never the longer one (the case model rejects that).
  fc
    .tuple(fc.integer({ min, max }), fc.integer({ min, max }))
    .map(([a, b]) => [Math.max(a, b) / 10, Math.min(a, b) / 10] as Diam);

const courseArb: fc.Arbitrary<Course> = fc.integer({ min: 1, max: 3 }).chain((n) =>
  fc.record({
    newlyDiagnosed: fc.boolean(),
    baseline: fc.array(diam(100, 400), { minLength: n, maxLength: n }),
    follow: fc.array(
      fc.array(fc.oneof(diam(0, 500), fc.constant([0, 0] as Diam)), { minLength: n, maxLength: n }),
      {
        minLength: 1,
        maxLength: 5,
      },
    ),
    spacing: fc.array(fc.integer({ min: 14, max: 70 }), { minLength: 5, maxLength: 5 }),
  }),
);

function toCase(
  c: Course,
  extra?: { at: number; lesion: CaseInput["assessments"][number]["lesions"] },
): CaseInput {
  const start = c.newlyDiagnosed ? "2024-03-29" : "2024-01-25";
  let date = start;
  const lesion = (i: number, d: Diam) =>
    d[0] === 0 || d[1] === 0
      ? { id: `L${i}`, component: "enhancing" as const, status: "absent" as const }
      : { id: `L${i}`, component: "enhancing" as const, diametersMm: d };
  const assessments: CaseInput["assessments"] = [{ date, lesions: c.baseline.map((d, i) => lesion(i, d)) }];
  c.follow.forEach((scan, k) => {
    date = addDays(date, c.spacing[k]!);
    const lesions: NonNullable<CaseInput["assessments"][number]["lesions"]> = scan.map((d, i) =>
      lesion(i, d),
    );
    if (extra && extra.at === k) lesions.push(...(extra.lesion ?? []));
    assessments.push({ date, lesions });
  });
  return {
    patient: {
      id: "PROP",
      tumorType: "glioblastoma_idh_wildtype",
      setting: c.newlyDiagnosed ? "newly_diagnosed" : "recurrent",
    },
    protocol: { t0: c.newlyDiagnosed ? "2024-04-01" : "2024-02-01" },
    treatments: c.newlyDiagnosed ? [{ type: "radiotherapy", start: "2024-01-22", end: "2024-03-01" }] : [],
    assessments,
  };
}

function run(input: CaseInput): PatientResult {
  const parsed = parseCase(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return assess(parsed.value, "rano2");
}

const labelAt = (r: PatientResult, k: number): Label => {
  const rows = r.timepoints.filter((t) => t.kind !== "pre_baseline" && t.kind !== "baseline");
  const row = rows[k];
  // After a progression the course has ended: treat as progression for comparison.
  return row?.label ?? "PD";
};

describe("RANO 2.0 invariants (property-based)", () => {
  it("enlarging a target lesion never gives a better category at that time point", () => {
    fc.assert(
      fc.property(
        courseArb,
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: 80 }),
        (course, kSeed, jSeed, grow) => {
          const k = kSeed % course.follow.length;
          const j = jSeed % course.baseline.length;
          const bigger = structuredClone(course);
          const d = bigger.follow[k]![j]!;
          bigger.follow[k]![j] =
            d[0] === 0 ? [10 + grow / 10, 10 + grow / 10] : [d[0] + grow / 10, d[1] + grow / 10];
          const before = labelAt(run(toCase(course)), k);
          const after = labelAt(run(toCase(bigger)), k);
          expect(RANK[after]).toBeLessThanOrEqual(RANK[before]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("adding a new lesion never gives a better category at that time point", () => {
    fc.assert(
      fc.property(courseArb, fc.nat(), diam(30, 300), fc.boolean(), (course, kSeed, d, outside) => {
        const k = kSeed % course.follow.length;
        const extra = {
          at: k,
          lesion: [
            { id: "NEW1", component: "enhancing" as const, diametersMm: d, outsideRadiationField: outside },
          ],
        };
        const before = labelAt(run(toCase(course)), k);
        const after = labelAt(run(toCase(course, extra)), k);
        expect(RANK[after]).toBeLessThanOrEqual(RANK[before]);
      }),
      { numRuns: 300 },
    );
  });

  it("results do not depend on lesion order, assessment order or JSON key order", () => {
    const stripPaths = (r: PatientResult) =>
      JSON.parse(JSON.stringify(r, (key, value) => (key === "path" ? undefined : value))) as unknown;
    const reverseKeys = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reverseKeys)
        : v && typeof v === "object"
          ? Object.fromEntries(
              Object.entries(v as Record<string, unknown>)
                .reverse()
                .map(([key, x]) => [key, reverseKeys(x)]),
            )
          : v;
    fc.assert(
      fc.property(courseArb, fc.integer(), (course, seed) => {
        const original = toCase(course);
        const shuffled = reverseKeys(structuredClone(original)) as CaseInput;
        let s = seed;
        const rand = () => {
          s = (s * 1103515245 + 12345) & 0x7fffffff;
          return s;
        };
        for (const a of shuffled.assessments) a.lesions?.sort(() => (rand() % 2 === 0 ? -1 : 1));
        shuffled.assessments.reverse();
        expect(stripPaths(run(shuffled))).toEqual(stripPaths(run(original)));
      }),
      { numRuns: 200 },
    );
  });
});
