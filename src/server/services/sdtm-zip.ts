// The SDTM/ADaM export as one zip archive: each dataset as a CSV file named <study>-<dataset>.csv, so
// a trial team downloads the whole submission set in one go (issue 14: "exports (CSV, SDTM zip, PDF)").
import { strToU8, zipSync } from "fflate";
import { datasetCsv } from "../../io/sdtm.ts";
import { requireStudy } from "../auth/access.ts";
import type { Ctx } from "../context.ts";
import { Raw } from "../http/route.ts";

type Rows = Parameters<typeof datasetCsv>[0];

export async function sdtmZip(ctx: Ctx, studyId: string, datasets: object): Promise<Raw> {
  const study = await requireStudy(ctx, studyId);
  const files: Record<string, Uint8Array> = {};
  for (const [name, rows] of Object.entries(datasets) as Array<[string, Rows]>)
    files[`${study.code}-${name}.csv`] = strToU8(datasetCsv(rows));
  // A fixed time stamp keeps the archive a function of its data (the same export, the same bytes).
  const zip = zipSync(files, { level: 6, mtime: new Date("2000-01-01T00:00:00Z") });
  return new Raw(Buffer.from(zip), "application/zip", `${study.code}-sdtm.zip`);
}
