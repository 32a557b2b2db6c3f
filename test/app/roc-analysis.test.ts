import { describe, expect, it } from "vitest";
import { AnalysisInputError } from "../../src/app/errors.ts";
import { rocAnalysis } from "../../src/app/roc-analysis.ts";
import { parseCsvTable } from "../../src/io/csv-table.ts";

const request = {
  reference: "ref",
  markers: ["m"],
  directions: ["higher" as const],
  target: null,
  ciMethod: "wilson" as const,
};

describe("rocAnalysis", () => {
  it("AUC is the share of positive–negative pairs ordered correctly (3 of 4)", () => {
    const r = rocAnalysis(parseCsvTable("ref,m\n1,3\n1,2\n0,1\n0,2.5\n", "t.csv"), request);
    expect(r.markers[0]!.auc.auc).toBe(0.75);
    expect(r.markers[0]!.curve).toMatchObject({ positives: 2, negatives: 2 });
    expect(r.paired).toBeNull();
    const youden = r.markers[0]!.youden;
    expect(youden.ok && youden.point.threshold).toBe(3);
  });

  it("a second marker gets the paired DeLong test", () => {
    const table = parseCsvTable("ref,a,b\n1,3,5\n1,2,4\n0,1,1\n0,2.5,2\n", "t.csv");
    const r = rocAnalysis(table, { ...request, markers: ["a", "b"], directions: ["higher", "higher"] });
    expect(r.markers[1]!.auc.auc).toBe(1);
    expect(r.paired!.difference).toBeCloseTo(-0.25, 12);
  });

  it("lists every bad cell with its line and column", () => {
    let error: unknown;
    try {
      rocAnalysis(parseCsvTable("ref,m\n1,3\nmaybe,2\n0,NA\n", "t.csv"), request);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AnalysisInputError);
    const problems = (error as AnalysisInputError).problems;
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [3, "ref"],
      [4, "m"],
    ]);
    expect(problems[1]!.message).toBe('t.csv:4 (m): missing marker value ("NA")');
  });
});
