// Input validation: every problem reported with its JSON path; cross-field rules.
import { describe, expect, it } from "vitest";
import { parseCase, parseCaseJson } from "../../src/engine/index.ts";
import { buildCase } from "../support/case-builder.ts";

const base = () =>
  buildCase({
    scans: [
      ["2024-01-25", { L1: [20, 20] }],
      ["2024-03-28", { L1: [18, 18] }],
    ],
  });

describe("parseCase", () => {
  it("accepts a valid case and fills defaults", () => {
    const r = parseCase(base());
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.protocol.primaryMethod).toBe("bidimensional");
      expect(r.value.assessments[0]!.lesions[0]!.status).toBe("present");
    }
  });
  it("reports all schema errors with JSON paths", () => {
    const c = base() as unknown as Record<string, any>;
    c.assessments[1].lesions[0].diametersMm = [20, -1];
    c.assessments[0].date = "2024-02-30";
    c.patient.setting = "relapsed";
    c.surprise = true;
    const r = parseCase(c);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const paths = r.errors.map((e) => e.path);
      expect(paths).toEqual(
        expect.arrayContaining([
          "$.assessments[1].lesions[0].diametersMm[1]",
          "$.assessments[0].date",
          "$.patient.setting",
          "$",
        ]),
      );
      expect(r.errors.find((e) => e.path === "$")?.message).toContain("surprise");
    }
  });
  it("checks cross-field rules: duplicate dates and lesion ids, absent with a size, volume twice, end before start", () => {
    const c = base() as unknown as Record<string, any>;
    c.assessments[1].date = "2024-01-25";
    c.assessments[0].lesions.push({ id: "L1", component: "enhancing", diametersMm: [5, 5] });
    c.assessments[0].lesions.push({
      id: "L2",
      component: "enhancing",
      status: "absent",
      diametersMm: [5, 5],
    });
    c.treatments = [{ type: "radiotherapy", start: "2024-03-01", end: "2024-01-01" }];
    const r = parseCase(c);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const messages = r.errors.map((e) => `${e.path}: ${e.message}`);
      expect(messages).toEqual(
        expect.arrayContaining([
          expect.stringContaining("$.assessments[1].date: duplicate assessment date 2024-01-25"),
          expect.stringContaining('$.assessments[0].lesions[1].id: lesion id "L1" appears twice'),
          expect.stringContaining(
            "$.assessments[0].lesions[2].status: status is 'absent' but a non-zero measurement",
          ),
          expect.stringContaining("$.treatments[0].end: end 2024-01-01 is before start 2024-03-01"),
        ]),
      );
    }
    const twice = base() as unknown as Record<string, any>;
    twice.assessments[0].lesions[0].volumeMm3 = 1000;
    twice.assessments[0].lesions[0].volumeCm3 = 1;
    const r2 = parseCase(twice);
    expect(!r2.ok && r2.errors[0]!.path).toBe("$.assessments[0].lesions[0].volumeCm3");
  });
  it("rejects two baselines, naming both", () => {
    const c = base() as unknown as Record<string, any>;
    c.assessments[0].baseline = true;
    c.assessments[1].baseline = true;
    const r = parseCase(c);
    expect(!r.ok && r.errors.map((e) => e.message)).toEqual([
      "more than one assessment is marked as baseline (also $.assessments[0])",
    ]);
  });
  it("reports invalid JSON without throwing", () => {
    const r = parseCaseJson('{"patient": ');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]!.message).toMatch(/^invalid JSON/);
  });
});
