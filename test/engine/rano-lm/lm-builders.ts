// Small builders for RANO-LM test cases: a visit lists only the instruments a test cares about.
import { type Case, parseCase } from "../../../src/engine/index.ts";

export type Domains = Record<string, number | { areas: Record<string, number>; preExistingAreas?: string[] }>;

export interface Visit {
  date: string;
  neuro?: Domains;
  /** Domains whose worsening is not attributed to LM. */
  notLm?: string[];
  csf?: Array<{ site: "lumbar" | "ventricular"; cytology: string; flowCytometry?: string }>;
  mri?: {
    items?: Record<string, string>;
    targets?: Array<{ id: string; item: string; diametersMm?: [number, number]; changeScore?: number }>;
    newSites?: number;
    performed?: boolean;
  };
  mri2019?: object;
  symptomChange?: number;
}

export function neuroExam(domains: Domains, notLm: string[] = []) {
  return {
    domains: Object.fromEntries(
      Object.entries(domains).map(([d, v]) => [
        d,
        typeof v === "number"
          ? { level: v, attributedToLM: !notLm.includes(d) }
          : { ...v, attributedToLM: !notLm.includes(d) },
      ]),
    ),
  };
}

export function lmCaseInput(spec: {
  primary: "solid" | "haematologic";
  t0?: string;
  steroids?: Array<[string, number]>;
  visits: Visit[];
}) {
  return {
    patient: {
      id: "LM-TEST",
      tumorType: "leptomeningeal_metastasis",
      setting: "newly_diagnosed",
      primaryCancer: { kind: spec.primary },
    },
    protocol: spec.t0 ? { t0: spec.t0 } : {},
    steroids: (spec.steroids ?? []).map(([date, doseMgPerDay]) => ({
      date,
      agent: "dexamethasone",
      doseMgPerDay,
    })),
    assessments: spec.visits.map((v) => ({
      date: v.date,
      lm: {
        ...(v.neuro ? { neuroExam: neuroExam(v.neuro, v.notLm) } : {}),
        csf: v.csf ?? [],
        ...(v.mri ? { mri: v.mri } : {}),
        ...(v.mri2019 ? { mri2019: v.mri2019 } : {}),
        ...(v.symptomChange !== undefined ? { symptomChange: v.symptomChange } : {}),
      },
    })),
  };
}

export function lmCase(spec: Parameters<typeof lmCaseInput>[0]): Case {
  const r = parseCase(lmCaseInput(spec));
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join("\n"));
  return r.value;
}
