import { describe, expect, it } from "vitest";
import { CohortCollector } from "../../src/app/cohort-endpoints.ts";
import { getCriteria } from "../../src/engine/index.ts";
import { validCase } from "../support/case-builder.ts";

const stable = validCase({
  scans: [
    ["2024-02-01", { L1: [30, 30] }],
    ["2024-04-01", { L1: [30, 30] }],
  ],
});
const progressing = validCase({
  scans: [
    ["2024-02-01", { L1: [30, 30] }],
    ["2024-04-01", { L1: [40, 40] }],
    ["2024-05-01", { L1: [45, 45] }],
  ],
});

describe("CohortCollector", () => {
  it("one stable and one progressing glioblastoma: DCR 1/2, PFS event at day 60; none under RANO-BM", () => {
    const cohort = new CohortCollector([getCriteria("rano2"), getCriteria("bm")]);
    cohort.add(0, cohort.entries(stable));
    const entries = cohort.entries(progressing);
    expect(entries[0]).toMatchObject({
      bestOverallResponse: { category: "PD" },
      pfs: { days: 60, event: true },
    });
    expect(entries[1]).toBeNull();
    cohort.add(1, entries);
    const r = cohort.result({ ciMethod: "clopper-pearson", kmConfType: "log" });
    expect(r.summaries[0]!.bestResponse).toEqual({ CR: 0, PR: 0, MR: 0, SD: 1, PD: 1, NE: 0 });
    expect(r.summaries[0]!.dcr).toMatchObject({ count: 1, total: 2, estimate: 0.5 });
    expect(r.summaries[0]!.pfs.steps[0]).toMatchObject({ time: 60, events: 1, survival: 0.5 });
    expect(r.summaries[1]!.n).toBe(0);
    expect(r.excluded).toEqual({ rano2: 0, bm: 2 });
  });

  it("names the criteria set being run, for the error message of a failing one", () => {
    const cohort = new CohortCollector([getCriteria("rano2"), getCriteria("hgg")]);
    const names: string[] = [];
    cohort.entries(stable, (m) => names.push(m.id));
    expect(names).toEqual(["rano2", "hgg"]);
  });
});
