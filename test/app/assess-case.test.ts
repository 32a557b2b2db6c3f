import { describe, expect, it } from "vitest";
import { assessCase, comparisonCriteria, criteriaFor } from "../../src/app/assess-case.ts";
import { compareCriteria, getCriteria } from "../../src/engine/index.ts";
import { buildCase, validCase } from "../support/case-builder.ts";

const stable = {
  scans: [
    ["2024-02-01", { L1: [30, 30] }],
    ["2024-04-01", { L1: [30, 30] }],
  ],
} as const;
const gbm = validCase({ scans: [...stable.scans] as never });

describe("criteriaFor", () => {
  it("a glioma without a fixed set is assessed under RANO 2.0, a brain metastasis under RANO-BM", () => {
    const pick = criteriaFor(gbm, null);
    expect(pick.ok && pick.criteria.id).toBe("rano2");
    const bm = validCase({ tumorType: "brain_metastasis", scans: [...stable.scans] as never });
    const bmPick = criteriaFor(bm, null);
    expect(bmPick.ok && bmPick.criteria.id).toBe("bm");
  });

  it("a fixed set outside the case's scope is an input error at $.patient.tumorType naming both", () => {
    expect(criteriaFor(gbm, getCriteria("bm"))).toEqual({
      ok: false,
      error: {
        path: "$.patient.tumorType",
        message:
          'criteria "bm" (RANO-BM (Lin et al., Lancet Oncol 2015)) applies to brain metastases; this case is an IDH-wildtype glioblastoma',
      },
    });
  });
});

describe("comparisonCriteria", () => {
  it("without a list: every set that applies to a glioblastoma; stable disease under each", () => {
    const pick = comparisonCriteria(gbm, null);
    if (!pick.ok) throw new Error(pick.error.message);
    expect(pick.modules.map((m) => m.id)).toEqual(["rano2", "hgg", "mrano"]);
    const cmp = compareCriteria(gbm, pick.modules);
    expect(Object.values(cmp.results).map((r) => r.bestOverallResponse.category)).toEqual(["SD", "SD", "SD"]);
  });

  it("every module assesses with the given criteria options", () => {
    const seen: unknown[] = [];
    const rano2 = getCriteria("rano2");
    const spy = {
      ...rano2,
      assess: (c: never, o?: never) => {
        seen.push(o);
        return rano2.assess(c, o);
      },
    };
    const pick = comparisonCriteria(gbm, [spy], { confirmPolicy: "persistence" } as never);
    if (!pick.ok) throw new Error(pick.error.message);
    compareCriteria(gbm, pick.modules);
    expect(seen).toEqual([{ confirmPolicy: "persistence" }]);
  });
});

describe("assessCase", () => {
  it("returns every input error with its JSON path", () => {
    const input = buildCase({ scans: [...stable.scans] as never });
    (input.assessments[1]!.lesions![0] as { diametersMm: number[] }).diametersMm = [30, -1];
    const r = assessCase(input, ["rano2"]);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => e.path)).toContain("$.assessments[1].lesions[0].diametersMm[1]");
  });
});
