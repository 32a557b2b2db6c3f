// The worked RANO 2.0 scenarios of the rules specification (SC-01…SC-23, SC-48, SC-49), encoded as
// fixtures with the expected results stated in the specification — not produced by the engine.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assess } from "../../src/engine/index.ts";
import type { Label } from "../../src/engine/model/result.ts";
import { type CaseSpec, validCase } from "../support/case-builder.ts";

interface Scenario {
  id: string;
  title: string;
  options?: Record<string, unknown>;
  case: CaseSpec & { steroids?: Array<[string, number]> };
  expect: {
    baseline?: string;
    timepoints?: Record<string, [Label, Label]>;
    rules?: Record<string, string[]>;
    changePct?: Record<string, number>;
    sums?: Record<string, number>;
    bor?: string;
    borConfirmed?: boolean;
    borDate?: string;
    progression?: string | null;
    pfs?: { event: boolean; date: string; days: number };
    dorDays?: number;
  };
}

const scenarios: Scenario[] = JSON.parse(
  readFileSync(join(import.meta.dirname, "../fixtures/scenarios/rano2-scenarios.json"), "utf8"),
);

describe("RANO 2.0 worked scenarios", () => {
  it("covers every RANO 2.0 scenario of the specification", () => {
    const ids = new Set(scenarios.map((s) => s.id.slice(0, 5)));
    for (let n = 1; n <= 23; n++) expect(ids).toContain(`SC-${String(n).padStart(2, "0")}`);
    expect(ids).toContain("SC-48");
    expect(ids).toContain("SC-49");
  });

  for (const s of scenarios) {
    it(`${s.id}: ${s.title}`, () => {
      const r = assess(validCase(s.case), "rano2", s.options);
      const at = (date: string) => {
        const t = r.timepoints.find((x) => x.date === date && x.kind !== "clinical");
        expect(t, `time point ${date}`).toBeDefined();
        return t!;
      };
      const e = s.expect;
      if (e.baseline) expect(r.baselineDate).toBe(e.baseline);
      for (const [date, [label, finalLabel]] of Object.entries(e.timepoints ?? {})) {
        expect({ date, label: at(date).label, finalLabel: at(date).finalLabel }).toEqual({
          date,
          label,
          finalLabel,
        });
      }
      for (const [date, rules] of Object.entries(e.rules ?? {}))
        expect(at(date).rules).toEqual(expect.arrayContaining(rules));
      for (const [date, pct] of Object.entries(e.changePct ?? {})) expect(at(date).changePct, date).toBe(pct);
      for (const [date, sum] of Object.entries(e.sums ?? {}))
        expect(at(date).components[0]!.sum, date).toBe(sum);
      if (e.bor !== undefined) expect(r.bestOverallResponse.category).toBe(e.bor);
      if (e.borConfirmed !== undefined) expect(r.bestOverallResponse.confirmed).toBe(e.borConfirmed);
      if (e.borDate !== undefined) expect(r.bestOverallResponse.date).toBe(e.borDate);
      if (e.progression !== undefined) expect(r.progression.date).toBe(e.progression);
      if (e.pfs) expect({ event: r.pfs.event, date: r.pfs.date, days: r.pfs.days }).toEqual(e.pfs);
      if (e.dorDays !== undefined) expect(r.dor?.days).toBe(e.dorDays);
    });
  }
});
