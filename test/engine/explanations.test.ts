// Issue 10: every explanation true. One regression test per pattern seen (the "wrong today" list and
// the clinical-logic defects); each failed on the engine before the decision-record rewrite.
import { describe, expect, it } from "vitest";
import { formatPercent } from "../../src/engine/core/exact.ts";
import { assess, criteriaScopeError, getCriteria } from "../../src/engine/index.ts";
import type { PatientResult, TimepointResult } from "../../src/engine/model/result.ts";
import { type CaseSpec, validCase } from "../support/case-builder.ts";
import { lmCase } from "./rano-lm/lm-builders.ts";

const run = (criteria: string, spec: CaseSpec, options?: object) =>
  assess(validCase(spec), criteria, options);
const at = (r: PatientResult, date: string): TimepointResult => {
  const t = r.timepoints.find((x) => x.date === date && x.kind !== "clinical");
  if (!t) throw new Error(`no time point ${date}`);
  return t;
};

describe("1. RANO-BM explanations name RANO-BM's measure, thresholds and rules", () => {
  const bm = (follow: CaseSpec["scans"], steroids?: CaseSpec["steroids"]): CaseSpec => ({
    tumorType: "brain_metastasis",
    scans: [["2024-01-25", { T1: [20, 10] }], ...follow],
    ...(steroids ? { steroids } : {}),
  });
  it("PR at −30 % of the sum of longest diameters cites BM-PR-1 and its 30 % threshold", () => {
    const r = run(
      "bm",
      bm([
        ["2024-03-28", { T1: [14, 8] }],
        ["2024-04-25", { T1: [14, 8] }],
      ]),
    );
    const t = at(r, "2024-03-28");
    expect(t.label).toBe("PR");
    expect(t.explanation).toContain("≥ 30% decrease of the sum of longest diameters from baseline");
    expect(t.explanation).toContain("-30.0% vs baseline 2024-01-25 (20 mm)");
    expect(t.explanation).not.toMatch(/50%|sum of products/);
    expect(t.rules).toContain("BM-PR-1");
    expect(t.rules).not.toContain("BM-CR-1");
    expect(r.bestOverallResponse).toMatchObject({ category: "PR", confirmed: true });
    expect(r.bestOverallResponse.rules).toContain("BM-PR-1");
    expect(r.bestOverallResponse.rules).not.toContain("BM-CR-1");
  });
  it("+25 % with a < 5 mm absolute increase is SD, and the text names the 5 mm rule", () => {
    const r = run(
      "bm",
      bm([
        ["2024-03-28", { T1: [16, 10] }],
        ["2024-04-25", { T1: [20, 10] }],
      ]),
    );
    const t = at(r, "2024-04-25");
    expect(t.label).toBe("SD");
    expect(t.changePct).toBe(25);
    expect(t.explanation).toContain("no target grew ≥ 5 mm over its nadir-scan value");
    expect(t.explanation).toContain("≥ 20% over the nadir");
    expect(t.explanation).not.toContain("25% increase");
  });
  it("CR allows no corticosteroids at all, and says so", () => {
    const r = run("bm", bm([["2024-03-28", { T1: "absent" }]]));
    expect(at(r, "2024-03-28").explanation).toContain("no corticosteroids (RANO-BM)");
    expect(at(r, "2024-03-28").explanation).not.toContain("physiologic");
    const low = run("bm", bm([["2024-03-28", { T1: "absent" }]], [["2024-03-01", 0.5]]));
    expect(at(low, "2024-03-28").label).toBe("SD"); // 0.5 mg/day > the baseline 0: SD at best (AMB-28)
  });
});

describe("2. volumetric RANO 2.0 quotes the volumetric thresholds", () => {
  const vol = (v: number) => ({ d: [30, 25] as [number, number], volumeCm3: v });
  const spec: CaseSpec = {
    protocol: { primaryMethod: "volumetric" },
    scans: [
      ["2024-01-25", { L1: vol(10) }],
      ["2024-03-28", { L1: vol(3) }],
      ["2024-05-23", { L1: vol(3.9) }],
    ],
  };
  it("PR: ≥ 65 % decrease of the volume; SD: 65 % / 40 %", () => {
    const r = run("rano2", spec);
    expect(at(r, "2024-03-28").explanation).toContain("≥ 65% decrease of the volume from baseline");
    const sd = at(r, "2024-05-23");
    expect(sd.label).toBe("SD");
    expect(sd.explanation).toContain(
      "neither ≥ 65% decrease from baseline nor ≥ 40% increase over the nadir",
    );
    expect(sd.explanation).toContain("+30.0% vs nadir 2024-03-28 (3000 mm³)");
    expect(sd.explanation).not.toMatch(/≥ (50|25)%/);
  });
});

describe("3. non-enhancing disease", () => {
  it("RANO 2.0 mixed: SD names the minor-response threshold", () => {
    const r = run("rano2", {
      tumorType: "astrocytoma_idh_mutant",
      significantNonEnhancing: true,
      scans: [
        ["2024-01-25", { F1: [40, 30] }],
        ["2024-03-28", { F1: [38, 30] }],
      ],
    });
    expect(at(r, "2024-03-28").explanation).toContain("(nor ≥ 25% for a minor response)");
  });
  it("RANO-LGG: an enhancing lesion marked as target is explained, and SD rows show the T2/FLAIR change", () => {
    const r = run("lgg", {
      tumorType: "astrocytoma_idh_mutant",
      protocol: { t0: "2024-02-01" },
      scans: [
        ["2024-01-25", { C1: { d: [12, 10], role: "target" }, F1: { d: [40, 30], role: "target" } }],
        ["2024-03-28", { C1: [12, 10], F1: [42, 30] }],
      ],
    });
    const warning = r.warnings.find((w) => w.message.includes("C1"))!;
    expect(warning.message).toContain("RANO-LGG measures no enhancing targets");
    expect(warning.message).not.toContain("not measurable (measurable");
    const t = at(r, "2024-03-28");
    expect(t.label).toBe("SD");
    expect(t.reference).toMatchObject({ kind: "nadir", value: 1200, unit: "mm²" });
    expect(t.changePct).toBe(5);
    expect(t.explanation).toContain("non-enhancing sum of products 1260 mm², +5.0% vs nadir");
  });
});

describe("4. mixed tumours show the deciding component first, and both", () => {
  it("non-enhancing MR with enhancing SD", () => {
    const r = run("rano2", {
      tumorType: "astrocytoma_idh_mutant",
      significantNonEnhancing: true,
      scans: [
        ["2024-01-25", { C1: [12, 10], F1: [40, 30] }],
        ["2024-03-28", { C1: [12, 10], F1: [34, 25] }],
      ],
    });
    const t = at(r, "2024-03-28");
    expect(t.label).toBe("MR");
    expect(t.decision?.deciding).toBe("non_enhancing");
    expect(t.reference).toMatchObject({ kind: "baseline", value: 1200 });
    expect(t.explanation).toMatch(
      /non-enhancing sum of products 850 mm², -29\.2% vs baseline.*; enhancing sum of products 120 mm², 0\.0% vs baseline/,
    );
  });
});

describe("5. a change without a sum is empty", () => {
  it("NE for an unmeasured target: no −100 %", () => {
    const r = run("rano2", {
      scans: [
        ["2024-01-25", { L1: [20, 20], L2: [15, 15] }],
        ["2024-03-28", { L1: [20, 20], L2: { status: "present" } }],
      ],
    });
    const t = at(r, "2024-03-28");
    expect(t.label).toBe("NE");
    expect(t.changePct).toBeNull();
    expect(t.components[0]).toMatchObject({
      sum: null,
      changeFromBaselinePct: null,
      changeFromNadirPct: null,
    });
  });
});

describe("6. RANO-HGG: the 12-week window and the steroid rules are cited as such", () => {
  const spec: CaseSpec = {
    rtEnd: "2024-03-01",
    t0: "2024-01-22",
    treatments: [{ type: "surgery", date: "2024-01-08" }],
    scans: [
      ["2024-01-10", { L1: [20, 15] }],
      ["2024-04-05", { L1: [26, 20] }],
      ["2024-05-03", { L1: [27, 20] }],
    ],
  };
  it("IND-12W persists because of the 12-week window, not a 28-day interval", () => {
    const t = at(run("hgg", spec), "2024-05-03");
    expect(t.label).toBe("IND");
    expect(t.explanation).toContain("within 84 days of the end of radiotherapy (2024-03-01)");
    expect(t.explanation).toContain("the first scan on or after 2024-05-25 decides");
    expect(t.explanation).not.toContain("cannot confirm it before");
  });
  it("a steroid IND row cites HGG-SD-1 / HGG-PD-2, never HGG-CR-1", () => {
    const r = run("hgg", {
      scans: [
        ["2024-01-25", { L1: [20, 20] }],
        ["2024-03-28", { L1: [20, 20] }],
      ],
      steroids: [["2024-03-01", 4]],
    });
    const t = at(r, "2024-03-28");
    expect(t.label).toBe("IND");
    expect(t.rules).toEqual(expect.arrayContaining(["HGG-SD-1", "HGG-PD-2"]));
    expect(t.rules).not.toContain("HGG-CR-1");
  });
});

describe("7. iRANO: decline inside the window, and what non-confirmation is judged against", () => {
  const base = (follow: CaseSpec["scans"], clinical?: CaseSpec["clinical"]): CaseSpec => ({
    t0: "2024-01-10",
    treatments: [{ type: "immunotherapy", start: "2024-01-10" }],
    scans: [["2024-01-05", { L1: [20, 20] }], ["2024-03-06", { L1: [23, 23] }], ...follow],
    ...(clinical ? { clinical } : {}),
  });
  it("clinical decline while the first progression is pending cites IRANO-8", () => {
    const r = run("irano", base([], [{ date: "2024-04-10", status: "worse", attributableToTumor: true }]));
    expect(r.progression).toMatchObject({ date: "2024-03-06", cause: "clinical" });
    expect(r.progression.rules).toContain("IRANO-8");
    expect(r.progression.rules).not.toContain("IRANO-6");
  });
  it("non-confirmation is judged against the reference scan of the first progression", () => {
    const r = run("irano", base([["2024-06-06", { L1: [21, 21] }]]));
    const first = at(r, "2024-03-06");
    expect(first.finalLabel).toBe("SD");
    expect(first.explanation).toContain(
      "no further progression vs the reference scan of the first progression",
    );
    expect(first.explanation).not.toContain("vs the nadir");
  });
});

describe("8. RANO-LM: only qualifying exam changes are progression reasons; no-consensus SD is not LM-OVR-1", () => {
  const mri = {
    items: { brain_leptomeningeal_enhancement: "present" },
    targets: [{ id: "T1", item: "brain_leptomeningeal_enhancement" }],
  };
  const stable = { items: mri.items, targets: [{ ...mri.targets[0]!, changeScore: 0 }] };
  it("PD reason lists the domain that moved to level 3, not the others", () => {
    const r = assess(
      lmCase({
        primary: "solid",
        t0: "2024-02-01",
        visits: [
          { date: "2024-02-01", neuro: { gait: 1, strength: 0, vision: 2 }, mri },
          { date: "2024-03-01", neuro: { gait: 3, strength: 1, vision: 2 }, mri: stable },
        ],
      }),
      "rano-lm",
    );
    const t = at(r, "2024-03-01");
    expect(t.label).toBe("PD");
    expect(t.explanation).toContain("neurological exam: gait 1 → 3");
    expect(t.explanation).not.toContain(
      "neurological exam: gait 1 → 3 (worse by 2 levels, reaches level 3); strength",
    );
  });
  it("SD with the no-consensus cytology flag cites LM-CSF-3, not the PD rule", () => {
    const both = (c: string) => [
      { site: "lumbar" as const, cytology: c },
      { site: "ventricular" as const, cytology: c },
    ];
    const r = assess(
      lmCase({
        primary: "solid",
        t0: "2024-02-01",
        visits: [
          { date: "2024-02-01", neuro: { gait: 0 }, csf: both("positive"), mri },
          { date: "2024-03-15", neuro: { gait: 0 }, csf: both("positive"), mri: stable },
        ],
      }),
      "rano-lm",
    );
    const t = at(r, "2024-03-15");
    expect(t.label).toBe("SD");
    expect(t.rules).toContain("LM-CSF-3");
    expect(t.rules).not.toContain("LM-OVR-1");
  });
});

describe("9. a displayed change never rounds onto the other side of a threshold", () => {
  const spec = (follow: [number, number]): CaseSpec => ({
    scans: [
      ["2024-01-25", { L1: [20, 20] }],
      ["2024-03-28", { L1: follow }],
    ],
  });
  it("+24.9975 % is SD and shown +24.998 %; exactly +25 % is PD and shown +25.0 %", () => {
    const sd = at(run("rano2", spec([49.999, 10])), "2024-03-28");
    expect(sd.label).toBe("SD");
    expect(sd.changePct).toBe(24.998);
    expect(formatPercent(sd.changePct!)).toBe("+24.998%");
    expect(sd.explanation).toContain("+24.998% vs nadir");
    const pd = at(run("rano2", spec([50, 10])), "2024-03-28");
    expect(pd.label).toBe("PD");
    expect(formatPercent(pd.changePct!)).toBe("+25.0%");
  });
  it("−49.995 % is not shown as −50.0 % beside a 50 % PR threshold", () => {
    // 400 mm² → 200.02 mm²: −49.995 % (one and two decimals would both round onto −50).
    const t = at(run("rano2", spec([20.002, 10])), "2024-03-28");
    expect(t.label).toBe("SD");
    expect(t.components[0]!.changeFromBaselinePct).toBe(-49.995);
  });
});

describe("10. typed rule-role maps: each category row cites its own criteria set's rule for that role", () => {
  const responder: CaseSpec = {
    tumorType: "astrocytoma_idh_mutant",
    scans: [
      ["2024-01-25", { L1: [20, 20] }],
      ["2024-03-28", { L1: [13, 13] }],
      ["2024-04-25", { L1: [13, 13] }],
      ["2024-06-20", { L1: "absent" }],
      ["2024-07-18", { L1: "absent" }],
    ],
  };
  const own: Record<string, { PR: string; CR: string }> = {
    rano2: { PR: "RANO2-TP-6", CR: "RANO2-TP-5" },
    hgg: { PR: "HGG-PR-1", CR: "HGG-CR-1" },
    lgg: { PR: "LGG-PR-1", CR: "LGG-CR-1" },
    bm: { PR: "BM-PR-1", CR: "BM-CR-1" },
    mrano: { PR: "MRANO-MEAS-1", CR: "MRANO-MEAS-1" },
  };
  for (const [id, rules] of Object.entries(own)) {
    it(`${id}: the PR row cites ${rules.PR}, the CR row ${rules.CR}; a CR rule is never alone on a PR row`, () => {
      const spec: CaseSpec =
        id === "bm"
          ? { ...responder, tumorType: "brain_metastasis" }
          : id === "lgg"
            ? {
                ...responder,
                scans: responder.scans.map(([d, l]) => [
                  d,
                  Object.fromEntries(Object.entries(l ?? {}).map(([k, v]) => [`F${k}`, v])),
                ]),
              }
            : responder;
      const r = run(id, spec);
      const pr = r.timepoints.find((t) => t.label === "PR")!;
      const cr = r.timepoints.find((t) => t.label === "CR")!;
      expect(pr.rules).toContain(rules.PR);
      expect(cr.rules).toContain(rules.CR);
      if (rules.CR !== rules.PR) expect(pr.rules).not.toContain(rules.CR);
    });
  }
});

describe("clinical 1. iRANO confirmation scan: no new preliminary progression against the nadir", () => {
  it("a scan ≥ 3 months later, still ≥ 25 % over the nadir but not over the reference scan, is SD", () => {
    const r = run("irano", {
      t0: "2024-01-10",
      treatments: [{ type: "immunotherapy", start: "2024-01-10" }],
      scans: [
        ["2024-01-05", { L1: [20, 20] }],
        ["2024-03-06", { L1: [24, 24] }],
        ["2024-06-06", { L1: [23, 23] }],
      ],
    });
    const t = at(r, "2024-06-06");
    expect(t.label).toBe("SD");
    expect(t.rules).toContain("IRANO-7");
    expect(t.reference).toMatchObject({ kind: "anchor", date: "2024-03-06" });
    expect(t.explanation).toContain("no further progression vs the reference scan of the first progression");
    expect(at(r, "2024-03-06").finalLabel).toBe("SD");
    expect(r.progression.date).toBeNull();
  });
});

describe("clinical 2. pathology on the day of a scan belongs to that scan", () => {
  const spec = (result: "tumor" | "treatment_effect"): CaseSpec => ({
    scans: [
      ["2024-01-25", { L1: [20, 20] }],
      ["2024-03-28", { L1: [25, 25] }],
    ],
    pathology: [{ date: "2024-03-28", result }],
  });
  it("treatment effect only: SD as assessed, citing the pathology rule; one row for the date", () => {
    const r = run("rano2", spec("treatment_effect"));
    const rows = r.timepoints.filter((t) => t.date === "2024-03-28");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ label: "SD", finalLabel: "SD" });
    expect(rows[0]!.rules).toContain("RANO2-TP-2");
    expect(rows[0]!.rules).not.toContain("RANO2-CONF-6");
    expect(r.progression.date).toBeNull();
  });
  it("tumour: PD on that date, on the scan's row", () => {
    const r = run("rano2", spec("tumor"));
    expect(r.timepoints.filter((t) => t.date === "2024-03-28")).toHaveLength(1);
    expect(r.progression).toMatchObject({ date: "2024-03-28", cause: "pathology" });
  });
});

describe("clinical 3. RANO-HGG / mRANO CR with measured non-enhancing lesions", () => {
  const spec: CaseSpec = {
    tumorType: "astrocytoma_idh_mutant",
    scans: [
      ["2024-01-25", { C1: [12, 10], F1: [40, 30] }],
      ["2024-03-28", { C1: "absent", F1: [40, 30] }],
      ["2024-04-25", { C1: "absent", F1: [50, 32] }],
    ],
  };
  it("RANO-HGG derives the T2/FLAIR status (HGG-FLAIR-2): stable allows CR, ≥ 25 % is PD", () => {
    const r = run("hgg", spec);
    const cr = at(r, "2024-03-28");
    expect(cr.label).toBe("CR");
    expect(cr.explanation).toContain("complete disappearance of all enhancing disease");
    expect(cr.explanation).toContain(
      "T2/FLAIR derived from the measured non-enhancing lesions (HGG-FLAIR-2)",
    );
    expect(cr.rules).toContain("HGG-FLAIR-2");
    const pd = at(r, "2024-04-25");
    expect(pd.label).toBe("PD");
    expect(pd.explanation).toContain("+33.3% vs nadir 2024-01-25 (1200 mm²), ≥ 25% increase");
  });
  it("mRANO keeps its CR (enhancing disease only) and says what disappeared", () => {
    const t = at(run("mrano", spec), "2024-04-25");
    expect(t.label).toBe("CR");
    expect(t.explanation).toContain("all enhancing disease");
    expect(t.explanation).not.toContain("all disease");
  });
});

describe("clinical 4. a time-to-event is never negative", () => {
  it("progression before a later protocol T0: PFS 0 days, flagged END-PFS-6 with both dates", () => {
    const r = run("hgg", {
      rtEnd: "2024-03-01",
      t0: "2024-04-01",
      treatments: [{ type: "surgery", date: "2024-01-08" }],
      scans: [
        ["2024-01-10", { L1: [20, 15] }],
        ["2024-03-05", { L1: [20, 15], N1: { d: [12, 11], outsideRadiationField: true } }],
      ],
    });
    expect(r.progression.date).toBe("2024-03-05");
    expect(r.pfs).toMatchObject({ days: 0, event: true, date: "2024-03-05" });
    const w = r.warnings.find((x) => x.code === "END-PFS-6")!;
    expect(w.message).toContain("2024-03-05 is 27 days before the origin 2024-04-01");
  });
});

describe("clinical 5. steroid increase never tapered: every row and the endpoint say why", () => {
  it("IND rows name what is pending and the dose; PFS says why it is censored at T0", () => {
    const r = run("rano2", {
      scans: [
        ["2024-01-25", { L1: [20, 20] }],
        ["2024-03-28", { L1: [20, 20] }],
        ["2024-05-23", { L1: [20, 20] }],
      ],
      steroids: [["2024-03-01", 4]],
    });
    const t = at(r, "2024-05-23");
    expect(t).toMatchObject({ label: "IND", status: "pending" });
    expect(t.explanation).toContain("steroids 4 mg/day exceed the baseline 0 mg/day");
    expect(t.nextAction).toContain("≤ 0 mg/day (the baseline dose, i.e. off steroids)");
    expect(t.nextAction).toContain("PD dated 2024-03-28");
    expect(t.nextAction).not.toContain("taper to ≤ 0");
    expect(r.pfs.reason).toContain("indeterminate under the steroid rule");
    expect(r.pfs.reason).toContain("back-dated to 2024-03-28");
    expect(r.bestOverallResponse.reason).toContain("steroid rule");
  });
});

describe("clinical 6. a target not reported beside an unknown lesion id", () => {
  it("is NE with a warning, not a new lesion → PD", () => {
    const r = run("rano2", {
      scans: [
        ["2024-01-25", { L1: [20, 20], L2: [15, 15] }],
        ["2024-03-28", { L1: [20, 20], L3: [15, 15] }],
      ],
    });
    const t = at(r, "2024-03-28");
    expect(t.label).toBe("NE");
    expect(t.rules).toContain("GEN-6");
    const messages = t.warnings.map((w) => w.message).join(" | ");
    expect(messages).toContain("target L2 was not reported");
    expect(messages).toContain("possibly the same lesion under another id");
    expect(r.progression.date).toBeNull();
  });
  it("an assessment without lesions is 'not read', not 'no disease'", () => {
    const r = run("rano2", {
      scans: [
        ["2024-01-25", { L1: [20, 20] }],
        ["2024-03-28", {}],
      ],
    });
    const t = at(r, "2024-03-28");
    expect(t.label).toBe("NE");
    expect(t.explanation).toContain("not read: no lesion reported");
  });
});

describe("clinical 7. a criteria set outside its scope is named", () => {
  it("RANO-LM on a glioblastoma", () => {
    const c = validCase({ scans: [["2024-01-25", { L1: [20, 20] }]] });
    expect(criteriaScopeError(getCriteria("rano-lm"), c)).toContain(
      "applies to leptomeningeal metastases; this case is an IDH-wildtype glioblastoma",
    );
    expect(criteriaScopeError(getCriteria("rano2"), c)).toBeNull();
  });
});

describe("clinical 8. a taper within physiologic replacement is not a taper; RANO-BM has no taper rule", () => {
  const spec = (tumorType: CaseSpec["tumorType"], doses: CaseSpec["steroids"]): CaseSpec => ({
    tumorType,
    scans: [
      ["2024-01-25", { L1: [20, 20] }],
      ["2024-03-28", { L1: [20, 20] }],
      ["2024-05-23", { L1: [26, 26] }],
    ],
    steroids: doses,
  });
  it("0.5 → 0 mg/day: growth is PD", () => {
    const r = run(
      "rano2",
      spec("glioblastoma_idh_wildtype", [
        ["2024-01-01", 0.5],
        ["2024-05-01", 0],
      ]),
    );
    expect(at(r, "2024-05-23").label).toBe("PD");
  });
  it("4 → 2 mg/day: growth waits (STER-6), except under RANO-BM", () => {
    const doses: CaseSpec["steroids"] = [
      ["2024-01-01", 4],
      ["2024-05-01", 2],
    ];
    expect(at(run("rano2", spec("glioblastoma_idh_wildtype", doses)), "2024-05-23").label).toBe("IND");
    expect(at(run("bm", spec("brain_metastasis", doses)), "2024-05-23").label).toBe("PD");
  });
});
