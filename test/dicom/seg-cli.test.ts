// ranokit measure / track on DICOM SEG files, run as a user would (issue 16 §3).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encodeLabelVolume } from "../../src/imaging/nifti/write-label-volume.ts";
import { ellipsoid, grid, labelVolume } from "../imaging/phantoms.ts";
import { writeSeg } from "../support/seg-writer.ts";

const BIN = join(import.meta.dirname, "../../bin/ranokit.js");
const ranokit = (args: string[]) => spawnSync("node", [BIN, ...args], { encoding: "utf8" });
const dir = mkdtempSync(join(tmpdir(), "ranokit-seg-cli-"));
const g = grid([40, 40, 12], [1, 1, 3], 0, [-20, -20, -18]);
const SEGMENTS = { 1: { label: "Necrosis" }, 2: { label: "Edema" }, 4: { label: "Enhancing tumor" } };
const MAP = "Necrosis=1,Edema=2,Enhancing tumor=4";
const TRACK_ARGS = [
  "--dates",
  "2024-01-10,2024-03-10",
  "--patient",
  "P-1",
  "--tumor-type",
  "glioblastoma_idh_wildtype",
];
const scan = (a: number) =>
  labelVolume(g, [
    [2, ellipsoid(a + 5, a + 4, a + 6)],
    [4, ellipsoid(a, a - 2, a + 2)],
    [1, ellipsoid(a / 3, a / 3, a / 3)],
  ]);
const files = [12, 8].map((a, t) => {
  const v = scan(a);
  const nii = join(dir, `t${t}.nii`);
  const seg = join(dir, `t${t}.dcm`);
  writeFileSync(nii, encodeLabelVolume(v));
  writeFileSync(seg, writeSeg(v, { segments: SEGMENTS }));
  return { nii, seg };
});

describe("ranokit measure and track with DICOM SEG", () => {
  it("measure: a SEG and the same NIfTI give the same lesion table; a bad file is one line, exit 2", () => {
    const fromNii = ranokit(["measure", files[0]!.nii, "-f", "json"]);
    const broken = join(dir, "broken.dcm");
    writeFileSync(broken, readFileSync(files[0]!.seg).subarray(0, 2000));
    const fromSeg = ranokit(["measure", files[0]!.seg, broken, "--segments", MAP, "-f", "json"]);
    expect(fromNii.status).toBe(0);
    expect(fromSeg.status).toBe(2);
    expect(fromSeg.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(new RegExp(`^ranokit: ${broken}: truncated`)),
    ]);
    const lesions = (out: string) => JSON.parse(out).map((m: { lesions: unknown }) => m.lesions);
    expect(lesions(fromSeg.stdout)).toEqual(lesions(fromNii.stdout));
    expect(lesions(fromSeg.stdout)[0].length).toBeGreaterThan(0);
  });

  it("track: SEG time points build the same case as the NIfTI ones", () => {
    const nii = ranokit(["track", files[0]!.nii, files[1]!.nii, ...TRACK_ARGS]);
    const seg = ranokit(["track", files[0]!.seg, files[1]!.seg, ...TRACK_ARGS, "--segments", MAP]);
    expect(nii.status).toBe(0);
    expect(seg.status).toBe(0);
    // Identical but for the mask file names in the notes.
    expect(seg.stdout.replaceAll(".dcm", ".nii")).toBe(nii.stdout);
    expect(JSON.parse(seg.stdout).assessments[1].lesions[0].diametersMm[0]).toBeLessThan(
      JSON.parse(seg.stdout).assessments[0].lesions[0].diametersMm[0],
    );
  });

  it("a segment missing from --segments is named, exit 2", () => {
    const r = ranokit(["measure", files[0]!.seg, "--segments", "Edema=2"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`ranokit: ${files[0]!.seg}: segment 1 "Necrosis"`);
  });
});

describe("sr --masks: axis end points as SCOORD3D polylines", () => {
  it("writes each axis's line under its NUM; the line's length is the diameter; validators find 0 errors", async () => {
    const casePath = join(dir, "tracked.json");
    expect(
      ranokit(["track", files[0]!.seg, files[1]!.seg, ...TRACK_ARGS, "--segments", MAP, "-o", casePath])
        .status,
    ).toBe(0);
    const out = join(dir, "sr-lines");
    const r = ranokit([
      "sr",
      casePath,
      "-o",
      out,
      "--masks",
      `${files[0]!.seg},${files[1]!.seg}`,
      "--segments",
      MAP,
    ]);
    expect(r.status, r.stderr).toBe(0);
    const { readPart10 } = await import("../../src/dicom/part10.ts");
    const c = JSON.parse(readFileSync(casePath, "utf8"));
    let lines = 0;
    for (const a of c.assessments) {
      const ds = readPart10(readFileSync(join(out, `P-1_${a.date}_unspecified.dcm`)), "sr");
      const find = (items: any[], code: string) =>
        items.filter((i) => i.ConceptNameCodeSequence[0].CodeValue === code);
      const groups = find(ds.ContentSequence, "126010")[0].ContentSequence;
      for (const [g, lesion] of groups.map((g: { ContentSequence: unknown[] }, i: number) => [
        g,
        a.lesions[i],
      ])) {
        if (!lesion.diametersMm) continue;
        ["103339001", "103340004"].forEach((axis, k) => {
          const num = find(g.ContentSequence, axis)[0];
          const [scoord] = num.ContentSequence;
          expect(scoord.ValueType).toBe("SCOORD3D");
          expect(scoord.RelationshipType).toBe("INFERRED FROM");
          const p = scoord.GraphicData.map(Number);
          const length = Math.hypot(p[3] - p[0], p[4] - p[1], p[5] - p[2]);
          expect(Math.abs(length - lesion.diametersMm[k])).toBeLessThanOrEqual(0.0051);
          lines++;
        });
      }
    }
    expect(lines).toBeGreaterThanOrEqual(4);
    const { dciodvfyErrors, dsrdump, hasTool } = await import("../support/dicom-tools.ts");
    if (hasTool("dciodvfy") && hasTool("dsrdump")) {
      const file = join(out, "P-1_2024-01-10_unspecified.dcm");
      expect(dciodvfyErrors(file)).toEqual([]);
      expect(dsrdump(file).errors).toEqual([]);
      expect(dsrdump(file).text).toContain("inferred from SCOORD3D");
    }
  });
});
