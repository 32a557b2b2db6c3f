import { describe, expect, it } from "vitest";
import { categoricalAgreement, measurementAgreement } from "../../src/app/agreement-analysis.ts";
import { AnalysisInputError } from "../../src/app/errors.ts";
import { parseCsvTable } from "../../src/io/csv-table.ts";

describe("categoricalAgreement", () => {
  it("Cohen's kappa: observed 3/4, expected 1/2 by chance → κ = 0.5", () => {
    const table = parseCsvTable("A,B\nPD,PD\nSD,SD\nPD,SD\nSD,SD\n", "t.csv");
    const r = categoricalAgreement(table, { readers: ["A", "B"], weights: "none", categories: null });
    expect(r.categories).toEqual(["PD", "SD"]);
    expect(r.percentAgreement).toMatchObject({ count: 3, total: 4 });
    const k = r.cohen[0]!.result;
    if ("undefined" in k) throw new Error(k.undefined);
    expect(k.table).toEqual([
      [1, 1],
      [0, 2],
    ]);
    expect(k.observed).toBe(0.75);
    expect(k.expected).toBe(0.5);
    expect(k.kappa).toBe(0.5);
    expect(r.fleiss).toBeNull();
  });

  it("an undefined kappa is a reason, not NaN", () => {
    const table = parseCsvTable("A,B\nPD,PD\nPD,PD\n", "t.csv");
    const k = categoricalAgreement(table, { readers: ["A", "B"], weights: "none", categories: null })
      .cohen[0]!;
    expect("undefined" in k.result && typeof k.result.undefined).toBe("string");
  });

  it("names the row and reader of a missing rating", () => {
    const table = parseCsvTable("A,B\nPD,PD\nSD,\n", "t.csv");
    let error: unknown;
    try {
      categoricalAgreement(table, { readers: ["A", "B"], weights: "none", categories: null });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AnalysisInputError);
    expect((error as AnalysisInputError).problems).toMatchObject([
      { line: 3, column: "B", message: "t.csv:3 (B): missing rating" },
    ]);
  });
});

describe("measurementAgreement", () => {
  it("Bland–Altman bias is the mean difference A − B", () => {
    const r = measurementAgreement(parseCsvTable("a,b\n10,11\n20,19\n30,32\n", "t.csv"), ["a", "b"]);
    expect(r.cases).toBe(3);
    if ("undefined" in r.blandAltman) throw new Error(r.blandAltman.undefined);
    expect(r.blandAltman.bias.estimate).toBeCloseTo(-2 / 3, 12);
  });

  it("names the cell that is not a number", () => {
    let error: unknown;
    try {
      measurementAgreement(parseCsvTable("a,b\n10,11\n20,1e1\n", "t.csv"), ["a", "b"]);
    } catch (e) {
      error = e;
    }
    expect((error as AnalysisInputError).problems[0]).toMatchObject({ file: "t.csv", line: 3, column: "b" });
  });
});
