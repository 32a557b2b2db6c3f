// The deterministic slice of the fuzzer that runs in `npm test` (the long run is `npm run fuzz`,
// figures in BENCHMARKS.md): a fixed seed over every enabled target, every kept regression fixture,
// and the harness's own oracles and watchdog shown to catch what they must.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fromFixture, loadFixtures } from "../../fuzz/fixtures.ts";
import { checkInput, runOne, scratchDir } from "../../fuzz/harness.ts";
import { commonFailures, negativeDurations } from "../../fuzz/oracles.ts";
import { Rng } from "../../fuzz/rng.ts";
import { removeScratch } from "../../fuzz/run-cli.ts";
import { allTargets, selectTargets } from "../../fuzz/targets/index.ts";
import { percentOf } from "../../fuzz/targets/stats.ts";

process.env.NO_COLOR = "1";
const SEED = 20261201;
const PER_TARGET = 40;
const enabled = selectTargets(null, false);
const dir = scratchDir("vitest");

describe("fuzz slice (seed 20261201)", () => {
  it("covers the statistics targets and case JSON; the pending ones say why", () => {
    expect(enabled.map((t) => t.name)).toEqual([
      "roc",
      "accuracy",
      "agreement",
      "agreement-measure",
      "pool",
      "case-json",
      "case-ndjson",
      "csv-folder",
      "nifti-header",
    ]);
    for (const t of allTargets.filter((x) => !x.selfTest && !enabled.includes(x)))
      expect(t.pending).toMatch(/issue 11 item/);
  });

  for (const target of enabled) {
    it(`${target.name}: ${PER_TARGET} mutated inputs, no failure`, async () => {
      const failures: string[] = [];
      for (let i = 0; i < PER_TARGET; i++) {
        const r = await runOne([target], SEED, i, dir);
        for (const f of r.failures)
          failures.push(`#${i} ${r.input.mutations.join(" | ")}: ${f.cls}: ${f.detail}`);
      }
      expect(failures).toEqual([]);
    });

    const fixtures = loadFixtures(target.name);
    it(`${target.name}: the ${fixtures.length} kept failing inputs pass now`, async () => {
      for (const { path, fixture } of fixtures) {
        const f = await checkInput(target, fromFixture(fixture), dir);
        expect(f, path).toEqual([]);
      }
    });
  }

  it("the same seed and index give the same input on any run", () => {
    for (const t of enabled) {
      const a = t.generate(Rng.forInput(7, 123));
      const b = t.generate(Rng.forInput(7, 123));
      expect(b).toEqual(a);
      expect(t.generate(Rng.forInput(7, 124))).not.toEqual(a);
    }
  });
});

describe("fuzz oracles", () => {
  it("flag NaN/Infinity in output, not a quoted input value in an error message", () => {
    const nan = { code: 0, stdout: "AUC NaN (95% CI 0.1 to 0.9)", stderr: "", ms: 0 };
    expect(commonFailures(nan, "x").map((f) => f.cls)).toEqual(["non-finite"]);
    const echo = {
      code: 2,
      stdout: "",
      stderr: 'ranokit: t.csv:3 (m): "Infinity" is not a plain decimal number\n',
      ms: 0,
    };
    expect(commonFailures(echo, "x")).toEqual([]);
  });
  it("flag internal errors, stack traces and escaped exceptions", () => {
    const crash = {
      code: 1,
      stdout: "",
      stderr: "ranokit: internal error: x\n    at f (/a/b.ts:1:2)\n",
      ms: 0,
    };
    expect(commonFailures(crash, "x").map((f) => f.cls)).toEqual(["internal-error", "stack-trace"]);
    expect(
      commonFailures({ code: 0, stdout: "", stderr: "", ms: 0, thrown: new Error("boom") }, "x")[0]!.cls,
    ).toBe("uncaught");
  });
  it("find negative durations anywhere in JSON output", () => {
    expect(
      negativeDurations({ pfs: { days: -207 }, timepoints: [{ timeToResponseDays: -3, sum: -1 }] }),
    ).toEqual(["$.pfs.days = -207", "$.timepoints[0].timeToResponseDays = -3"]);
  });
  it("compute the expected confidence label by moving the decimal point", () => {
    expect(["0.95", "0.9999999", ".8", "0.975", "0.5"].map(percentOf)).toEqual([
      "95",
      "99.99999",
      "80",
      "97.5",
      "50",
    ]);
  });
  it("a harness self-test target that prints NaN is reported", async () => {
    const nan = allTargets.find((t) => t.name === "self-test-nan")!;
    const r = await runOne([nan], SEED, 0, dir);
    expect(r.failures.map((f) => f.cls)).toEqual(["non-finite"]);
  });
  it("the watchdog reports an endless loop as a hang and carries on with the next input (npm run fuzz)", () => {
    const out = spawnSync(
      "node",
      [
        "--import",
        "tsx",
        "fuzz/main.ts",
        "--targets",
        "self-test-hang",
        "--count",
        "2",
        "--hang-ms",
        "600",
        "--time",
        "60",
      ],
      { cwd: join(import.meta.dirname, "../.."), encoding: "utf8" },
    );
    expect(out.stdout).toContain("self-test-hang hang: 2");
    expect(out.status).toBe(1);
  }, 60_000);
  it("every pending fixture has its line in fuzz/fixtures/pending/README.md", () => {
    const readme = readFileSync(join(import.meta.dirname, "../../fuzz/fixtures/pending/README.md"), "utf8");
    for (const t of allTargets.filter((x) => x.pending))
      for (const { path } of loadFixtures(t.name, true))
        expect(readme).toContain(path.split("/fixtures/pending/")[1]);
  });
});

process.on("exit", () => removeScratch(dir));
