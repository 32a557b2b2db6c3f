// Smoke test of the built artefact: the compiled CLI in dist/ (built by the global setup, as
// `npm install` does through `prepare`) runs without a TypeScript loader, and the published package
// carries the build, never the sources or tsx.
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const bin = join(root, "bin/ranokit.js");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

describe("built CLI", () => {
  it("bin/ranokit.js loads dist/, not the TypeScript sources", () => {
    const text = readFileSync(bin, "utf8");
    expect(text).toContain("../dist/ranokit.cjs");
    expect(text).not.toMatch(/tsx|\.ts"/);
  });

  it("runs the same from a fresh, a reused and a corrupt code cache", () => {
    const dist = join(root, "dist");
    const caches = () => readdirSync(dist).filter((f) => f.endsWith("-assess.v8cache"));
    const assess = () =>
      spawnSync(
        process.execPath,
        [bin, "assess", join(root, "examples/08-brain-metastases.json"), "-f", "json"],
        {
          encoding: "utf8",
        },
      );
    for (const f of caches()) rmSync(join(dist, f));
    const first = assess();
    expect(first.status, first.stderr).toBe(0);
    expect(caches()).toHaveLength(1); // written after the run that had none
    const second = assess();
    expect(second.stdout).toBe(first.stdout);
    writeFileSync(join(dist, caches()[0]!), "not a V8 code cache");
    const third = assess();
    expect(third.status, third.stderr).toBe(0);
    expect(third.stdout).toBe(first.stdout);
    expect(JSON.parse(first.stdout)[0].bestOverallResponse.category).toBe("PR");
  });

  it("prints the package version", () => {
    const out = execFileSync(process.execPath, [bin, "--version"], { encoding: "utf8" });
    expect(out.trim()).toBe(pkg.version);
  });

  it("assesses a case with no TypeScript loader", () => {
    // No loader registered (NODE_OPTIONS cleared): any .ts import left in the build would fail.
    const r = spawnSync(
      process.execPath,
      [bin, "assess", join(root, "examples/01-recurrent-gbm-response-then-progression.json"), "-f", "json"],
      { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } },
    );
    expect(r.status, r.stderr).toBe(0);
    const [result] = JSON.parse(r.stdout);
    expect(result.patientId).toBe("DEMO-001");
    expect(result.bestOverallResponse.category).toBe("PR");
    expect(result.progression.date).toBe("2024-06-20");
  });

  it("exits 2 with one line for a missing input", () => {
    const r = spawnSync(process.execPath, [bin, "assess", join(root, "no-such-case.json")], {
      encoding: "utf8",
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("npm pack ships dist/ and bin/, not src/ nor the tsx loader", () => {
    const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: root,
      encoding: "utf8",
    });
    const files: string[] = JSON.parse(out)[0].files.map((f: { path: string }) => f.path);
    expect(files).toContain("bin/ranokit.js");
    expect(files).toContain("dist/ranokit.cjs");
    expect(files.filter((f) => f.endsWith(".v8cache"))).toEqual([]); // machine-specific, never shipped
    expect(files.some((f) => f.startsWith("dist/") && f.includes("batch-worker"))).toBe(true);
    expect(files.filter((f) => f.startsWith("src/") || f.endsWith(".ts"))).toEqual([]);
    expect(Object.keys(pkg.dependencies ?? {})).not.toContain("tsx");
  });
});
