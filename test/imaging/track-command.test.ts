// `ranokit track` option handling and output, in process, with a stand-in for the NIfTI reader and the
// measurement (the end-to-end test on real NIfTI files is in track-cli.test.ts).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterEach, describe, expect, it, vi } from "vitest";
import { registerTrack, type TrackPipeline } from "../../src/cli/commands/track.ts";
import { parseCaseJson } from "../../src/engine/index.ts";
import type { LabelVolume, MeasuredLesion } from "../../src/imaging/types.ts";
import { cube, GRID, lesion } from "./support/synthetic.ts";

const MASKS: Record<string, MeasuredLesion[]> = {
  "t0.nii.gz": [
    lesion("E1", "enhancing", [cube([5, 5, 2], 20)], { diametersMm: [20, 16] }),
    lesion("E2", "enhancing", [cube([40, 5, 2], 12)], { diametersMm: [12, 11] }),
  ],
  "t1.nii.gz": [lesion("E1", "enhancing", [cube([5, 5, 2], 16)], { diametersMm: [16, 12] })],
  "t2.nii.gz": [
    lesion("E1", "enhancing", [cube([5, 5, 2], 16)], { diametersMm: [16, 12] }),
    lesion("E2", "enhancing", [cube([40, 40, 2], 14)], { diametersMm: [14, 12] }),
  ],
};

const volume = (path: string, dims = GRID): LabelVolume => ({
  dims,
  spacingMm: [1, 1, 1],
  affine: [
    [1, 0, 0, 0],
    [0, 1, 0, 0],
    [0, 0, 1, 0],
    [0, 0, 0, 1],
  ],
  labels: new Uint8Array(0),
  source: path,
});

const fake: TrackPipeline = {
  read: (path) => {
    const name = path.split("/").pop()!;
    if (name === "odd.nii.gz") return volume(path, [64, 64, 30]);
    if (!(name in MASKS) && name !== "odd.nii.gz") throw new Error(`no such file ${path}`);
    return volume(path);
  },
  sameGrid: (a, b) => {
    if (a.dims.some((d, i) => d !== b.dims[i])) throw new Error(`dims ${a.dims} vs ${b.dims}`);
  },
  measure: (v) => {
    const name = v.source!.split("/").pop()!;
    return { source: v.source!, dims: v.dims, spacingMm: v.spacingMm, lesions: MASKS[name] ?? [] };
  },
};

async function run(args: string[]) {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((s) => {
    stdout += String(s);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((s) => {
    stderr += String(s);
    return true;
  });
  const program = new Command().exitOverride();
  registerTrack(program, fake);
  try {
    await program.parseAsync(["node", "ranokit", "track", ...args]);
    return { stdout, stderr, error: null as Error | null };
  } catch (e) {
    return { stdout, stderr, error: e as Error };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const BASE = [
  "t0.nii.gz",
  "t1.nii.gz",
  "t2.nii.gz",
  "--dates",
  "2024-01-10,2024-03-05,2024-05-02",
  "--patient",
  "P001",
  "--tumor-type",
  "glioblastoma_idh_wildtype",
];

afterEach(() => vi.restoreAllMocks());

describe("ranokit track (in process)", () => {
  it("prints the case JSON on stdout and the lesion table on stderr", async () => {
    const r = await run(BASE);
    expect(r.error).toBeNull();
    const parsed = parseCaseJson(r.stdout);
    expect(parsed.ok).toBe(true);
    expect(r.stderr).toMatch(/lesion\s+component\s+role\s+2024-01-10 \(BL\)\s+2024-03-05\s+2024-05-02/);
    expect(r.stderr).toMatch(/L2\s+enhancing\s+target\s+12\.0×11\.0\s+absent\s+absent/);
    expect(r.stderr).toMatch(/L3\s+enhancing\s+new\s+·\s+·\s+14\.0×12\.0/);
  });

  it("--format table prints the table on stdout; -o writes the case", async () => {
    const dir = mkdtempSync(join(tmpdir(), "track-"));
    const out = join(dir, "case.json");
    const report = join(dir, "tracking.json");
    const r = await run([
      ...BASE,
      "--format",
      "table",
      "-o",
      out,
      "--targets",
      "L1",
      "--tracking-json",
      report,
    ]);
    expect(r.error).toBeNull();
    expect(r.stdout).toMatch(/targets: L1; non-targets: L2; new: L3 \(2024-05-02\)/);
    const c = parseCaseJson(readFileSync(out, "utf8"));
    expect(c.ok && c.value.assessments[0]!.lesions.map((l) => [l.id, l.role])).toEqual([
      ["L1", "target"],
      ["L2", "non_target"],
    ]);
    const tracking = JSON.parse(readFileSync(report, "utf8"));
    expect(tracking.timePoints[1]).toMatchObject({
      date: "2024-03-05",
      source: "t1.nii.gz",
      disappearedIds: ["L2"],
    });
    expect(tracking.timePoints[2].lesions.map((l: any) => [l.maskLesionId, l.id])).toEqual([
      ["E1", "L1"],
      ["E2", "L3"],
    ]);
  });

  it("reads overrides from JSON", async () => {
    const dir = mkdtempSync(join(tmpdir(), "track-"));
    const file = join(dir, "ov.json");
    writeFileSync(file, JSON.stringify({ nonTargets: ["L1"] }));
    const r = await run([...BASE, "--overrides", file, "--format", "table"]);
    expect(r.stdout).toMatch(/targets: L2; non-targets: L1/);
    writeFileSync(file, JSON.stringify({ target: ["L1"] }));
    expect((await run([...BASE, "--overrides", file])).error?.message).toMatch(
      /ov\.json: unknown key "target"/,
    );
  });

  it("rejects bad input with a clear message", async () => {
    const msg = async (args: string[]) => (await run(args)).error?.message ?? "";
    expect(await msg([...BASE.slice(0, 4), "2024-01-10,2024-03-05", ...BASE.slice(5)])).toMatch(
      /2 date\(s\) for 3 mask\(s\)/,
    );
    const swapped = BASE.map((a) =>
      a === "2024-01-10,2024-03-05,2024-05-02" ? "2024-03-05,2024-01-10,2024-05-02" : a,
    );
    expect(await msg(swapped)).toMatch(/strictly ascending: date 2 2024-01-10 \(t1\.nii\.gz\)/);
    const odd = BASE.map((a) => (a === "t1.nii.gz" ? "odd.nii.gz" : a));
    expect(await msg(odd)).toMatch(/odd\.nii\.gz: not on the same grid as t0\.nii\.gz/);
    expect(await msg([...BASE, "--tumor-type", "gbm"])).toMatch(/--tumor-type must be one of/);
    expect(await msg([...BASE, "--min-overlap", "abc"])).toMatch(/--min-overlap must be a number/);
    expect(await msg([...BASE, "--min-overlap", "1.5"])).toMatch(/minimum overlap must be in \(0, 1\]/);
    expect(await msg([...BASE, "--criteria", "hgg"])).toMatch(/--criteria must be auto, rano2 or bm/);
    expect(await msg([...BASE, "--targets", "L9"])).toMatch(/L9 is not a baseline lesion/);
    expect(await msg([...BASE, "--baseline", "2024-02-01"])).toMatch(/--baseline: 2024-02-01 is not one of/);
  });
});
