// Deterministic synthetic cohort for benchmarks: realistic courses (smooth growth or shrinkage with
// measurement noise), 1–3 enhancing targets, a steroid record, occasional new lesions and missed scans.
import { addDays } from "../src/engine/core/dates.ts";

/** `mixed`: also IDH-mutant grade 2 gliomas, patients on immunotherapy and brain metastases, so that every
 * criteria set has cases to assess. */
export function* syntheticCases(
  patients: number,
  timepoints: number,
  seed = 20231122,
  mixed = false,
): Generator<string> {
  let s = seed;
  const rnd = () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
  const round = (x: number) => Math.round(x * 10) / 10;
  for (let p = 0; p < patients; p++) {
    const kind = mixed ? Math.floor(rnd() * 4) : 0; // 0 GBM, 1 grade-2 glioma, 2 GBM on immunotherapy, 3 BM
    const newlyDiagnosed = kind === 0 && rnd() < 0.5;
    const component = kind === 1 ? "non_enhancing" : "enhancing";
    const n = 1 + Math.floor(rnd() * 3);
    const base = Array.from({ length: n }, () => [12 + rnd() * 30, 10 + rnd() * 20] as const);
    const slope = -0.08 + rnd() * 0.11;
    const start = newlyDiagnosed ? "2024-03-29" : "2024-01-25";
    const assessments = [];
    let date = start;
    for (let t = 0; t < timepoints; t++) {
      const f = Math.exp(slope * t);
      const lesions: object[] = base.map((b, i) => {
        const d = [round(b[0] * f * (0.97 + rnd() * 0.06)), round(b[1] * f * (0.97 + rnd() * 0.06))];
        // The longest diameter comes first: a perpendicular longer than it is rejected as invalid input.
        return { id: `L${i + 1}`, component, diametersMm: [Math.max(...d), Math.min(...d)] };
      });
      if (t > 3 && rnd() < 0.03) lesions.push({ id: `N${t}`, component: "enhancing", diametersMm: [11, 10] });
      assessments.push(t > 0 && rnd() < 0.02 ? { date, performed: false } : { date, lesions });
      date = addDays(date, 56);
    }
    yield JSON.stringify({
      patient: {
        id: `BENCH-${p}`,
        tumorType: [
          "glioblastoma_idh_wildtype",
          "astrocytoma_idh_mutant",
          "glioblastoma_idh_wildtype",
          "brain_metastasis",
        ][kind],
        ...(kind === 1 ? { whoGrade: 2, significantNonEnhancing: true } : {}),
        setting: newlyDiagnosed ? "newly_diagnosed" : "recurrent",
      },
      protocol: { t0: newlyDiagnosed ? "2024-04-01" : "2024-02-01" },
      treatments: [
        ...(newlyDiagnosed ? [{ type: "radiotherapy", start: "2024-01-22", end: "2024-03-01" }] : []),
        ...(kind === 2 ? [{ type: "immunotherapy", start: "2024-02-01" }] : []),
      ],
      assessments,
      steroids: [{ date: "2024-01-01", doseMgPerDay: 2 }],
      clinical: [{ date: start, status: "stable", kps: 80 }],
    });
  }
}
