import { describe, expect, it } from "vitest";
import { accuracyAnalysis } from "../../src/app/accuracy-analysis.ts";
import { AnalysisInputError } from "../../src/app/errors.ts";
import { parseCsvTable, TableError } from "../../src/io/csv-table.ts";

// PET: 3 of 4 reference positives positive (sensitivity 3/4), 2 of 3 negatives negative (2/3).
const CSV = "ref,PET,MR\n1,1,1\n1,1,0\n1,1,1\n1,0,1\n0,0,0\n0,0,1\n0,1,0\n";

describe("accuracyAnalysis", () => {
  it("gives sensitivity and specificity of each test and of a combination rule", () => {
    const r = accuracyAnalysis(parseCsvTable(CSV, "t.csv"), {
      reference: "ref",
      tests: ["PET", "MR"],
      combinations: ["PET|MR"],
    });
    const pet = r.tests.find((t) => t.test === "PET")!;
    expect(pet.table).toMatchObject({ tp: 3, fn: 1, fp: 1, tn: 2 });
    expect(pet.sensitivity.estimate).toBe(0.75);
    expect(pet.specificity.estimate).toBeCloseTo(2 / 3, 12);
    const either = r.tests.find((t) => t.test === "PET|MR")!;
    expect(either.sensitivity.estimate).toBe(1);
    expect(either.specificity.estimate).toBeCloseTo(1 / 3, 12);
    expect(r.cases).toBe(7);
  });

  it("names the cell of an unreadable result", () => {
    const bad = "ref,PET\n1,1\n0,maybe\n";
    expect(() => accuracyAnalysis(parseCsvTable(bad, "t.csv"), { reference: "ref", tests: ["PET"] })).toThrow(
      TableError,
    );
    try {
      accuracyAnalysis(parseCsvTable(bad, "t.csv"), { reference: "ref", tests: ["PET"] });
    } catch (e) {
      expect(e).toMatchObject({ line: 3, column: "PET" });
      expect((e as Error).message).toMatch(/^t\.csv:3 \(PET\): "maybe" is neither positive nor negative/);
    }
  });

  it("names the request field of a combination that uses an unknown test", () => {
    let error: unknown;
    try {
      accuracyAnalysis(parseCsvTable(CSV, "t.csv"), {
        reference: "ref",
        tests: ["PET"],
        combinations: ["PET|CT"],
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AnalysisInputError);
    expect((error as AnalysisInputError).problems).toEqual([
      { field: "combinations", message: 'combination "PET|CT": "CT" is not one of the tests (PET)' },
    ]);
  });
});
