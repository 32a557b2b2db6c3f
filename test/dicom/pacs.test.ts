// A real PACS (issue 16 §4): a private Orthanc with its DICOMweb plugin. The exported SRs are stored
// with STOW-RS (`ranokit sr --stow`) and found again with QIDO-RS under the right patient and study
// (`ranokit import-sr --qido`), and come back as the same case. A refused or unreachable server is a
// one-line error naming the URL, exit 2.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonValue, searchInstances, stow } from "../../src/dicom/dicomweb.ts";
import { DicomInputError } from "../../src/dicom/errors.ts";
import { studyUidOf } from "../../src/dicom/sr/write-report.ts";
import { type Case, CaseDocument } from "../../src/engine/index.ts";
import { BTIP, SCANNER_A, SCANNER_B, writeMrStudy } from "../support/mr-writer.ts";
import { type Orthanc, orthancUnavailable, startOrthanc } from "../support/orthanc.ts";

const BIN = join(import.meta.dirname, "../../bin/ranokit.js");
const EXAMPLE = join(import.meta.dirname, "../../examples/01-recurrent-gbm-response-then-progression.json");
const ranokit = (args: string[]) => spawnSync("node", [BIN, ...args], { encoding: "utf8" });
const skip = orthancUnavailable();

describe.skipIf(skip !== undefined)("Orthanc + DICOMweb", () => {
  let pacs: Orthanc;
  const dir = mkdtempSync(join(tmpdir(), "ranokit-pacs-"));
  const original: Case = CaseDocument.parse(JSON.parse(readFileSync(EXAMPLE, "utf8")));
  // The case references its studies, as a site's case would.
  const c: Case = {
    ...original,
    protocol: { ...original.protocol, reader: "R1" },
    assessments: original.assessments.map((a, i) => ({
      ...a,
      studyInstanceUid: `1.2.826.0.1.3680043.10.777.${i + 1}`,
    })),
  };
  const casePath = join(dir, "case.json");
  writeFileSync(casePath, JSON.stringify(c));

  beforeAll(async () => {
    pacs = await startOrthanc();
  }, 30_000);
  afterAll(async () => {
    await pacs?.stop();
  });

  it("sr --stow stores one report per time point; QIDO-RS finds each under its patient and study", async () => {
    const r = ranokit(["sr", casePath, "--stow", pacs.dicomWeb]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`stored ${c.assessments.length} report(s) on ${pacs.dicomWeb}`);
    for (const a of c.assessments) {
      const found = await searchInstances(pacs.dicomWeb, studyUidOf(c, a), { Modality: "SR" });
      expect(found).toHaveLength(1);
      expect(jsonValue(found[0]!, "00080016")).toBe("1.2.840.10008.5.1.4.1.1.88.34");
    }
    // Orthanc's own index: one patient, its pseudonym, four studies with their dates.
    const patients = (await (await fetch(`${pacs.rest}/patients?expand`)).json()) as Array<{
      MainDicomTags: { PatientID: string };
      Studies: string[];
    }>;
    expect(patients).toHaveLength(1);
    expect(patients[0]!.MainDicomTags.PatientID).toBe(c.patient.id);
    expect(patients[0]!.Studies).toHaveLength(c.assessments.length);
    const studies = (await (await fetch(`${pacs.rest}/studies?expand`)).json()) as Array<{
      MainDicomTags: { StudyInstanceUID: string; StudyDate: string };
    }>;
    expect(studies.map((s) => [s.MainDicomTags.StudyInstanceUID, s.MainDicomTags.StudyDate]).sort()).toEqual(
      c.assessments.map((a) => [a.studyInstanceUid, a.date.replaceAll("-", "")]).sort(),
    );
  });

  it("import-sr --qido --study pulls them back into the identical case", () => {
    const out = join(dir, "pulled.json");
    const studies = c.assessments.map((a) => a.studyInstanceUid).join(",");
    const base = join(dir, "base.json");
    writeFileSync(base, JSON.stringify({ ...c, assessments: [c.assessments[0]] }));
    const r = ranokit(["import-sr", "--qido", pacs.dicomWeb, "--study", studies, "--base", base, "-o", out]);
    expect(r.status, r.stderr).toBe(0);
    expect(CaseDocument.parse(JSON.parse(readFileSync(out, "utf8")))).toEqual(c);
  });

  it("qc --qido reads the series metadata from the PACS, as from files", async () => {
    const t0 = writeMrStudy({
      date: "20240110",
      studyUid: "1.2.826.0.1.3680043.10.889.1",
      scanner: SCANNER_A,
      series: BTIP,
    });
    const t1 = writeMrStudy({
      date: "20240310",
      studyUid: "1.2.826.0.1.3680043.10.889.2",
      scanner: SCANNER_B,
      series: BTIP.slice(0, 3),
    });
    await stow(
      pacs.dicomWeb,
      [...t0, ...t1].map((f) => f.bytes),
    );
    const fromPacs = ranokit([
      "qc",
      "--qido",
      pacs.dicomWeb,
      "--study",
      "1.2.826.0.1.3680043.10.889.1,1.2.826.0.1.3680043.10.889.2",
      "-f",
      "json",
    ]);
    expect(fromPacs.status, fromPacs.stderr).toBe(0);
    const files = join(dir, "mr");
    mkdirSync(files);
    for (const f of [...t0, ...t1]) writeFileSync(join(files, f.name), f.bytes);
    const fromFiles = ranokit(["qc", files, "-f", "json"]);
    const findings = (out: string) =>
      JSON.parse(out).map((p: { date: string; findings: unknown[] }) => [p.date, p.findings]);
    expect(findings(fromPacs.stdout)).toEqual(findings(fromFiles.stdout));
    expect(JSON.stringify(findings(fromPacs.stdout))).toContain("no DWI series");
  });

  it("a refusing or unreachable server is one line naming the URL, exit 2", async () => {
    const notDicom = new Uint8Array(200);
    await expect(stow(pacs.dicomWeb, [notDicom])).rejects.toThrow(DicomInputError);
    const down = "http://127.0.0.1:9/dicom-web";
    const r = ranokit(["sr", casePath, "--stow", down]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(
        /^ranokit: http:\/\/127\.0\.0\.1:9\/dicom-web\/studies: STOW-RS: cannot reach the server/,
      ),
    ]);
    const q = ranokit([
      "import-sr",
      "--qido",
      down,
      "--study",
      "1.2.3",
      "--tumor-type",
      "glioblastoma_idh_wildtype",
    ]);
    expect(q.status).toBe(2);
    expect(q.stderr).toMatch(
      /^ranokit: http:\/\/127\.0\.0\.1:9\/dicom-web\/studies\/1\.2\.3\/instances\?Modality=SR: QIDO-RS: cannot reach the server/m,
    );
  });
});
