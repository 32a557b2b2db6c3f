import { describe, expect, it } from "vitest";
import { AnalysisInputError } from "../../src/app/errors.ts";
import { calibrateWorkup, evaluateWorkupTable } from "../../src/app/workup-calibration.ts";
import { parseCsvTable } from "../../src/io/csv-table.ts";

// Marker m separates the outcomes perfectly at ≥ 3 (progression 3–8, treatment effect 1–2.6).
const rows = [
  ...[3, 4, 5, 6, 7, 8].map((v) => `1,${v},1`),
  ...[1, 1.5, 2, 2.2, 2.4, 2.6].map((v) => `0,${v},1`),
];
const CSV = `outcome,m,call\n${rows.join("\n")}\n`;
const markers = [{ id: "m", direction: "higher" as const }];

describe("calibrateWorkup", () => {
  const calibration = {
    reference: "outcome",
    markers,
    rule: { kind: "youden" as const },
    ciMethod: "wilson" as const,
    folds: 3,
    seed: 1,
    meta: { createdOn: "2026-01-01", software: "test", source: "ref.csv" },
  };

  it("finds the separating threshold and keeps the table's warnings first", () => {
    const cal = calibrateWorkup(parseCsvTable(CSV, "ref.csv"), calibration);
    expect(cal.n).toBe(12);
    expect(cal.markers[0]!.threshold).toBe(3);
    expect(cal.markers[0]!.sensitivity.estimate).toBe(1);
    expect(cal.markers[0]!.specificity.estimate).toBe(1);
    expect(cal.reference).toBe("outcome");
    expect(cal.warnings[0]).toMatch(/^m: not a known advanced-imaging marker/);
  });

  it("names the row of an unreadable outcome", () => {
    const bad = CSV.replace("\n1,3,1\n", "\nmaybe,3,1\n");
    let error: unknown;
    try {
      calibrateWorkup(parseCsvTable(bad, "ref.csv"), calibration);
    } catch (e) {
      error = e;
    }
    expect((error as AnalysisInputError).problems[0]).toMatchObject({ line: 2, column: "outcome" });
  });
});

describe("evaluateWorkupTable", () => {
  const request = {
    reference: "outcome",
    markers,
    rule: { kind: "youden" as const },
    design: { kind: "cv" as const, folds: 3 },
    seed: 1,
    riskThreshold: 0.5,
  };

  it("the criteria-only call of every row as progression has specificity 0", () => {
    const { evaluation } = evaluateWorkupTable(parseCsvTable(CSV, "ref.csv"), {
      ...request,
      criteriaColumn: "call",
    });
    expect(evaluation.heldOut).toBe(12);
    expect(evaluation.criteria.sensitivity.estimate).toBe(1);
    expect(evaluation.criteria.specificity.estimate).toBe(0);
  });

  it("a criteria column missing from the table names the field", () => {
    expect(() =>
      evaluateWorkupTable(parseCsvTable(CSV, "ref.csv"), { ...request, criteriaColumn: "rano" }),
    ).toThrow(AnalysisInputError);
    try {
      evaluateWorkupTable(parseCsvTable(CSV, "ref.csv"), { ...request, criteriaColumn: "rano" });
    } catch (e) {
      expect((e as AnalysisInputError).problems[0]).toMatchObject({
        field: "criteriaColumn",
        message: 'ref.csv: no column "rano"',
      });
    }
  });
});
