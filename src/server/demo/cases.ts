// The demo study's subjects: eight of the examples/ cases (their clinical records, scan dates and
// planned lesion sizes), under study pseudonyms. Bundled into the CLI, so `serve --demo` needs no file.
import case01 from "../../../examples/01-recurrent-gbm-response-then-progression.json" with { type: "json" };
import case02 from "../../../examples/02-pseudoprogression-confirmed-as-progression.json" with {
  type: "json",
};
import case03 from "../../../examples/03-pseudoprogression-refuted-then-response.json" with { type: "json" };
import case04 from "../../../examples/04-steroid-increase-then-taper.json" with { type: "json" };
import case05 from "../../../examples/05-new-lesion-after-the-window.json" with { type: "json" };
import case06 from "../../../examples/06-idh-mutant-astrocytoma-mixed-minor-response.json" with {
  type: "json",
};
import case07 from "../../../examples/07-immunotherapy-new-lesion.json" with { type: "json" };
import case10 from "../../../examples/10-pseudoprogression-workup-advanced-imaging.json" with {
  type: "json",
};

export interface DemoLesion extends Record<string, unknown> {
  id: string;
  component: "enhancing" | "non_enhancing";
  role?: string;
  status?: string;
  diametersMm?: [number, number];
}

export interface DemoCase {
  pseudonym: string;
  /** The subject's clinical record (the case without assessments, schema version and patient id). */
  clinical: Record<string, unknown> & { patient: Record<string, unknown> };
  assessments: Array<{ date: string; data: Record<string, unknown>; lesions: DemoLesion[] }>;
  /** Both readers leave the last time point open (a follow-up still to read). */
  openFollowUp?: boolean;
  /** Reader B reads the last time point differently, so an adjudication task is created. */
  disagree?: boolean;
}

type ExampleCase = {
  patient: Record<string, unknown>;
  assessments: Array<Record<string, unknown> & { date: string; lesions: unknown[] }>;
} & Record<string, unknown>;

function fromExample(pseudonym: string, example: unknown, o: Partial<DemoCase> = {}): DemoCase {
  const { schemaVersion: _v, assessments, patient, ...rest } = example as ExampleCase;
  const { id: _id, ...patientRest } = patient;
  return {
    pseudonym,
    clinical: { ...rest, patient: patientRest },
    assessments: assessments.map(({ date, lesions, ...data }) => ({
      date,
      data,
      lesions: lesions as DemoLesion[],
    })),
    ...o,
  };
}

export const DEMO_CASES: DemoCase[] = [
  fromExample("RK-D001", case01, { disagree: true }),
  fromExample("RK-D002", case02),
  fromExample("RK-D003", case03, { disagree: true }),
  fromExample("RK-D004", case04, { openFollowUp: true }),
  fromExample("RK-D005", case05, { disagree: true }),
  fromExample("RK-D006", case06),
  fromExample("RK-D007", case07, { openFollowUp: true }),
  fromExample("RK-D010", case10),
];
