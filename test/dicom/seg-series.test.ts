// DICOM SEG series: `measure --batch` over a folder mixing NIfTI and SEG files, and `track` over SEGs
// that leave out empty frames — a segment absent at a time point has no frames, and each SEG's frames
// span a different slice range — as well as frames stored out of order and mixed NIfTI/SEG series.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readMaskVolume } from "../../src/dicom/seg/mask-file.ts";
import { isSlab, placeSlab, sliceOffset, unionGrid } from "../../src/imaging/grid-align.ts";
import { encodeLabelVolume } from "../../src/imaging/nifti/write-label-volume.ts";
import type { LabelVolume } from "../../src/imaging/types.ts";
import { ellipsoid, grid, labelVolume } from "../imaging/phantoms.ts";
import { writeSeg } from "../support/seg-writer.ts";

const BIN = join(import.meta.dirname, "../../bin/ranokit.js");
const ranokit = (args: string[]) => spawnSync("node", [BIN, ...args], { encoding: "utf8" });
const dir = mkdtempSync(join(tmpdir(), "ranokit-seg-series-"));
const g = grid([40, 40, 16], [1, 1, 3], 0, [-20, -20, -24]);
const SEGMENTS = { 1: { label: "Necrosis" }, 2: { label: "Edema" }, 4: { label: "Enhancing tumor" } };
const MAP = "Necrosis=1,Edema=2,Enhancing tumor=4";
const shiftZ =
  (dz: number, f: (x: number, y: number, z: number) => boolean) => (x: number, y: number, z: number) =>
    f(x, y, z - dz);

// Baseline: enhancing lesion with necrosis and oedema, low in the volume; follow-up 1: smaller and
// higher up, no necrosis (the Necrosis segment has no frames); follow-up 2: enhancing gone, a little
// oedema only; follow-up 3: nothing at all (an empty SEG keeps one empty frame).
const SCANS: LabelVolume[] = [
  labelVolume(g, [
    [2, shiftZ(-6, ellipsoid(14, 12, 9))],
    [4, shiftZ(-6, ellipsoid(10, 8, 7))],
    [1, shiftZ(-6, ellipsoid(4, 4, 3))],
  ]),
  labelVolume(g, [
    [2, shiftZ(3, ellipsoid(10, 9, 7))],
    [4, shiftZ(3, ellipsoid(6, 5, 5))],
  ]),
  labelVolume(g, [[2, shiftZ(9, ellipsoid(6, 5, 4))]]),
  labelVolume(g, []),
];
const DATES = ["2024-01-10", "2024-03-10", "2024-05-10", "2024-07-10"];
const trackArgs = (n = DATES.length) => [
  "--dates",
  DATES.slice(0, n).join(","),
  "--patient",
  "P-7",
  "--tumor-type",
  "glioblastoma_idh_wildtype",
];
const TRACK = trackArgs();

const nii = SCANS.map((v, t) => {
  const path = join(dir, `t${t}.nii`);
  writeFileSync(path, encodeLabelVolume(v));
  return path;
});
// Without empty frames, as most tools write them; the second one slice by slice from the top with the
// segments interleaved, the third without Spacing Between Slices.
const seg = SCANS.map((v, t) => {
  const path = join(dir, `t${t}.dcm`);
  writeFileSync(
    path,
    writeSeg(v, {
      segments: SEGMENTS,
      skipEmpty: true,
      ...(t === 1 ? { order: "by-slice-descending" as const } : {}),
      ...(t === 2 ? { noSpacingBetweenSlices: true } : {}),
    }),
  );
  return path;
});

/** The case without the mask file names (notes cite them). */
const caseOf = (stdout: string) => JSON.parse(stdout.replaceAll(".dcm", ".nii"));

describe("track over SEGs without empty frames", () => {
  it("each SEG is a slab of its own slices; a segment without frames is simply absent", async () => {
    const mapping = (await import("../../src/dicom/seg/read-seg.ts")).parseSegmentMapping(MAP);
    const volumes = await Promise.all(seg.map((p) => readMaskVolume(p, mapping)));
    expect(volumes.every(isSlab)).toBe(true);
    expect(new Set(volumes.map((v) => v.dims[2])).size).toBeGreaterThan(1);
    const { grid: union, offsets } = unionGrid(volumes);
    expect(union.dims.slice(0, 2)).toEqual([40, 40]);
    // Every voxel lands where it was in the full grid.
    volumes.forEach((v, t) => {
      const placed = placeSlab(v, union, offsets[t]!);
      const first = sliceOffset(SCANS[0]!, placed);
      const plane = 40 * 40;
      const full = SCANS[t]!.labels;
      for (let k = 0; k < union.dims[2]; k++)
        expect(placed.labels.subarray(k * plane, (k + 1) * plane)).toEqual(
          full.subarray((k + first) * plane, (k + first + 1) * plane),
        );
    });
  });

  it("builds the same case as the NIfTI series", () => {
    const fromNii = ranokit(["track", ...nii, ...TRACK]);
    const fromSeg = ranokit(["track", ...seg, ...TRACK, "--segments", MAP]);
    expect(fromNii.status, fromNii.stderr).toBe(0);
    expect(fromSeg.status, fromSeg.stderr).toBe(0);
    const c = caseOf(fromSeg.stdout);
    expect(c).toEqual(caseOf(fromNii.stdout));
    // The enhancing lesion shrinks, then is gone; the last scan has no lesion at all.
    const enhancing = (a: { lesions: Array<{ component: string; status?: string }> }) =>
      a.lesions.filter((l) => l.component === "enhancing" && l.status !== "absent");
    expect(c.assessments.map(enhancing).map((l: unknown[]) => l.length)).toEqual([1, 1, 0, 0]);
  });

  it("a series mixing NIfTI and SEG uses the NIfTI's grid for the SEGs, before and after it", () => {
    const mixed = ranokit(["track", seg[0]!, nii[1]!, seg[2]!, seg[3]!, ...TRACK, "--segments", MAP]);
    expect(mixed.status, mixed.stderr).toBe(0);
    expect(caseOf(mixed.stdout)).toEqual(caseOf(ranokit(["track", ...nii, ...TRACK]).stdout));
  });

  it("a SEG off the series' slices, or reaching outside the NIfTI's field of view, is one line, exit 2", () => {
    // Shifted by half a slice along z: not on the series' slice lattice.
    const shifted = grid([40, 40, 16], [1, 1, 3], 0, [-20, -20, -22.5]);
    const off = join(dir, "off.dcm");
    writeFileSync(
      off,
      writeSeg({ ...SCANS[1]!, affine: shifted.affine }, { segments: SEGMENTS, skipEmpty: true }),
    );
    const r = ranokit(["track", seg[0]!, off, ...trackArgs(2), "--segments", MAP]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(new RegExp(`^ranokit: ${off}: .*first slice .* is off the slices`)),
    ]);
    // A SEG whose lesion lies below a smaller NIfTI's first slice.
    const small = grid([40, 40, 6], [1, 1, 3], 0, [-20, -20, 0]);
    const top = join(dir, "top.nii");
    writeFileSync(top, encodeLabelVolume(labelVolume(small, [])));
    const out = ranokit(["track", top, seg[0]!, ...trackArgs(2), "--segments", MAP]);
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(
      new RegExp(`^ranokit: ${seg[0]}: not on the same grid as ${top}: slice \\d+ lies outside`),
    );
  });
});

describe("measure --batch with DICOM SEG", () => {
  it("measures a folder of NIfTI and SEG files alike; bad files are named and never lose the others", () => {
    const batch = join(dir, "batch");
    mkdirSync(batch);
    writeFileSync(join(batch, "a.nii"), readFileSync(nii[0]!));
    // With every frame, so that slice indices match the NIfTI's too.
    writeFileSync(join(batch, "b.dcm"), writeSeg(SCANS[0]!, { segments: SEGMENTS }));
    // PACS exports often have no extension: recognised by the DICM preamble.
    writeFileSync(join(batch, "c"), writeSeg(SCANS[1]!, { segments: SEGMENTS, type: "FRACTIONAL" }));
    writeFileSync(join(batch, "d-broken.dcm"), readFileSync(seg[0]!).subarray(0, 3000));
    writeFileSync(
      join(batch, "e-overlap.dcm"),
      writeSeg(SCANS[0]!, { segments: SEGMENTS, overlap: { segment: 4, alsoLabel: 2 } }),
    );
    writeFileSync(join(batch, "notes.txt"), "not a mask\n");
    const r = ranokit(["measure", "--batch", batch, "--segments", MAP, "--workers", "2", "-f", "json"]);
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split("\n");
    expect(lines.slice(0, 2)).toEqual([
      expect.stringMatching(new RegExp(`^ranokit: ${join(batch, "d-broken.dcm")}: truncated`)),
      expect.stringMatching(
        new RegExp(`^ranokit: ${join(batch, "e-overlap.dcm")}: segments \\d and \\d overlap`),
      ),
    ]);
    expect(lines[2]).toMatch(/^measured 3 of 5 masks, 2 failed, /);
    const results = JSON.parse(r.stdout) as Array<{
      ok: boolean;
      path: string;
      rows?: Array<{ notes: string[] }>;
    }>;
    expect(results.map((x) => [x.path.slice(batch.length + 1), x.ok])).toEqual([
      ["a.nii", true],
      ["b.dcm", true],
      ["c", true],
      ["d-broken.dcm", false],
      ["e-overlap.dcm", false],
    ]);
    // Only the NIfTI knows its field of view along k (border notes); everything else is identical.
    const rows = (i: number) =>
      results[i]!.rows!.map((l) => ({
        ...l,
        notes: l.notes.filter((n) => !n.startsWith("touches the image border")),
      }));
    expect(rows(1)).toEqual(rows(0));
    expect(rows(0).length).toBeGreaterThan(0);
    const single = ranokit(["measure", join(batch, "c"), "--segments", MAP, "-f", "json"]);
    expect(JSON.parse(single.stdout)[0].lesions).toEqual(results[2]!.rows);
  });
});
