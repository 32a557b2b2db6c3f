// RANO-LM through the command line: the demo LM case with assess and compare, an option, and a bad
// scorecard rejected with its JSON path.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../bin/ranokit.js");
const LM_CASE = join(import.meta.dirname, "../../examples/09-leptomeningeal-breast-cancer.json");
const ranokit = (args: string[]) =>
  spawnSync("node", [BIN, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

describe("ranokit with RANO-LM cases", () => {
  it("assess picks RANO-LM automatically: PR confirmed, then CSF-defined PD (docs/examples.md)", () => {
    const r = ranokit(["assess", LM_CASE, "--format", "json"]);
    expect(r.status).toBe(0);
    const [res] = JSON.parse(r.stdout);
    expect(res.criteria).toBe("RANO-LM");
    expect(res.bestOverallResponse).toMatchObject({ category: "PR", confirmed: true, date: "2024-03-15" });
    expect(res.progression).toMatchObject({ date: "2024-06-07", cause: "csf" });
    expect(res.pfs).toMatchObject({ days: 127, event: true });
    expect(res.dor.days).toBe(84);
  });

  it("the table explains each time point with its rule IDs", () => {
    const r = ranokit(["assess", LM_CASE]);
    expect(r.stdout).toContain("DEMO-LM-09 · leptomeningeal metastases");
    expect(r.stdout).toContain("composite +7 of ±12");
    expect(r.stdout).toContain("LM progression: CSF converted negative → positive (ventricular)");
  });

  it("compare lists RANO-LM as the one applicable criteria set", () => {
    const r = ranokit(["compare", LM_CASE, "--format", "json"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("RANO-LM");
  });

  it("an LM option changes the result: responseNeuro=improved holds the March response back", () => {
    const r = ranokit(["assess", LM_CASE, "--format", "json", "-o", "responseNeuro=improved"]);
    const [res] = JSON.parse(r.stdout);
    expect(res.timepoints.find((t: { date: string }) => t.date === "2024-03-15").label).toBe("SD");
  });

  it("a scorecard with 6 targets and a level out of range are rejected by JSON path (exit 2)", () => {
    const doc = JSON.parse(readFileSync(LM_CASE, "utf8"));
    const targets = doc.assessments[0].lm.mri.targets;
    targets.push({ id: "T5", item: "spine_nodules" }, { id: "T6", item: "nerve_root_enhancement" });
    doc.assessments[1].lm.neuroExam.domains.sensation.level = 3;
    const dir = mkdtempSync(join(tmpdir(), "ranokit-lm-"));
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify(doc));
    const r = ranokit(["assess", file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("$.assessments[0].lm.mri.targets: 6 targets: the scorecard allows at most 5");
    expect(r.stderr).toContain(
      "$.assessments[1].lm.neuroExam.domains.sensation.level: level 3 is out of range: sensation has 3 levels (0–2)",
    );
    expect(r.stderr).not.toContain("    at ");
  });
});
