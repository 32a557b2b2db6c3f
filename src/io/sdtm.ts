// CDISC SDTM export of a response assessment: TU (tumour identification), TR (tumour results:
// diameters, products, sums, volumes) and RS (target, non-target, new-lesion and overall response per
// time point, RSCAT naming the criteria), plus ADaM-style per-patient tables (ADRS: OVR/BOR/CBOR;
// ADTTE: PFS/DOR). Conventions and the values that are sponsor-defined (AMB-29) are in docs/sdtm.md.
import { addDays, daysBetween } from "../engine/core/dates.ts";
import type { Case, PatientResult, TimepointResult } from "../engine/index.ts";
import { csvField } from "./csv-write.ts";

export type Row = Record<string, string | number | null>;

export interface SdtmDatasets {
  TU: Row[];
  TR: Row[];
  RS: Row[];
  ADRS: Row[];
  ADTTE: Row[];
}

export interface SdtmOptions {
  studyId: string;
  /** TUEVAL / TREVAL / RSEVAL. */
  evaluator: "INVESTIGATOR" | "INDEPENDENT ASSESSOR";
}

/** RSCAT / RSSCAT per criteria set (CDISC-RS-2; submission values to be checked against current CT). */
const CATEGORY: Record<string, [string, string]> = {
  "RANO 2.0": ["RANO", "2.0"],
  "RANO-HGG": ["RANO", "2010"],
  mRANO: ["MRANO", ""],
  "RANO-LGG": ["RANO-LGG", ""],
  "RANO-BM": ["RANO-BM", ""],
};

/** RSORRES (as collected) and RSSTRESC (standard or sponsor-extended) for a label (CDISC-RS-3). */
function responseTerms(label: string | null): [string, string] {
  switch (label) {
    case "PD-P":
      return ["PRELIMINARY PD", "PRELIMINARY PD"];
    case "IND":
      return ["INDETERMINATE", "INDETERMINATE"];
    case null:
      return ["", ""];
    default:
      return [label, label];
  }
}

function visitName(t0: string, date: string, baselineDate: string | null): string {
  if (date === baselineDate) return "BASELINE";
  return `WEEK ${Math.round(daysBetween(t0, date) / 7)}`;
}

export function toSdtm(c: Case, r: PatientResult, o: SdtmOptions): SdtmDatasets {
  const usubjid = `${o.studyId}-${c.patient.id}`;
  const common = (domain: string) => ({ STUDYID: o.studyId, DOMAIN: domain, USUBJID: usubjid });
  const [rscat, rsscat] = r.criteria.startsWith("iRANO")
    ? ["IRANO", r.criteria]
    : (CATEGORY[r.criteria] ?? [r.criteria, ""]);
  const unidimensional = r.timepoints.some((t) => t.components.some((x) => x.unit === "mm"));

  // TULNKID: T01…, NT01…, NEW01… in order of role and id (CDISC-TU-1).
  const linkIds = new Map<string, string>();
  const counters = { target: 0, non_target: 0, new: 0 };
  const prefix = { target: "T", non_target: "NT", new: "NEW" } as const;
  const tuLabel = { target: "TARGET", non_target: "NON-TARGET", new: "NEW" } as const;
  const TU: Row[] = [];
  for (const l of r.lesions) {
    counters[l.role]++;
    const link = `${prefix[l.role]}${String(counters[l.role]).padStart(2, "0")}`;
    linkIds.set(l.id, link);
    const lesion = c.assessments.flatMap((a) => a.lesions).find((x) => x.id === l.id);
    TU.push({
      ...common("TU"),
      TUSEQ: TU.length + 1,
      TUGRPID: l.component === "enhancing" ? "CE" : "NCE",
      TULNKID: link,
      TUTESTCD: "TUMIDENT",
      TUTEST: "Tumor Identification",
      TUORRES: tuLabel[l.role],
      TUSTRESC: tuLabel[l.role],
      TULOC: lesion?.location?.toUpperCase() ?? "BRAIN",
      TUMETHOD: "MRI",
      TUEVAL: o.evaluator,
      TUREFID: l.id,
      VISIT: visitName(r.t0, l.firstSeen, r.baselineDate),
      TUDTC: l.firstSeen,
    });
  }

  const TR: Row[] = [];
  const tr = (
    date: string,
    group: string,
    link: string | null,
    testcd: string,
    test: string,
    value: string | number,
    unit: string,
  ) =>
    TR.push({
      ...common("TR"),
      TRSEQ: TR.length + 1,
      TRGRPID: group,
      TRLNKID: link,
      TRTESTCD: testcd,
      TRTEST: test,
      TRORRES: value,
      TRORRESU: unit,
      TRSTRESC: String(value),
      TRSTRESN: typeof value === "number" ? value : null,
      TRSTRESU: unit,
      TRMETHOD: "MRI",
      TREVAL: o.evaluator,
      VISIT: visitName(r.t0, date, r.baselineDate),
      TRDTC: date,
    });
  const roleOf = new Map(r.lesions.map((l) => [l.id, l.role]));
  const assessed = r.timepoints.filter((t) => t.kind === "baseline" || t.kind === "follow_up");
  for (const t of assessed) {
    const a = c.assessments.find((x) => x.date === t.date);
    if (!a?.performed) continue;
    for (const l of a.lesions) {
      const role = roleOf.get(l.id);
      const link = linkIds.get(l.id);
      if (!role || !link) continue;
      const group = tuLabel[role];
      if (role === "target" || (role === "new" && l.diametersMm)) {
        if (l.status === "absent") {
          tr(t.date, group, link, "LDIAM", "Longest Diameter", 0, "mm");
          if (!unidimensional) tr(t.date, group, link, "LPERP", "Longest Perpendicular", 0, "mm");
        } else if (l.diametersMm) {
          const [ld, perp] = [Math.max(...l.diametersMm), Math.min(...l.diametersMm)];
          tr(t.date, group, link, "LDIAM", "Longest Diameter", ld, "mm");
          if (!unidimensional) {
            tr(t.date, group, link, "LPERP", "Longest Perpendicular", perp, "mm");
            tr(
              t.date,
              group,
              link,
              "AREA",
              "Product of Perpendicular Diameters",
              Math.round(ld * perp * 100) / 100,
              "mm2",
            );
          }
        }
        const volume = l.volumeMm3 ?? (l.volumeCm3 !== undefined ? l.volumeCm3 * 1000 : undefined);
        if (volume !== undefined) tr(t.date, group, link, "VOLUME", "Volume", volume, "mm3");
      } else {
        const state = {
          absent: "ABSENT",
          unequivocal_progression: "UNEQUIVOCAL PROGRESSION",
          not_evaluable: "NOT EVALUABLE",
        }[l.status as "absent"];
        tr(t.date, group, link, "TUMSTATE", "Tumor State", state ?? "PRESENT", "");
      }
    }
    for (const comp of t.components) {
      if (comp.sum === null) continue;
      const [testcd, test, unit] =
        comp.unit === "mm"
          ? ["SUMDIAM", "Sum of Diameters", "mm"]
          : comp.unit === "mm³"
            ? ["SUMVOL", "Sum of Volumes", "mm3"]
            : ["SPD", "Sum of Products of Diameters", "mm2"];
      tr(
        t.date,
        comp.component === "enhancing" ? "TARGET CE" : "TARGET NCE",
        null,
        testcd,
        test,
        comp.sum,
        unit,
      );
    }
  }

  const RS: Row[] = [];
  const rs = (t: TimepointResult, testcd: string, test: string, orres: string, stresc: string) =>
    RS.push({
      ...common("RS"),
      RSSEQ: RS.length + 1,
      RSTESTCD: testcd,
      RSTEST: test,
      RSCAT: rscat,
      RSSCAT: rsscat,
      RSORRES: orres,
      RSSTRESC: stresc,
      RSEVAL: o.evaluator,
      VISIT: visitName(r.t0, t.date, r.baselineDate),
      RSDTC: t.date,
    });
  for (const t of r.timepoints.filter((x) => x.kind === "follow_up" || x.kind === "missed")) {
    const a = c.assessments.find((x) => x.date === t.date);
    if (t.kind === "follow_up" && a) {
      const comps = t.components.filter((x) => x.category !== "NA");
      const target = comps.find((x) => x.category === "PD") ?? comps[0];
      if (target) rs(t, "TRGRESP", "Target Response", target.category, target.category);
      const nts = a.lesions.filter((l) => roleOf.get(l.id) === "non_target");
      if (nts.length > 0) {
        const nt = nts.some((l) => l.status === "unequivocal_progression")
          ? "PD"
          : nts.every((l) => l.status === "absent")
            ? "CR"
            : "NON-CR/NON-PD";
        rs(t, "NTRGRESP", "Non-target Response", nt, nt);
      }
      // RANO-LM has no lesion list: new sites come from the MRI scorecard (2017 newSites, 2019 newSite).
      const newPresent =
        a.lesions.some((l) => roleOf.get(l.id) === "new" && l.status !== "absent") ||
        (a.lm?.mri?.newSites ?? 0) > 0 ||
        a.lm?.mri2019?.newSite === true;
      rs(t, "NEWLIND", "New Lesion Indicator", newPresent ? "Y" : "N", newPresent ? "Y" : "N");
    }
    // The as-assessed overall response; a later back-dated PD belongs in ADaM, not here (CDISC-RS-3).
    const [orres, stresc] = responseTerms(t.label);
    rs(t, "OVRLRESP", "Overall Response", orres, stresc);
  }

  const ADRS: Row[] = [];
  for (const t of r.timepoints.filter((x) => x.kind === "follow_up" && x.finalLabel !== null)) {
    ADRS.push({
      STUDYID: o.studyId,
      USUBJID: usubjid,
      PARAMCD: "OVR",
      PARAM: "Overall Response by Investigator (final)",
      AVALC: responseTerms(t.finalLabel)[1],
      ADT: t.date,
      CRIT: r.criteria,
    });
  }
  const bor = r.bestOverallResponse;
  ADRS.push({
    STUDYID: o.studyId,
    USUBJID: usubjid,
    PARAMCD: "BOR",
    PARAM: "Best Overall Response",
    AVALC: bor.category,
    ADT: bor.date,
    CRIT: r.criteria,
  });
  ADRS.push({
    STUDYID: o.studyId,
    USUBJID: usubjid,
    PARAMCD: "CBOR",
    PARAM: "Best Confirmed Overall Response",
    AVALC: bor.confirmed || !["CR", "PR", "MR"].includes(bor.category) ? bor.category : "SD",
    ADT: bor.date,
    CRIT: r.criteria,
  });
  const ADTTE: Row[] = [
    {
      STUDYID: o.studyId,
      USUBJID: usubjid,
      PARAMCD: "PFS",
      PARAM: "Progression-Free Survival (days)",
      STARTDT: r.t0,
      ADT: r.pfs.date,
      AVAL: r.pfs.days,
      CNSR: r.pfs.event ? 0 : 1,
      EVNTDESC: r.pfs.reason,
      CRIT: r.criteria,
    },
  ];
  if (r.dor) {
    ADTTE.push({
      STUDYID: o.studyId,
      USUBJID: usubjid,
      PARAMCD: "DOR",
      PARAM: "Duration of Response (days)",
      STARTDT: r.timeToResponseDays === null ? null : addDays(r.t0, r.timeToResponseDays),
      ADT: r.dor.date,
      AVAL: r.dor.days,
      CNSR: r.dor.event ? 0 : 1,
      EVNTDESC: r.dor.reason,
      CRIT: r.criteria,
    });
  }
  return { TU, TR, RS, ADRS, ADTTE };
}

/** CSV text of a dataset with its variables as the header (union of the rows' variables, in order). */
export function datasetCsv(rows: ReadonlyArray<Row>): string {
  const columns: string[] = [];
  for (const row of rows) for (const k of Object.keys(row)) if (!columns.includes(k)) columns.push(k);
  return [columns.join(","), ...rows.map((row) => columns.map((k) => csvField(row[k])).join(","))]
    .join("\n")
    .concat("\n");
}
