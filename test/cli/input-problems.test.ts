// How the command line reports an application-layer input error (src/app/errors.ts): every problem on
// its own "ranokit:" line naming file:line (column), at most 50 and then a count, exit code 2, no stack.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { problemLines } from "../../src/cli/format/stats.ts";

const BIN = join(import.meta.dirname, "../../bin/ranokit.js");

describe("input problems on the command line", () => {
  it("problemLines lists 50 problems and counts the rest", () => {
    const problems = Array.from({ length: 53 }, (_, i) => ({ message: `t.csv:${i + 2} (m): bad` }));
    const lines = problemLines(problems).split("\nranokit: ");
    expect(lines).toHaveLength(51);
    expect(lines[0]).toBe("t.csv:2 (m): bad");
    expect(lines[49]).toBe("t.csv:51 (m): bad");
    expect(lines[50]).toBe("… and 3 more problem(s)");
  });

  it("`ranokit roc` on a table with 60 bad cells: 50 named, the count, exit 2", () => {
    const dir = mkdtempSync(join(tmpdir(), "ranokit-problems-"));
    const file = join(dir, "bad.csv");
    writeFileSync(file, `ref,m\n${Array.from({ length: 60 }, () => "1,x").join("\n")}\n`);
    const r = spawnSync("node", [BIN, "roc", file, "--reference", "ref", "--marker", "m"], {
      encoding: "utf8",
    });
    expect(r.status).toBe(2);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(51);
    expect(lines[0]).toBe(
      `ranokit: ${file}:2 (m): "x" is not a plain decimal number (digits with an optional sign and decimal point)`,
    );
    expect(lines[50]).toBe("ranokit: … and 10 more problem(s)");
    expect(r.stdout).toBe("");
  });
});
