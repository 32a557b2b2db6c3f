// The generated example data are what the committed generator writes: re-running it into a fresh
// directory gives the same NDJSON cohort and statistics tables byte for byte, and the same masks voxel
// for voxel (compared decompressed, so a different zlib build cannot fail the test).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const generated = ["masks", "ndjson", "stats"];

describe("examples/", () => {
  it("are reproduced by scripts/examples/generate.ts", () => {
    const dir = mkdtempSync(join(tmpdir(), "ranokit-examples-"));
    const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/examples/generate.ts", dir], {
      cwd: root,
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(0);
    for (const sub of generated) {
      const committed = readdirSync(join(root, "examples", sub)).sort();
      expect(readdirSync(join(dir, sub)).sort()).toEqual(committed);
      for (const f of committed) {
        const read = (base: string) => {
          const bytes = readFileSync(join(base, sub, f));
          return f.endsWith(".gz") ? gunzipSync(bytes) : bytes;
        };
        expect(read(dir).equals(read(join(root, "examples"))), `examples/${sub}/${f}`).toBe(true);
      }
    }
  });

  it("include a patient's mask series of 4 time points, each a small file", () => {
    const masks = readdirSync(join(root, "examples/masks"));
    expect(masks).toEqual(["P001-t0.nii.gz", "P001-t1.nii.gz", "P001-t2.nii.gz", "P001-t3.nii.gz"]);
    for (const m of masks) expect(readFileSync(join(root, "examples/masks", m)).length).toBeLessThan(4096);
  });
});
