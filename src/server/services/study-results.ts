// Study-wide results from the reads: the endpoints (from each subject's accepted read), the BICR metrics
// and the SDTM export. Every number is recomputed by the engine from the stored reads.
import { bicrMetrics, type SubjectReads } from "../../app/bicr-metrics.ts";
import { bicrSdtm, type SubjectForSdtm } from "../../app/bicr-sdtm.ts";
import type { Read } from "../../db/schema.ts";
import { summariseCohort } from "../../endpoints/cohort.ts";
import { type Case, parseCase } from "../../engine/index.ts";
import { datasetCsv } from "../../io/sdtm.ts";
import { requireRole } from "../auth/access.ts";
import type { Ctx } from "../context.ts";
import { Raw } from "../http/route.ts";
import { caseOfRead, loadReadRow } from "./read-data.ts";
import { loadStudyData, protocolCriteria, type StudyFilter, type StudySubject } from "./study-data.ts";

export async function studyEndpoints(ctx: Ctx, studyId: string, criteria?: string, filter: StudyFilter = {}) {
  const { protocol, subjects } = await loadStudyData(ctx, studyId, filter);
  const id = protocolCriteria(protocol, criteria);
  const accepted = subjects.flatMap((s) =>
    s.reads.filter((r) => r.readId === s.acceptedReadId).map((r) => r.results[id]!),
  );
  return {
    criteria: id,
    subjects: subjects.length,
    subjectsWithAcceptedRead: accepted.length,
    summary: accepted.length > 0 ? summariseCohort(accepted) : null,
  };
}

/** The BICR metrics' input under the primary criteria. */
export function metricsInput(subjects: StudySubject[], primary: string): SubjectReads[] {
  return subjects.map((s) => {
    const accepted = s.reads.find((r) => r.readId === s.acceptedReadId);
    return {
      subjectId: s.subjectId,
      reads: s.reads.map((r) => ({ reader: r.reader, result: r.results[primary]!, lockedAt: r.lockedAt })),
      site: s.site?.results[primary] ?? null,
      adjudication: s.adjudication
        ? {
            createdAt: s.adjudication.createdAt,
            selectedReader: s.reads.find((r) => r.readId === s.adjudication!.selectedReadId)?.reader ?? null,
          }
        : null,
      accepted: accepted?.results[primary] ?? null,
    };
  });
}

export async function studyMetrics(ctx: Ctx, studyId: string, filter: StudyFilter = {}) {
  requireRole(ctx, "admin", "study_manager", "monitor");
  const { protocol, subjects } = await loadStudyData(ctx, studyId, filter);
  const p = protocol.primaryCriteria;
  return { criteria: p, ...bicrMetrics(metricsInput(subjects, p), protocol.progressionAgreementDays) };
}

/** The case document of a stored read, for exports. */
async function caseOf(ctx: Ctx, read: Read): Promise<Case | null> {
  const parsed = parseCase(caseOfRead(await loadReadRow(ctx.database.db, read)));
  return parsed.ok ? parsed.value : null;
}

export async function sdtmExport(ctx: Ctx, studyId: string, dataset: string | undefined) {
  requireRole(ctx, "admin", "study_manager", "monitor");
  const { study, protocol, subjects } = await loadStudyData(ctx, studyId);
  const p = protocol.primaryCriteria;
  const input: SubjectForSdtm[] = [];
  for (const s of subjects) {
    const reads: SubjectForSdtm["reads"] = [];
    const siteCase = s.site ? await caseOf(ctx, s.site.read) : null;
    if (s.site && siteCase)
      reads.push({
        case: siteCase,
        result: s.site.results[p]!,
        evaluator: "INVESTIGATOR" as const,
        evalId: "",
        accepted: null,
      });
    let i = 0;
    for (const r of s.reads) {
      const c = await caseOf(ctx, r.read);
      if (!c) continue;
      i++;
      reads.push({
        case: c,
        result: r.results[p]!,
        evaluator: "INDEPENDENT ASSESSOR" as const,
        evalId: `RADIOLOGIST ${i}`,
        accepted: r.readId === s.acceptedReadId,
      });
    }
    input.push({ reads });
  }
  const datasets = bicrSdtm(study.code, input);
  if (dataset) {
    const rows = datasets[dataset as keyof typeof datasets];
    return new Raw(datasetCsv(rows), "text/csv; charset=utf-8", `${study.code}-${dataset}.csv`);
  }
  return datasets;
}
