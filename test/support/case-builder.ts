// Compact case construction for rule tests: scans as { date: { lesionId: spec } }.
import type { Case, CaseInput, Lesion } from "../../src/engine/model/case.ts";
import { parseCase } from "../../src/engine/model/parse.ts";

type LesionSpec = [number, number] | "absent" | (Partial<Omit<Lesion, "id">> & { d?: [number, number] });

export interface CaseSpec {
  tumorType?: Case["patient"]["tumorType"];
  setting?: "newly_diagnosed" | "recurrent";
  significantNonEnhancing?: boolean;
  rtEnd?: string;
  t0?: string;
  protocol?: Partial<CaseInput["protocol"]>;
  treatments?: CaseInput["treatments"];
  /** date → lesions; an entry `null` means a scheduled scan that was not done. */
  scans: Array<[string, Record<string, LesionSpec> | null, Partial<CaseInput["assessments"][number]>?]>;
  steroids?: Array<[string, number]>;
  clinical?: CaseInput["clinical"];
  pathology?: CaseInput["pathology"];
  events?: CaseInput["events"];
  /** Default component of lesions whose id starts with F (non-enhancing); others enhancing. */
}

function lesion(
  id: string,
  spec: LesionSpec,
): NonNullable<CaseInput["assessments"][number]["lesions"]>[number] {
  const component = id.startsWith("F") ? "non_enhancing" : "enhancing";
  if (spec === "absent") return { id, component, status: "absent" };
  if (Array.isArray(spec)) return { id, component, diametersMm: spec };
  const { d, ...rest } = spec;
  return { id, component, ...(d ? { diametersMm: d } : {}), ...rest };
}

export function buildCase(spec: CaseSpec): CaseInput {
  const treatments: CaseInput["treatments"] = [...(spec.treatments ?? [])];
  if (spec.rtEnd) treatments.push({ type: "radiotherapy", start: "2024-01-22", end: spec.rtEnd });
  return {
    patient: {
      id: "TEST-1",
      tumorType: spec.tumorType ?? "glioblastoma_idh_wildtype",
      setting: spec.setting ?? (spec.rtEnd ? "newly_diagnosed" : "recurrent"),
      significantNonEnhancing: spec.significantNonEnhancing ?? false,
    },
    protocol: { t0: spec.t0 ?? (spec.rtEnd ? "2024-04-01" : "2024-02-01"), ...spec.protocol },
    treatments,
    assessments: spec.scans.map(([date, lesions, extra]) =>
      lesions === null
        ? { date, performed: false, ...extra }
        : { date, lesions: Object.entries(lesions).map(([id, s]) => lesion(id, s)), ...extra },
    ),
    steroids: (spec.steroids ?? []).map(([date, doseMgPerDay]) => ({ date, doseMgPerDay })),
    clinical: spec.clinical ?? [],
    pathology: spec.pathology ?? [],
    events: spec.events ?? [],
  };
}

export function validCase(spec: CaseSpec): Case {
  const r = parseCase(buildCase(spec));
  if (!r.ok) throw new Error(`test case invalid: ${JSON.stringify(r.errors)}`);
  return r.value;
}

/** A small valid two-scan case as JSON text with the given pseudonym (input-boundary tests). */
export function caseJsonWithId(id: string): string {
  const c = buildCase({
    scans: [
      ["2024-01-25", { L1: [20, 20] }],
      ["2024-03-28", { L1: [18, 16] }],
    ],
  });
  return JSON.stringify({ ...c, patient: { ...c.patient, id } });
}
