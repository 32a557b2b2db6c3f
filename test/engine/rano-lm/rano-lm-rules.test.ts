// RANO-LM: invalid input, options, rule coverage and invariants (property tests).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assess as assessCase, parseCase, parseOptionPairs } from "../../../src/engine/index.ts";
import { NEURO_DOMAIN_LEVELS, type NeuroDomain } from "../../../src/engine/model/lm.ts";
import type { Label } from "../../../src/engine/model/result.ts";
import { lmCase, lmCaseInput, type Visit } from "./lm-builders.ts";

const mriTargets = (scores: number[], newSites = 0) => ({
  items: { brain_leptomeningeal_enhancement: "present" },
  targets: scores.map((changeScore, i) => ({
    id: `T${i + 1}`,
    item: "brain_leptomeningeal_enhancement",
    changeScore,
  })),
  newSites,
});
const baselineMri = (n: number) => ({
  items: { brain_leptomeningeal_enhancement: "present" },
  targets: Array.from({ length: n }, (_, i) => ({
    id: `T${i + 1}`,
    item: "brain_leptomeningeal_enhancement",
  })),
});

describe("RANO-LM invalid input is rejected with the JSON path and the problem", () => {
  const errorsOf = (input: unknown) => {
    const r = parseCase(input);
    expect(r.ok).toBe(false);
    return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
  };

  it("a level out of range for its domain", () => {
    const input = lmCaseInput({ primary: "solid", visits: [{ date: "2024-02-01", neuro: { gait: 4 } }] });
    expect(errorsOf(input)).toContain(
      "$.assessments[0].lm.neuroExam.domains.gait.level: level 4 is out of range: gait has 4 levels (0–3)",
    );
  });

  it("a 4th level (level 3) in a 3-level domain", () => {
    const input = lmCaseInput({
      primary: "solid",
      visits: [{ date: "2024-02-01", neuro: { swallowing: 3 } }],
    });
    expect(errorsOf(input)[0]).toMatch(
      /domains\.swallowing\.level: level 3 is out of range: swallowing has 3 levels/,
    );
  });

  it("an area level out of range names the area", () => {
    const input = lmCaseInput({
      primary: "solid",
      visits: [{ date: "2024-02-01", neuro: { sensation: { areas: { face: 1, trunk: 5 } } } }],
    });
    expect(errorsOf(input)[0]).toContain("domains.sensation.areas.trunk: level 5 is out of range");
  });

  it("a scorecard with more than 5 targets", () => {
    const input = lmCaseInput({ primary: "solid", visits: [{ date: "2024-02-01", mri: baselineMri(6) }] });
    expect(errorsOf(input)).toContain(
      "$.assessments[0].lm.mri.targets: 6 targets: the scorecard allows at most 5",
    );
  });

  it("a recorded-only item as a target, a change score outside −3…+3, an unknown domain", () => {
    const input = lmCaseInput({
      primary: "solid",
      visits: [
        {
          date: "2024-02-01",
          neuro: { smell: 1 },
          mri: {
            targets: [
              { id: "T1", item: "hydrocephalus" },
              { id: "T2", item: "spine_nodules", changeScore: 4 },
            ],
          },
        },
      ],
    });
    const errors = errorsOf(input).join("\n");
    expect(errors).toContain('domains: Unrecognized key: "smell"');
    expect(errors).toContain("targets[1].changeScore");
  });

  it("a leptomeningeal case without its primary cancer", () => {
    const input = lmCaseInput({ primary: "solid", visits: [{ date: "2024-02-01" }] });
    delete (input.patient as { primaryCancer?: unknown }).primaryCancer;
    expect(errorsOf(input)[0]).toContain("$.patient.primaryCancer: required for leptomeningeal metastases");
  });

  it("unknown or mistyped RANO-LM options name the option", () => {
    const r = parseOptionPairs(["refractoryCytology=maybe", "inductionDays=x"]);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.join("; ")).toContain("--option refractoryCytology");
      expect(r.errors.join("; ")).toContain("--option inductionDays");
    }
    const ok = parseOptionPairs(["responseNeuro=improved", "inductionDays=42", "confirmMinDays=28"]);
    expect(ok).toEqual({
      ok: true,
      value: { responseNeuro: "improved", inductionDays: 42, confirmMinDays: 28 },
    });
  });
});

describe("RANO-LM options and elements", () => {
  const base: Visit = {
    date: "2024-02-01",
    neuro: { gait: 1 },
    csf: [{ site: "lumbar", cytology: "negative" }],
    mri: baselineMri(2),
  };

  it("AMB-24: responseNeuro=improved needs an improved exam for a response", () => {
    const resolved = { ...mriTargets([3, 3]), items: { brain_leptomeningeal_enhancement: "absent" } };
    const c = lmCase({
      primary: "solid",
      t0: "2024-02-01",
      visits: [base, { ...base, date: "2024-03-01", mri: resolved }],
    });
    expect(assess(c, "rano-lm").timepoints[1]!.label).toBe("CR");
    expect(assess(c, "rano-lm", { responseNeuro: "improved" }).timepoints[1]!.label).toBe("SD");
  });

  it("CR needs every target resolved and no residual LM abnormality", () => {
    const residual = {
      ...mriTargets([3, 3]),
      items: { brain_leptomeningeal_enhancement: "absent", spine_leptomeningeal_enhancement: "present" },
    };
    const c = lmCase({
      primary: "solid",
      t0: "2024-02-01",
      visits: [base, { ...base, date: "2024-03-01", mri: residual }],
    });
    expect(assess(c, "rano-lm").timepoints[1]!.label).toBe("PR");
  });

  it("AMB-21: a 5 × 10 mm nodule is measurable by default, not with measurableNodule=more_than", () => {
    const nodule = (d: [number, number]) => ({
      items: { brain_nodules: "present" },
      targets: [{ id: "N1", item: "brain_nodules", diametersMm: d }],
    });
    const visits: Visit[] = [
      { ...base, mri: nodule([10, 5]) },
      { ...base, date: "2024-03-01", mri: nodule([13, 5]) },
    ];
    // +30 % product: −2 (definitely worse) when measurable; otherwise the nodule has no change score.
    const c = lmCase({ primary: "solid", t0: "2024-02-01", visits });
    expect(assess(c, "rano-lm").timepoints[1]!.label).toBe("PD");
    const strict = assess(c, "rano-lm", { measurableNodule: "more_than" }).timepoints[1]!;
    expect(strict.label).toBe("NE");
    expect(strict.explanation).toContain("target(s) N1 not scored");
  });

  it("LM-IMG-6 thresholds are strict: exactly +25 % is not worse, exactly −50 % is not better", () => {
    const nodule = (d: [number, number]) => ({
      items: { brain_nodules: "present" },
      targets: [{ id: "N1", item: "brain_nodules", diametersMm: d }],
    });
    const run = (d: [number, number]) =>
      assess(
        lmCase({
          primary: "solid",
          t0: "2024-02-01",
          visits: [
            { ...base, mri: nodule([20, 10]) },
            { ...base, date: "2024-03-01", mri: nodule(d) },
          ],
        }),
        "rano-lm",
      ).timepoints[1]!.label;
    expect(run([25, 10])).toBe("SD"); // 250 vs 200 mm²: +25 % exactly
    expect(run([25.1, 10])).toBe("PD");
    expect(run([10, 10])).toBe("SD"); // −50 % exactly: 0 for the nodule
    expect(run([9.9, 10])).toBe("PR"); // > 50 % decrease: +2 of ±3 ≥ 50 %
  });

  it("symptom worsening is a flag (AMB-23) unless the protocol counts it", () => {
    const c = lmCase({
      primary: "solid",
      t0: "2024-02-01",
      visits: [base, { ...base, date: "2024-03-01", mri: mriTargets([0, 0]), symptomChange: -2 }],
    });
    const flagged = assess(c, "rano-lm").timepoints[1]!;
    expect(flagged.label).toBe("SD");
    expect(flagged.warnings.map((w) => w.code)).toContain("LM-SYMPTOMS");
    expect(assess(c, "rano-lm", { symptomWorsening: "progression" }).timepoints[1]!.label).toBe("PD");
  });

  it("MRI not done → NE (LM-OVR-4); a change of examiner is flagged (LM-NEURO-6); inadequate CSF (LM-CSF-5)", () => {
    const input = lmCaseInput({
      primary: "solid",
      t0: "2024-02-01",
      visits: [
        base,
        { date: "2024-03-01", neuro: { gait: 1 }, csf: [{ site: "lumbar", cytology: "inadequate" }] },
      ],
    });
    (input.assessments[0]!.lm as { neuroExam: { examiner?: string } }).neuroExam.examiner = "A";
    (input.assessments[1]!.lm as { neuroExam: { examiner?: string } }).neuroExam.examiner = "B";
    const r = parseCase(input);
    if (!r.ok) throw new Error("invalid");
    const t = assess(r.value, "rano-lm").timepoints[1]!;
    expect(t.label).toBe("NE");
    expect(t.rules).toEqual(expect.arrayContaining(["LM-OVR-4", "LM-CSF-5"]));
    expect(t.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(["LM-NEURO-6", "LM-CSF-5"]));
  });

  it("haematologic: steroids increased with everything else stable is neither SD nor response (LM-OVR-5)", () => {
    const c = lmCase({
      primary: "haematologic",
      t0: "2024-02-01",
      steroids: [
        ["2024-02-01", 4],
        ["2024-02-20", 8],
      ],
      visits: [base, { ...base, date: "2024-03-01", mri: mriTargets([0, 0]) }],
    });
    const t = assess(c, "rano-lm").timepoints[1]!;
    expect(t.label).toBe("IND");
    expect(t.rules).toContain("LM-OVR-5");
  });

  it("is chosen automatically for a leptomeningeal case by `assess` without criteria", async () => {
    const { recommendedCriteria, applicableCriteria } = await import("../../../src/engine/index.ts");
    const c = lmCase({ primary: "solid", visits: [base] });
    expect(recommendedCriteria(c).id).toBe("rano-lm");
    expect(applicableCriteria(c).map((m) => m.id)).toEqual(["rano-lm"]);
  });
});

// Every rule ID (and rule-like warning code) fired by any assessment in this file; checked at the end.
const fired = new Set<string>();
function assess(...args: Parameters<typeof assessCase>) {
  const r = assessCase(...args);
  for (const t of r.timepoints) {
    for (const id of t.rules) fired.add(id);
    for (const w of t.warnings) fired.add(w.code);
  }
  for (const w of r.warnings) fired.add(w.code);
  return r;
}

// Order used by the invariants: a worse input may never give a better label.
const goodness: Record<Label, number> = { CR: 5, PR: 4, MR: 3, SD: 2, IND: 1, NE: 1, "PD-P": 0, PD: 0 };

describe("RANO-LM invariants (property tests)", () => {
  const domains = Object.keys(NEURO_DOMAIN_LEVELS) as NeuroDomain[];
  const examArb = fc.record(
    Object.fromEntries(
      domains.map((d) => [d, fc.integer({ min: 0, max: NEURO_DOMAIN_LEVELS[d] - 1 })]),
    ) as Record<NeuroDomain, fc.Arbitrary<number>>,
  );
  const scoresArb = fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 1, maxLength: 5 });

  const label = (
    baseExam: Record<string, number>,
    exam: Record<string, number>,
    scores: number[],
    newSites: number,
  ) =>
    assess(
      lmCase({
        primary: "solid",
        t0: "2024-02-01",
        visits: [
          {
            date: "2024-02-01",
            neuro: baseExam,
            csf: [{ site: "lumbar", cytology: "negative" }],
            mri: baselineMri(scores.length),
          },
          {
            date: "2024-03-01",
            neuro: exam,
            csf: [{ site: "lumbar", cytology: "negative" }],
            mri: mriTargets(scores, newSites),
          },
        ],
      }),
      "rano-lm",
    ).timepoints[1]!.label!;

  it("a worse neurological exam never improves the integrated response", () => {
    fc.assert(
      fc.property(examArb, examArb, scoresArb, fc.constantFrom(...domains), (base, exam, scores, d) => {
        const worse = { ...exam, [d]: Math.min(exam[d] + 1, NEURO_DOMAIN_LEVELS[d] - 1) };
        expect(goodness[label(base, worse, scores, 0)]).toBeLessThanOrEqual(
          goodness[label(base, exam, scores, 0)],
        );
      }),
      { numRuns: 200 },
    );
  });

  it("a worse scorecard (a lower change score or a new site) never improves the integrated response", () => {
    fc.assert(
      fc.property(examArb, scoresArb, fc.nat({ max: 4 }), fc.boolean(), (exam, scores, k, addSite) => {
        const i = k % scores.length;
        const worse = scores.map((s, j) => (j === i ? Math.max(-3, s - 1) : s));
        const newSites = addSite ? 1 : 0;
        expect(goodness[label(exam, exam, worse, newSites)]).toBeLessThanOrEqual(
          goodness[label(exam, exam, scores, 0)],
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe("RANO-LM rule coverage", () => {
  it("every implemented LM rule ID fires in some test of this file", () => {
    // Cases for the rules no other test here needs: pre-existing deficit and attribution (LM-NEURO-2/4),
    // a missing baseline instrument (LM-EL-1), persistent flow cytometry and CSF conversion.
    assess(
      lmCase({
        primary: "haematologic",
        t0: "2024-02-01",
        visits: [
          {
            date: "2024-02-01",
            neuro: {
              strength: { areas: { left_leg: 3, right_arm: 0 }, preExistingAreas: ["left_leg"] },
              behaviour: 0,
            },
            csf: [{ site: "lumbar", cytology: "positive", flowCytometry: "positive" }],
          },
          {
            date: "2024-03-15",
            neuro: { strength: { areas: { left_leg: 3, right_arm: 1 } }, behaviour: 2 },
            notLm: ["behaviour"],
            csf: [{ site: "lumbar", cytology: "negative", flowCytometry: "positive" }],
            mri: mriTargets([0]),
          },
        ],
      }),
      "rano-lm",
    );
    assess(
      lmCase({
        primary: "solid",
        t0: "2024-02-01",
        visits: [
          {
            date: "2024-02-01",
            neuro: { gait: 0 },
            csf: [{ site: "lumbar", cytology: "positive" }],
            mri: baselineMri(1),
          },
          {
            date: "2024-03-01",
            neuro: { gait: 0 },
            csf: [{ site: "lumbar", cytology: "atypical" }],
            mri: mriTargets([0]),
          },
        ],
      }),
      "rano-lm",
    );
    const expected = [
      "LM-EL-1",
      ...[1, 2, 3, 4, 5, 6].map((n) => `LM-NEURO-${n}`),
      ...[1, 2, 3, 4, 5].map((n) => `LM-CSF-${n}`),
      ...[3, 4, 5, 6, 7].map((n) => `LM-IMG-${n}`),
      ...[1, 2, 3, 4, 5].map((n) => `LM-OVR-${n}`),
      "AMB-19",
      "AMB-20",
      "AMB-22",
      "AMB-23",
      "AMB-24",
    ];
    expect(expected.filter((id) => !fired.has(id))).toEqual([]);
  });
});
