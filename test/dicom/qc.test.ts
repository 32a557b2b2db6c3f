// Acquisition QC (issue 16 §5) against the consensus protocol, from DICOM headers.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type checkProtocol, classify, type SeriesInfo } from "../../src/dicom/qc/protocol.ts";
import { assess, CaseDocument } from "../../src/engine/index.ts";
import { BTIP, SCANNER_A, SCANNER_B, writeMrStudy } from "../support/mr-writer.ts";

const BIN = join(import.meta.dirname, "../../bin/ranokit.js");
const ranokit = (args: string[]) => spawnSync("node", [BIN, ...args], { encoding: "utf8" });
const info = (x: Partial<SeriesInfo>): SeriesInfo => ({
  source: "x",
  studyInstanceUid: "1.2",
  date: "2024-01-01",
  seriesInstanceUid: "1.2.3",
  description: "",
  ...x,
});

describe("series roles", () => {
  it.each([
    ["T1 MPRAGE pre", {}, "T1_pre"],
    ["AX T1 SE +C", {}, "T1_post"],
    ["sag 3D T1 BRAVO", { contrastAgent: "Dotarem" }, "T1_post"],
    ["AX T2 FSE", {}, "T2"],
    ["AX T2 FLAIR", {}, "FLAIR"],
    ["ax dark fluid", {}, "FLAIR"],
    ["series 7", { inversionTimeMs: 2500, echoTimeMs: 100 }, "FLAIR"],
    ["ep2d_diff", {}, "DWI"],
    ["series 9", { diffusionBValue: 1000 }, "DWI"],
    ["localizer", {}, "other"],
  ])("%s → %s", (description, extra, role) => {
    expect(classify(info({ description, ...extra }))).toBe(role);
  });
});

describe("ranokit qc", () => {
  const dir = mkdtempSync(join(tmpdir(), "ranokit-qc-"));
  const baseline = writeMrStudy({
    date: "20240110",
    studyUid: "1.2.826.0.1.3680043.10.888.1",
    scanner: SCANNER_A,
    series: BTIP,
    weightKg: 75,
  });
  // Follow-up: another scanner at 1.5 T, FLAIR at 5 mm with a 1.5 mm gap, no DWI, 2D T1 post.
  const followUp = writeMrStudy({
    date: "20240310",
    studyUid: "1.2.826.0.1.3680043.10.888.2",
    scanner: SCANNER_B,
    series: [
      BTIP[0]!,
      BTIP[1]!,
      { ...BTIP[2]!, thicknessMm: 5, spacingBetweenSlicesMm: 6.5 },
      {
        description: "AX T1 SE +C",
        acquisition: "2D",
        thicknessMm: 5,
        spacingBetweenSlicesMm: 6,
        pixelMm: 0.9,
        contrast: { agent: "Gadobutrol", volumeMl: 7.5 },
      },
    ],
  });
  for (const [sub, files] of [
    ["t0", baseline],
    ["t1", followUp],
  ] as const) {
    mkdirSync(join(dir, sub));
    for (const f of files) writeFileSync(join(dir, sub, f.name), f.bytes);
  }

  it("reports per time point what is present, its resolution and gap, and the scanner against baseline", () => {
    const r = ranokit(["qc", dir, "-f", "json"]);
    expect(r.status, r.stderr).toBe(0);
    const [t0, t1] = JSON.parse(r.stdout) as ReturnType<typeof checkProtocol>;
    expect(t0!.date).toBe("2024-01-10");
    expect(t0!.findings.filter((f) => f.level === "deviation" || f.level === "missing")).toEqual([]);
    expect(t0!.series.map((s) => s.role).sort()).toEqual(["DWI", "FLAIR", "T1_post", "T1_pre", "T2"]);
    const messages = t1!.findings.filter((f) => f.level !== "ok").map((f) => f.message);
    expect(messages).toContain("no DWI series");
    expect(messages).toContainEqual(
      "FLAIR: 5 mm slices, gap 1.5 mm; protocol: 4 mm, no gap — raises the minimum measurable size to 13 mm = 2 × (5 + 1.5) (RANO2-MEAS-2)",
    );
    expect(messages).toContainEqual(
      expect.stringMatching(
        /^post-contrast T1: 2D at 0\.9 × 0\.9 × 5 mm; protocol: 3D at ≤ 1\.5 mm isotropic — raises the minimum measurable size to 12 mm/,
      ),
    );
    expect(messages).toContainEqual(
      "another scanner and field strength than baseline (GE MEDICAL SYSTEMS Optima MR450w 77 at 1.5 T vs SIEMENS Prisma 1001 at 3 T): measurements may not be comparable",
    );
    expect(t1!.findings.filter((f) => f.affectsMeasurability).length).toBe(2);
    expect(t0!.findings.map((f) => f.message)).toContainEqual(
      expect.stringMatching(/Gadobutrol: 7\.5 ml for 75 kg = 0\.1 ml\/kg/),
    );
  });

  it("table output shows the assessment beside QC (unchanged); a bad file is one line, exit 2, the rest checked", () => {
    const bad = join(dir, "t1", "broken.dcm");
    writeFileSync(bad, "not dicom");
    const casePath = join(mkdtempSync(join(tmpdir(), "ranokit-qc-case-")), "case.json");
    writeFileSync(
      casePath,
      JSON.stringify({
        patient: { id: "QC-1", tumorType: "glioblastoma_idh_wildtype", setting: "recurrent" },
        protocol: { t0: "2024-01-15" },
        treatments: [{ type: "chemotherapy", start: "2024-01-15", agent: "lomustine" }],
        assessments: [
          {
            date: "2024-01-10",
            lesions: [{ id: "L1", component: "enhancing", role: "target", diametersMm: [20, 20] }],
          },
          { date: "2024-03-10", lesions: [{ id: "L1", component: "enhancing", diametersMm: [30, 30] }] },
        ],
      }),
    );
    const r = ranokit(["qc", dir, "--case", casePath]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([
      `ranokit: ${bad}: not a DICOM Part 10 file (no DICM prefix at byte 128)`,
    ]);
    const c = CaseDocument.parse(JSON.parse(readFileSync(casePath, "utf8")));
    const label = assess(c).timepoints.find((t) => t.date === "2024-03-10")!.label;
    expect(label).toMatch(/^PD/);
    expect(r.stdout).toContain(
      `2024-03-10  study 1.2.826.0.1.3680043.10.888.2  assessment: ${label} (unchanged by QC)`,
    );
    expect(r.stdout).toContain("DEV FLAIR: 5 mm slices");
    expect(r.stdout).toMatch(/2 time point\(s\), 4 deviation\(s\) from the protocol/);
  });
});
