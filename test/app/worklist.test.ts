import { describe, expect, it } from "vitest";
import { byConfirmationDue, caseWorklistEntry, isIsoDay } from "../../src/app/worklist.ts";
import { getCriteria } from "../../src/engine/index.ts";
import { validCase } from "../support/case-builder.ts";

// Growth 4 weeks after radiotherapy: PD-P awaiting confirmation from 2024-05-01 (RANO2-CONF-4).
const pdp = validCase({
  rtEnd: "2024-03-01",
  scans: [
    ["2024-04-01", { L1: [30, 30] }],
    ["2024-05-01", { L1: [40, 40] }],
  ],
});

describe("caseWorklistEntry", () => {
  it("an open PD-P: the confirming scan is due 4 weeks later, 19 days after the as-of date", () => {
    const e = caseWorklistEntry(pdp, getCriteria("rano2"), { workup: null, asOf: "2024-05-10" });
    expect(e).toMatchObject({
      label: "PD-P",
      date: "2024-05-01",
      dueFrom: "2024-05-29",
      due: "not_yet_due",
      daysUntilDue: 19,
      rules: ["RANO2-CONF-4"],
    });
  });

  it("the criteria options and confirmMinDays move the due date (8 weeks)", () => {
    const e = caseWorklistEntry(pdp, getCriteria("rano2"), {
      options: { confirmMinDays: 56 },
      workup: null,
      confirmMinDays: 56,
      asOf: "2024-05-10",
    });
    expect(e?.dueFrom).toBe("2024-06-26");
  });

  it("nothing open, no entry", () => {
    const stable = validCase({
      scans: [
        ["2024-02-01", { L1: [30, 30] }],
        ["2024-04-01", { L1: [30, 30] }],
      ],
    });
    expect(caseWorklistEntry(stable, getCriteria("rano2"), { workup: null, asOf: "2024-05-10" })).toBeNull();
  });
});

describe("byConfirmationDue", () => {
  it("earliest due first, entries without a date last", () => {
    const list = [{ dueFrom: null }, { dueFrom: "2024-06-26" }, { dueFrom: "2024-05-29" }];
    expect(list.sort(byConfirmationDue).map((e) => e.dueFrom)).toEqual(["2024-05-29", "2024-06-26", null]);
    expect(isIsoDay("2024-05-10")).toBe(true);
    expect(isIsoDay("10.05.2024")).toBe(false);
  });
});
