// Study-wide results from the reads: the endpoints (from each subject's accepted read), the BICR metrics
// and the SDTM export. Every number is recomputed by the engine from the stored reads.
import { bicrMetrics, type SubjectReads } from "../../app/bicr-metrics.ts";
import { bicrSdtm, type SubjectForSdtm } from "../../app/bicr-sdtm.ts";
import { summariseCohort } from "../../endpoints/cohort.ts";
import { type Case, type PatientResult, parseCase } from "../../engine/index.ts";
import { datasetCsv } from "../../io/sdtm.ts";
import { requireRole, requireStudy } from "../auth/access.ts";
import type { Ctx } from "../context.ts";
import { badRequest } from "../http/problem.ts";
import { Raw } from "../http/route.ts";
import { ReadProtocolSettings } from "../schemas/protocol.ts";
import { acceptedRead } from "./adjudication.ts";
import { assessRead } from "./assessment.ts";
import { caseOfRead, loadReadRow } from "./read-data.ts";

interface LoadedSubjectReads {
  subjectId: string;
  reads: Array<{
    readId: string;
    reader: string;
    lockedAt: string;
    case: Case;
    results: Record<string, PatientResult>;
  }>;
  site: { case: Case; results: Record<string, PatientResult> } | null;
  adjudication: { createdAt: string; selectedReadId: string | null } | null;
  acceptedReadId: string | null;
}

async function loadStudy(ctx: Ctx, studyId: string) {
  const study = await requireStudy(ctx, studyId);
  const db = ctx.database.db;
  const protocolRow = await db
    .selectFrom("protocol_versions")
    .select("settings")
    .where("id", "=", study.current_protocol_id!)
    .executeTakeFirstOrThrow();
  const protocol = ReadProtocolSettings.parse(JSON.parse(protocolRow.settings));
  const subjects = await db
    .selectFrom("subjects")
    .select(["id"])
    .where("study_id", "=", studyId)
    .orderBy("id")
    .execute();
  const reads = await db
    .selectFrom("reads")
    .selectAll()
    .where("study_id", "=", studyId)
    .where("status", "=", "locked")
    .orderBy("id")
    .execute();
  const adjudications = await db
    .selectFrom("adjudications")
    .selectAll()
    .where("study_id", "=", studyId)
    .where("status", "!=", "void")
    .execute();
  const out: LoadedSubjectReads[] = [];
  for (const s of subjects) {
    const entry: LoadedSubjectReads = {
      subjectId: s.id,
      reads: [],
      site: null,
      adjudication: null,
      acceptedReadId: null,
    };
    for (const r of reads.filter((x) => x.subject_id === s.id)) {
      const assessment = await assessRead(db, ctx.cache, r);
      if (!assessment.value.comparison) continue;
      const loaded = await loadReadRow(db, r);
      const parsed = parseCase(caseOfRead(loaded));
      if (!parsed.ok) continue;
      const results = assessment.value.comparison.results;
      if (r.kind === "site") entry.site = { case: parsed.value, results };
      else
        entry.reads.push({
          readId: r.id,
          reader: loaded.readerName ?? r.reader_id ?? "?",
          lockedAt: r.locked_at!,
          case: parsed.value,
          results,
        });
    }
    const adj = adjudications
      .filter((a) => a.subject_id === s.id)
      .sort((a, b) => a.id.localeCompare(b.id))
      .at(-1);
    if (adj) entry.adjudication = { createdAt: adj.created_at, selectedReadId: adj.selected_read_id };
    entry.acceptedReadId = (await acceptedRead(db, s.id))?.read.id ?? null;
    out.push(entry);
  }
  return { study, protocol, subjects: out };
}

export async function studyEndpoints(ctx: Ctx, studyId: string, criteria?: string) {
  const { protocol, subjects } = await loadStudy(ctx, studyId);
  const id = criteria ?? protocol.primaryCriteria;
  if (![protocol.primaryCriteria, ...protocol.exploratoryCriteria].includes(id)) {
    throw badRequest("criteria not in the protocol", [
      {
        path: "$query.criteria",
        message: `the protocol assesses ${[protocol.primaryCriteria, ...protocol.exploratoryCriteria].join(", ")}`,
      },
    ]);
  }
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

export async function studyMetrics(ctx: Ctx, studyId: string) {
  requireRole(ctx, "admin", "study_manager", "monitor");
  const { protocol, subjects } = await loadStudy(ctx, studyId);
  const p = protocol.primaryCriteria;
  const data: SubjectReads[] = subjects.map((s) => {
    const accepted = s.reads.find((r) => r.readId === s.acceptedReadId);
    return {
      subjectId: s.subjectId,
      reads: s.reads.map((r) => ({ reader: r.reader, result: r.results[p]!, lockedAt: r.lockedAt })),
      site: s.site?.results[p] ?? null,
      adjudication: s.adjudication
        ? {
            createdAt: s.adjudication.createdAt,
            selectedReader: s.reads.find((r) => r.readId === s.adjudication!.selectedReadId)?.reader ?? null,
          }
        : null,
      accepted: accepted?.results[p] ?? null,
    };
  });
  return { criteria: p, ...bicrMetrics(data, protocol.progressionAgreementDays) };
}

export async function sdtmExport(ctx: Ctx, studyId: string, dataset: string | undefined) {
  requireRole(ctx, "admin", "study_manager", "monitor");
  const { study, protocol, subjects } = await loadStudy(ctx, studyId);
  const p = protocol.primaryCriteria;
  const input: SubjectForSdtm[] = subjects.map((s) => ({
    reads: [
      ...(s.site
        ? [
            {
              case: s.site.case,
              result: s.site.results[p]!,
              evaluator: "INVESTIGATOR" as const,
              evalId: "",
              accepted: null,
            },
          ]
        : []),
      ...s.reads.map((r, i) => ({
        case: r.case,
        result: r.results[p]!,
        evaluator: "INDEPENDENT ASSESSOR" as const,
        evalId: `RADIOLOGIST ${i + 1}`,
        accepted: r.readId === s.acceptedReadId,
      })),
    ],
  }));
  const datasets = bicrSdtm(study.code, input);
  if (dataset) {
    const rows = datasets[dataset as keyof typeof datasets];
    return new Raw(datasetCsv(rows), "text/csv; charset=utf-8", `${study.code}-${dataset}.csv`);
  }
  return datasets;
}
