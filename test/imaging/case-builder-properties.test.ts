// Property test: for random lesion series (splits, merges, disappearances, reappearances, both
// components, cavities), the built case always parses, every baseline lesion and every new lesion is
// listed at every later time point, and the engine assesses it under the chosen criteria.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assess, parseCase } from "../../src/engine/index.ts";
import { buildCase } from "../../src/imaging/case-builder/index.ts";
import { trackSeries } from "../../src/imaging/tracking/index.ts";
import type { ImagingComponent, MaskMeasurement, MeasuredLesion } from "../../src/imaging/types.ts";
import { lesion, mask } from "./support/synthetic.ts";

const CELLS = 9;
const CELL = 21;
const GRID3 = [63, 63, 24] as const;

const shape = fc.record({
  component: fc.constantFrom<ImagingComponent>("enhancing", "enhancing", "non_enhancing", "cavity"),
  pair: fc.boolean(),
  size: fc.integer({ min: 3, max: 18 }),
  depth: fc.integer({ min: 1, max: 6 }),
  cavityWall: fc.boolean(),
});
const cell = fc.oneof(
  { weight: 3, arbitrary: fc.constant("keep" as const) },
  { weight: 1, arbitrary: fc.constant("none" as const) },
  { weight: 2, arbitrary: shape },
);
const spec = fc.record({
  steps: fc.array(fc.array(cell, { minLength: CELLS, maxLength: CELLS }), { minLength: 1, maxLength: 6 }),
  tumor: fc.constantFrom(
    { tumorType: "glioblastoma_idh_wildtype" as const, significantNonEnhancing: false },
    { tumorType: "astrocytoma_idh_mutant" as const, significantNonEnhancing: true },
    { tumorType: "brain_metastasis" as const, significantNonEnhancing: false },
  ),
  baselineAt: fc.nat(5),
});

function series(steps: (typeof spec extends fc.Arbitrary<infer T> ? T : never)["steps"]): MaskMeasurement[] {
  const current: MeasuredLesion[][] = Array.from({ length: CELLS }, () => []);
  return steps.map((cells, t) => {
    cells.forEach((c, i) => {
      if (c === "keep") return;
      if (c === "none") {
        current[i] = [];
        return;
      }
      const i0 = (i % 3) * CELL;
      const j0 = Math.floor(i / 3) * CELL;
      const wall = c.cavityWall && c.component !== "cavity" ? { cavityWall: true } : {};
      if (c.pair) {
        const w = Math.max(1, Math.floor((c.size - 1) / 2));
        current[i] = [0, w + 1].map((from, k) =>
          lesion(
            `c${i}${k}`,
            c.component,
            [
              [
                [i0 + from, j0, 2],
                [i0 + from + w, j0 + c.size, 2 + c.depth],
              ],
            ],
            wall,
            GRID3,
          ),
        );
      } else {
        current[i] = [
          lesion(
            `c${i}`,
            c.component,
            [
              [
                [i0, j0, 2],
                [i0 + c.size, j0 + c.size, 2 + c.depth],
              ],
            ],
            wall,
            GRID3,
          ),
        ];
      }
    });
    return mask(`t${t}`, current.flat(), GRID3);
  });
}

describe("case builder properties", () => {
  it("always writes a valid case that the engine assesses, listing every followed lesion", () => {
    fc.assert(
      fc.property(spec, ({ steps, tumor, baselineAt }) => {
        const s = series(steps);
        const dates = s.map((_, t) => new Date(Date.UTC(2024, 0, 10 + 42 * t)).toISOString().slice(0, 10));
        const b = Math.min(baselineAt, s.length - 1);
        const built = buildCase({
          tracking: trackSeries(s),
          dates,
          patient: { id: "PROP", setting: "recurrent", ...tumor },
          baselineDate: dates[b]!,
        });
        const parsed = parseCase(built.document);
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
        const c = parsed.value;
        const result = assess(c, built.criteria);
        expect(result.baselineDate).toBe(dates[b]);
        expect(result.timepoints.every((tp) => tp.finalLabel !== "NE" || tp.kind !== "follow_up")).toBe(true);
        const baselineIds = c.assessments[b]!.lesions.map((l) => l.id);
        expect(baselineIds.sort()).toEqual([...built.targets, ...built.nonTargets].sort());
        for (let t = b + 1; t < s.length; t++) {
          const ids = new Set(c.assessments[t]!.lesions.map((l) => l.id));
          for (const id of baselineIds) expect(ids.has(id)).toBe(true);
          for (const n of built.newLesions) if (n.firstSeen <= dates[t]!) expect(ids.has(n.id)).toBe(true);
        }
        // Targets are measurable, within the criteria's limits.
        expect(built.targets.length).toBeLessThanOrEqual(built.criteria === "bm" ? 5 : 4);
        const engineTargets = result.lesions.filter((l) => l.role === "target").map((l) => l.id);
        expect(engineTargets.sort()).toEqual([...built.targets].sort());
      }),
      { numRuns: 200 },
    );
  });
});
