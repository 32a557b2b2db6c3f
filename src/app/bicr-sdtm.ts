// SDTM for a blinded independent central review: every reader's read through the existing TU/TR/RS
// export (src/io/sdtm.ts), marked with the evaluator's identity (xxEVALID) and, on RS, whether it is the
// accepted read (RSACPTFL), as in CDISC's oncology examples (pharmaversesdtm rs_onco_recist). ADaM-style
// ADRS/ADTTE come from the accepted read only, since it alone drives the endpoints.
import type { Case, PatientResult } from "../engine/index.ts";
import { type Row, type SdtmDatasets, toSdtm } from "../io/sdtm.ts";

export interface SubjectForSdtm {
  reads: Array<{
    case: Case;
    result: PatientResult;
    evaluator: "INVESTIGATOR" | "INDEPENDENT ASSESSOR";
    evalId: string;
    accepted: boolean | null;
  }>;
}

export function bicrSdtm(studyId: string, subjects: ReadonlyArray<SubjectForSdtm>): SdtmDatasets {
  const out: SdtmDatasets = { TU: [], TR: [], RS: [], ADRS: [], ADTTE: [] };
  for (const s of subjects) {
    const seq = { TU: 0, TR: 0, RS: 0 };
    for (const r of s.reads) {
      const d = toSdtm(r.case, r.result, { studyId, evaluator: r.evaluator });
      const mark = (rows: Row[], domain: "TU" | "TR" | "RS") =>
        rows.map((row) => {
          const marked: Row = { ...row, [`${domain}SEQ`]: ++seq[domain], [`${domain}EVALID`]: r.evalId };
          if (domain === "RS") marked.RSACPTFL = r.accepted === null ? null : r.accepted ? "Y" : "N";
          return marked;
        });
      out.TU.push(...mark(d.TU, "TU"));
      out.TR.push(...mark(d.TR, "TR"));
      out.RS.push(...mark(d.RS, "RS"));
      if (r.accepted) {
        out.ADRS.push(
          ...d.ADRS.map((x) => ({ ...x, PARAM: String(x.PARAM).replace("by Investigator", "by BICR") })),
        );
        out.ADTTE.push(...d.ADTTE);
      }
    }
  }
  return out;
}
