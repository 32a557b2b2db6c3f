// `ranokit measure` and `ranokit track` run as a user would, on NIfTI files written by the writer.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeLabelVolume } from "../../src/imaging/nifti/write-label-volume.ts";
import { ellipsoid, grid, labelVolume } from "../imaging/phantoms.ts";

const BIN = join(import.meta.dirname, "../../bin/ranokit.js");
const ranokit = (args: string[]) =>
  spawnSync("node", [BIN, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

const dir = mkdtempSync(join(tmpdir(), "ranokit-masks-"));
const g = grid([72, 72, 30], [1, 1, 2], 0, [-36, -36, -30]);
const shift =
  (f: (x: number, y: number, z: number) => boolean, dx: number, dy: number) =>
  (x: number, y: number, z: number) =>
    f(x - dx, y - dy, z);
const series = (scale: number, extra: boolean) =>
  labelVolume(g, [
    [2, shift(ellipsoid(18 * scale, 14 * scale, 12), -10, 0)],
    [4, shift(ellipsoid(12 * scale, 8 * scale, 8), -10, 0)],
    [4, shift(ellipsoid(7 * scale, 6 * scale, 6), 20, 18)],
    ...(extra
      ? ([[4, shift(ellipsoid(7, 6, 5), 20, -20)]] as Array<
          [number, (x: number, y: number, z: number) => boolean]
        >)
      : []),
  ]);
const masks = [series(1, false), series(0.7, false), series(0.7, false), series(0.8, true)].map((v, i) => {
  const file = join(dir, `t${i}.nii.gz`);
  writeLabelVolume(v, file);
  return file;
});
writeFileSync(join(dir, "broken.nii.gz"), readFileSync(masks[0]!).subarray(0, 300));

describe("ranokit measure", () => {
  it("prints the lesion table with volumes, diameters and measurability", () => {
    const r = ranokit(["measure", masks[0]!]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("t0.nii.gz · 3 lesions");
    expect(r.stdout).toMatch(/E1\s+enhancing\s+\d+\.\d\s+24\.\d × 16\.\d/);
  });

  it("JSON carries the diameters' end points in voxel and world coordinates", () => {
    const r = ranokit(["measure", masks[0]!, "--format", "json"]);
    const [file] = JSON.parse(r.stdout);
    const e1 = file.lesions[0];
    expect(e1.diameters.longest.fromWorld).toHaveLength(3);
    expect(e1.diameters.longest.fromVoxel).toHaveLength(3);
    expect(e1.volumeMm3).toBeGreaterThan(0);
  });

  it("--batch measures a folder in worker threads; a broken file is reported, the others measured (exit 2)", () => {
    const r = ranokit(["measure", "--batch", dir, "--format", "csv", "--workers", "2"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("broken.nii.gz: broken gzip stream");
    expect(r.stderr).toMatch(/measured 4 of 5 masks, 1 failed/);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toContain("file,id,component,volume_mm3,longest_mm,perpendicular_mm,product_mm2");
    expect(lines.filter((l) => l.includes("t3.nii.gz,E"))).toHaveLength(3);
  });

  it("bad options are usage errors naming the option", () => {
    const r = ranokit(["measure", masks[0]!, "--preset", "brats1999"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown preset "brats1999"');
  });
});

describe("ranokit track → assess", () => {
  it("builds a case from four masks that the engine assesses: PR, then PD with a new lesion", () => {
    const out = join(dir, "case.json");
    const t = ranokit([
      "track",
      ...masks,
      "--dates",
      "2024-01-10,2024-03-05,2024-04-05,2024-06-01",
      "--patient",
      "P-MASK",
      "--tumor-type",
      "glioblastoma_idh_wildtype",
      "-o",
      out,
    ]);
    expect(t.status).toBe(0);
    const a = ranokit(["assess", out, "--format", "json"]);
    expect(a.status).toBe(0);
    const [res] = JSON.parse(a.stdout);
    expect(res.bestOverallResponse).toMatchObject({ category: "PR", confirmed: true });
    expect(res.progression.date).toBe("2024-06-01");
  });

  it("masks on different grids are rejected, naming both files", () => {
    const other = join(dir, "other-grid.nii.gz");
    writeLabelVolume(labelVolume(grid([70, 72, 30], [1, 1, 2]), []), other);
    const r = ranokit([
      "track",
      masks[0]!,
      other,
      "--dates",
      "2024-01-10,2024-03-05",
      "--patient",
      "P",
      "--tumor-type",
      "glioblastoma_idh_wildtype",
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("other-grid.nii.gz");
    expect(r.stderr).toContain("t0.nii.gz");
  });
});
