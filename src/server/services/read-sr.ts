// DICOM SR export of a read (issue 16 §1, "from the server: per locked read"): one TID 1500 measurement
// report per locked time point, written by src/dicom/sr from the read's locked time points only — the
// same reports `ranokit sr` writes for the case — under the protocol's primary criteria set. Access is
// that of the read itself (a reader only their own read, an adjudicator through a task, manager, admin
// and monitor); every export is audited with the instances it handed out.
import { multipartRelated } from "../../dicom/dicomweb.ts";
import { writeReports } from "../../dicom/sr/write-report.ts";
import { parseCase } from "../../engine/index.ts";
import { type Ctx, write } from "../context.ts";
import { conflict, notFound, unprocessable } from "../http/problem.ts";
import { Raw } from "../http/route.ts";
import { caseOfRead, loadReadRow } from "./read-data.ts";
import { requireRead } from "./reads.ts";

const safeName = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, "_");

/** The read's reports: multipart/related of every locked time point, or one `timepointId` as a file. */
export async function exportReadSr(ctx: Ctx, readId: string, timepointId?: string): Promise<Raw> {
  const read = await requireRead(ctx, readId);
  const loaded = await loadReadRow(ctx.database.db, read);
  if (timepointId) {
    const tp = loaded.timepoints.find((t) => t.timepointId === timepointId);
    if (!tp) throw notFound(`time point ${timepointId} of this read's subject`);
    if (!tp.locked)
      throw conflict(`the time point ${tp.date} is not signed: only locked time points are exported`);
  }
  const locked = loaded.timepoints.filter((t) => t.locked && t.data !== null);
  if (locked.length === 0) throw conflict("the read has no signed time point: nothing to export");
  const parsed = parseCase(caseOfRead({ ...loaded, timepoints: locked }));
  if (!parsed.ok)
    throw unprocessable(
      "the read's locked time points do not form a valid case",
      parsed.errors.map((e) => ({ path: e.path, message: e.message })),
    );
  const criteria = loaded.protocol.primaryCriteria;
  const wanted = timepointId ? loaded.timepoints.find((t) => t.timepointId === timepointId)!.date : undefined;
  const reports = writeReports(parsed.value, { criteria }).filter((r) => !wanted || r.date === wanted);
  if (reports.length === 0)
    throw conflict(
      wanted
        ? `the time point ${wanted} was not performed: no report`
        : "no locked time point was performed: nothing to export",
    );
  // dcmjs (~0.3 s to load) only when a report is exported, not at server start.
  const { datasetToPart10 } = await import("../../dicom/part10.ts");
  const files = reports.map((r) => datasetToPart10(r.dataset));
  await write(ctx, (_trx, audit) =>
    audit({
      action: "read.export_sr",
      entity: "read",
      entityId: read.id,
      after: {
        criteria,
        reports: reports.map((r) => ({
          date: r.date,
          sopInstanceUid: String(r.dataset.SOPInstanceUID),
          label: r.label,
        })),
      },
    }),
  );
  if (wanted) {
    const r = reports[0]!;
    return new Raw(
      files[0]!,
      "application/dicom",
      `${safeName(loaded.subject.pseudonym)}_${r.date}_${safeName(r.reader)}.dcm`,
    );
  }
  const { body, contentType } = multipartRelated(files);
  return new Raw(body, contentType);
}
