// Property tests of lesion tracking on random series: lesions are boxes in 16 disjoint cells of the
// grid; at each time point a cell keeps its previous lesion, empties, or gets a random new one.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { intersectionSize, trackSeries } from "../../src/imaging/tracking/index.ts";
import type { ImagingComponent, MaskMeasurement, MeasuredLesion } from "../../src/imaging/types.ts";
import { lesion, mask } from "./support/synthetic.ts";

const CELLS = 16;
const CELL = 16;

const newLesion = fc.record({
  kind: fc.constant("lesion" as const),
  component: fc.constantFrom<ImagingComponent>("enhancing", "enhancing", "non_enhancing", "cavity"),
  size: fc.integer({ min: 2, max: 12 }),
  di: fc.integer({ min: 0, max: 3 }),
  dj: fc.integer({ min: 0, max: 3 }),
  depth: fc.integer({ min: 1, max: 6 }),
  k: fc.integer({ min: 0, max: 10 }),
});
// Two boxes side by side with a one-voxel gap: against a single box in the same cell at the previous or
// next time point this makes splits and merges.
const pair = fc.record({
  kind: fc.constant("pair" as const),
  component: fc.constantFrom<ImagingComponent>("enhancing", "non_enhancing"),
  width: fc.integer({ min: 1, max: 6 }),
  size: fc.integer({ min: 2, max: 12 }),
  depth: fc.integer({ min: 1, max: 6 }),
  k: fc.integer({ min: 0, max: 10 }),
});
const action = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: "keep" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "none" as const }) },
  { weight: 2, arbitrary: newLesion },
  { weight: 1, arbitrary: pair },
);
const seriesSpec = fc.array(fc.array(action, { minLength: CELLS, maxLength: CELLS }), {
  minLength: 2,
  maxLength: 7,
});

function build(spec: typeof seriesSpec extends fc.Arbitrary<infer T> ? T : never): MaskMeasurement[] {
  const current: MeasuredLesion[][] = Array.from({ length: CELLS }, () => []);
  return spec.map((actions, t) => {
    actions.forEach((a, cell) => {
      const i0 = (cell % 4) * CELL;
      const j0 = Math.floor(cell / 4) * CELL;
      if (a.kind === "none") current[cell] = [];
      else if (a.kind === "lesion") {
        current[cell] = [
          lesion(`c${cell}`, a.component, [
            [
              [i0 + a.di, j0 + a.dj, a.k],
              [i0 + a.di + a.size, j0 + a.dj + a.size, a.k + a.depth],
            ],
          ]),
        ];
      } else if (a.kind === "pair") {
        const box = (from: number, id: string) =>
          lesion(id, a.component, [
            [
              [i0 + from, j0, a.k],
              [i0 + from + a.width, j0 + a.size, a.k + a.depth],
            ],
          ]);
        current[cell] = [box(0, `c${cell}a`), box(a.width + 1, `c${cell}b`)];
      }
      // "keep": the same lesion object again (identical voxels).
    });
    return mask(`t${t}`, current.flat());
  });
}

describe("tracking properties", () => {
  it("every lesion gets exactly one id; ids are persistent and never reused", () => {
    const splitsAndMerges = { splits: 0, merges: 0 };
    fc.assert(
      fc.property(seriesSpec, (spec) => {
        const series = build(spec);
        const r = trackSeries(series);
        const componentOf = new Map<string, string>();
        const lastSeen = new Map<string, MeasuredLesion>();
        const retired = new Set<string>();
        const seenVoxels: { component: string; voxels: Uint32Array }[] = [];
        r.timePoints.forEach((tp, t) => {
          const input = series[t]!.lesions.filter((l) => l.component !== "cavity");
          // Exactly one id per (non-cavity) lesion, unique within the time point.
          expect(tp.lesions.map((l) => l.lesion)).toEqual(input);
          const ids = tp.lesions.map((l) => l.id);
          expect(new Set(ids).size).toBe(ids.length);
          for (const tl of tp.lesions) {
            expect(retired.has(tl.id)).toBe(false);
            const comp = componentOf.get(tl.id);
            if (comp !== undefined) expect(comp).toBe(tl.component);
            const before = lastSeen.get(tl.id);
            if (before) {
              // An id is only carried on through overlap with the lesion's last appearance.
              expect(intersectionSize(before.voxels, tl.lesion.voxels)).toBeGreaterThan(0);
            } else if (t > 0) {
              const fragment = tp.splits.some((s) => s.into.includes(tl.id));
              expect(fragment || tp.newIds.includes(tl.id)).toBe(true);
            }
            // A lesion overlapping nothing seen before in its component gets a new id.
            const overlapsHistory = seenVoxels.some(
              (s) => s.component === tl.component && intersectionSize(s.voxels, tl.lesion.voxels) > 0,
            );
            if (!overlapsHistory) expect(tp.newIds).toContain(tl.id);
          }
          // The same lesion at consecutive time points keeps its id.
          if (t > 0) {
            for (const tl of tp.lesions) {
              const prev = r.timePoints[t - 1]!.lesions.find((p) => p.lesion === tl.lesion);
              if (prev) expect(tl.id).toBe(prev.id);
            }
          }
          for (const m of tp.merges) for (const id of m.from) retired.add(id);
          for (const tl of tp.lesions) {
            componentOf.set(tl.id, tl.component);
            lastSeen.set(tl.id, tl.lesion);
            seenVoxels.push({ component: tl.component, voxels: tl.lesion.voxels });
          }
        });
        splitsAndMerges.splits += r.timePoints.reduce((n, tp) => n + tp.splits.length, 0);
        splitsAndMerges.merges += r.timePoints.reduce((n, tp) => n + tp.merges.length, 0);
        // The summaries agree with the per-time-point lists.
        for (const track of r.tracks) {
          track.presence.forEach((present, t) => {
            expect(r.timePoints[t]!.lesions.some((l) => l.id === track.id)).toBe(present);
          });
        }
      }),
      { numRuns: 400 },
    );
    // The generator does exercise splits and merges.
    expect(splitsAndMerges.splits).toBeGreaterThan(10);
    expect(splitsAndMerges.merges).toBeGreaterThan(10);
  });
});
