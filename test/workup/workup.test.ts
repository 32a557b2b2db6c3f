// The per-time-point work-up: triggers, calls against the site calibration or the review's cut-off
// range, post-test probabilities, the model, warnings with JSON paths, never a changed category —
// and the invariant that a marker value further towards tumour never lowers the probability.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assess, type CaseInput, parseCase } from "../../src/engine/index.ts";
import { parseCalibration } from "../../src/workup/calibration-file.ts";
import { workupProbability } from "../../src/workup/evaluate.ts";
import { type WorkupBlock, workupForCase } from "../../src/workup/workup.ts";

const root = join(import.meta.dirname, "../..");
const demo: CaseInput = JSON.parse(
  readFileSync(join(root, "examples/10-pseudoprogression-workup-advanced-imaging.json"), "utf8"),
);
const calParsed = parseCalibration(
  JSON.parse(readFileSync(join(root, "examples/workup/site-calibration.json"), "utf8")),
);
if (!calParsed.ok) throw new Error(calParsed.errors.join("\n"));
const cal = calParsed.value;

function run(doc: CaseInput, calibration = cal as typeof cal | null, pretest?: number) {
  const p = parseCase(doc);
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  const r = assess(p.value, "rano2");
  return {
    r,
    blocks: workupForCase(p.value, [r], { calibration, ...(pretest !== undefined ? { pretest } : {}) }),
  };
}

const withImaging = (ai: object): CaseInput => {
  const d = structuredClone(demo);
  (d.assessments[1]!.lesions![0] as { advancedImaging?: object }).advancedImaging = ai;
  return d;
};

describe("work-up of the demo case", () => {
  it("a block at the PD-P with the site's calls, LRs, post-test probabilities and the model", () => {
    const { r, blocks } = run(demo);
    expect(blocks).toHaveLength(1);
    const b = blocks[0]!;
    expect(b.date).toBe("2024-05-10");
    expect(b.triggers).toEqual(["PD-P under RANO 2.0"]);
    expect(b.context).toMatchObject({
      daysSinceRtEnd: 70,
      mgmt: "methylated",
      idh: "wildtype",
      symptomatic: false,
    });
    expect(b.pretest).toMatchObject({ kind: "site", probability: cal.prevalence.estimate });
    const rcbv = b.findings.find((f) => f.marker === "dsc_rcbv_max_ratio")!;
    const m = cal.markers.find((x) => x.id === "dsc_rcbv_max_ratio")!;
    expect(rcbv.call).toBe(1.42 >= m.threshold ? "favours_tumour" : "favours_treatment_effect");
    expect(rcbv.lr).toBe(m.lrNegative.estimate);
    // Bayes by hand from the file's numbers.
    const o = (cal.prevalence.estimate! / (1 - cal.prevalence.estimate!)) * m.lrNegative.estimate!;
    expect(rcbv.postTest).toEqual({ probability: expect.closeTo(o / (1 + o), 12) });
    const model = b.model[0]!;
    const md = cal.model!;
    const x = [1.42, 1210, 1.25];
    const eta = md.intercept + md.coefficients.reduce((s, c, j) => s + c * x[j]!, 0);
    expect(model.probability).toBeCloseTo(1 / (1 + Math.exp(-eta)), 12);
    expect(b.qualitative.join()).toMatch(/lipid–lactate/);
    expect(b.confirmation).toEqual([
      "RANO 2.0: confirming scan on or after 2024-06-07 (≥ 28 days, RANO2-CONF-4)",
    ]);
    expect(b.statement).toMatch(/does not change the RANO category or any date/);
    // Markers the calibration has but the case lacks, and one the calibration lacks: warned, with paths.
    expect(b.warnings).toEqual([
      {
        code: "WORKUP-CAL-MISSING",
        message: expect.stringMatching(/dce_ktrans_per_min, pet_tbr_max/),
        path: "$.assessments[1]",
      },
      {
        code: "WORKUP-CAL-UNCALIBRATED",
        message: expect.stringMatching(/adc_mean_um2_per_s/),
        path: "$.assessments[1]",
      },
    ]);
    // The RANO result is the same with or without the work-up.
    const plain = parseCase(demo);
    expect(plain.ok && r).toEqual(plain.ok && assess(plain.value, "rano2"));
  });

  it("without a calibration: the review's cut-off range and the 9–30% band, with a warning", () => {
    const b = run(demo, null).blocks[0]!;
    expect(b.pretest).toMatchObject({ kind: "band", low: 0.7, high: 0.91 });
    const rcbv = b.findings.find((f) => f.marker === "dsc_rcbv_max_ratio")!;
    expect(rcbv).toMatchObject({ call: "favours_treatment_effect", threshold: { low: 1.49, high: 3.1 } });
    expect(rcbv.lr).toBeCloseTo(0.11 / 0.8, 12);
    expect(rcbv.postTest).toEqual({ low: expect.closeTo(0.2429022, 6), high: expect.closeTo(0.5816386, 6) });
    expect(b.findings.find((f) => f.marker === "adc_min_um2_per_s")!.call).toBe("no_threshold");
    expect(b.warnings.map((w) => w.code)).toEqual(["WORKUP-NOT-CALIBRATED"]);
    // Inside the range of published cut-offs the call is indeterminate and the probability unchanged.
    const mid = run(withImaging({ dsc: { rcbvMaxRatio: 2.2, leakageCorrection: true } }), null).blocks[0]!;
    expect(mid.findings[0]).toMatchObject({
      call: "indeterminate",
      lr: 1,
      postTest: { low: 0.7, high: 0.91 },
    });
  });

  it("DSC acquisition notes are checked with JSON paths", () => {
    const b = run(withImaging({ dsc: { rcbvMaxRatio: 2.5, leakageCorrection: false } })).blocks[0]!;
    expect(b.warnings).toContainEqual({
      code: "WORKUP-DSC-LEAKAGE",
      message: expect.stringMatching(/without leakage correction/),
      path: "$.assessments[1].lesions[0].advancedImaging.dsc.leakageCorrection",
    });
    expect(b.model[0]).toMatchObject({
      probability: null,
      missing: ["adc_min_um2_per_s", "mrs_cho_naa_ratio"],
    });
  });

  it("a new enhancing lesion after RT triggers a block; a time point with nothing uncertain does not", () => {
    const d = structuredClone(demo);
    d.assessments[1]!.lesions = [{ id: "L1", component: "enhancing", diametersMm: [25, 20] }];
    expect(run(d, null).blocks).toEqual([]);
    d.assessments[1]!.lesions.push({ id: "L9", component: "enhancing", role: "new", diametersMm: [5, 4] });
    expect(run(d, null).blocks[0]!.triggers).toContain("new enhancing lesion L9 after RT");
  });
});

describe("bad advanced-imaging input names the field", () => {
  it.each([
    [{ dsc: { rcbvMaxRatio: 180 } }, "dsc.rcbvMaxRatio", /a value like 180 is a percentage — give 1.8/],
    [{ adc: { minimumUm2PerS: 1.1 } }, "adc.minimumUm2PerS", /10⁻³ mm²\/s — give 1100/],
    [{ dce: { vpFraction: 5 } }, "dce.vpFraction", /percentage — give 0.05/],
    [{ pet: { tbrMax: 2 } }, "pet.tracer", /./],
  ])("%j", (ai, field, msg) => {
    const p = parseCase(withImaging(ai));
    expect(p.ok).toBe(false);
    if (!p.ok) {
      const e = p.errors.find((x) => x.path === `$.assessments[1].lesions[0].advancedImaging.${field}`);
      expect(e?.message).toMatch(msg);
    }
  });
  it("molecular status is an enumeration", () => {
    const d = structuredClone(demo);
    (d.patient as { molecular?: object }).molecular = { mgmt: "partly" };
    const p = parseCase(d);
    expect(p.ok || p.errors[0]!.path).toBe("$.patient.molecular.mgmt");
  });
});

describe("property: a marker value further towards tumour never lowers the probability", () => {
  const probability = (b: WorkupBlock, marker: string) => {
    const f = b.findings.find((x) => x.marker === marker)!;
    const p = f.postTest;
    return p === null ? null : "probability" in p ? p.probability : p.low;
  };
  const cases = [
    { marker: "dsc_rcbv_max_ratio", key: "dsc", field: "rcbvMaxRatio", lo: 0.1, hi: 29, higher: true },
    { marker: "dsc_rcbv_mean_ratio", key: "dsc", field: "rcbvMeanRatio", lo: 0.1, hi: 29, higher: true },
    { marker: "adc_min_um2_per_s", key: "adc", field: "minimumUm2PerS", lo: 100, hi: 4000, higher: false },
    { marker: "mrs_cho_naa_ratio", key: "mrs", field: "choNaaRatio", lo: 0.1, hi: 49, higher: true },
    { marker: "asl_cbf_ratio", key: "asl", field: "cbfRatio", lo: 0.1, hi: 29, higher: true },
  ];
  it.each(cases)("$marker, site calibration and review defaults", (c) => {
    fc.assert(
      fc.property(
        fc.double({ min: c.lo, max: c.hi, noNaN: true }),
        fc.double({ min: c.lo, max: c.hi, noNaN: true }),
        fc.boolean(),
        (a, b, calibrated) => {
          const [less, more] = c.higher ? [Math.min(a, b), Math.max(a, b)] : [Math.max(a, b), Math.min(a, b)];
          const at = (v: number) =>
            run(withImaging({ [c.key]: { [c.field]: v } }), calibrated ? cal : null).blocks[0]!;
          const p1 = probability(at(less), c.marker);
          const p2 = probability(at(more), c.marker);
          if (p1 !== null && p2 !== null) expect(p2).toBeGreaterThanOrEqual(p1);
        },
      ),
      { numRuns: 60 },
    );
  });
  it("the combined model and the evaluation's probability", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.2, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.integer({ min: 300, max: 3000 }),
        fc.integer({ min: 0, max: 500 }),
        fc.double({ min: 0.3, max: 8, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        (rcbv, dr, adc, da, cho, dc) => {
          const base = { dsc_rcbv_max_ratio: rcbv, adc_min_um2_per_s: adc, mrs_cho_naa_ratio: cho };
          const towards = {
            dsc_rcbv_max_ratio: rcbv + dr,
            adc_min_um2_per_s: adc - da,
            mrs_cho_naa_ratio: cho + dc,
          };
          expect(workupProbability(cal, towards).probability).toBeGreaterThanOrEqual(
            workupProbability(cal, base).probability,
          );
          // Single-marker fallback (no MRS).
          const { mrs_cho_naa_ratio: _, ...b1 } = base;
          const { mrs_cho_naa_ratio: __, ...t1 } = towards;
          expect(workupProbability(cal, t1).probability).toBeGreaterThanOrEqual(
            workupProbability(cal, b1).probability,
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
