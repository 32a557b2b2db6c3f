// NIfTI mask series → one reader's proposed read (issue 13, imports). A dropped folder of label masks
// arrives as files (name → base64 bytes); each file is mapped to a subject and a scan date by its name
// (`<pseudonym>_<YYYY-MM-DD>.nii[.gz]`, or `<pseudonym>/<YYYY-MM-DD>.nii[.gz]` for a folder per subject)
// or by a manifest. Per subject, the masks are measured (src/imaging measureMask), checked to share one
// voxel grid, tracked across time points (trackSeries) and turned into the case's assessments
// (buildCase) — exactly the `ranokit track` pipeline — on top of the subject's clinical record. The
// result is imported as the reader's read, open, for the reader to confirm or edit and sign.
import type { Kysely } from "kysely";
import type { DB } from "../../db/schema.ts";
import { parseCase, TumorType } from "../../engine/index.ts";
import { buildCase, type CaseCriteria } from "../../imaging/case-builder/index.ts";
import { ImagingInputError } from "../../imaging/errors.ts";
import { assertSameGrid } from "../../imaging/grid-check.ts";
import { measureMask } from "../../imaging/measure-mask.ts";
import { parseLabelVolume } from "../../imaging/nifti/read-label-volume.ts";
import { DEFAULT_TRACK_OPTIONS, trackSeries } from "../../imaging/tracking/index.ts";
import type { LabelVolume, MaskMeasurement } from "../../imaging/types.ts";
import type { CaseRecord } from "../../io/read-cases.ts";
import type { FieldError } from "../http/problem.ts";

export interface MaskFile {
  /** File name, optionally with the folder path of a dropped folder (`P001/2025-01-03.nii.gz`). */
  name: string;
  contentBase64: string;
}

export interface MaskManifestEntry {
  file: string;
  subject: string;
  date: string;
}

export interface MaskImportOptions {
  masks: MaskFile[];
  manifest?: MaskManifestEntry[] | undefined;
  /** Label preset of the masks (measureMask), e.g. brats2023. */
  preset?: string | undefined;
  /** rano2 or bm; default: RANO-BM for brain metastases, RANO 2.0 otherwise. */
  criteria?: CaseCriteria | undefined;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const NIFTI = /\.nii(\.gz)?$/i;

/** Subject and date from a file name, or null. */
export function mapMaskName(name: string): { subject: string; date: string } | null {
  const parts = name.split(/[\\/]/).filter((p) => p !== "");
  const base = parts.at(-1) ?? "";
  if (!NIFTI.test(base)) return null;
  const stem = base.replace(NIFTI, "");
  const m = /^(.+?)[_-](\d{4}-\d{2}-\d{2})$/.exec(stem);
  if (m) return { subject: m[1]!, date: m[2]! };
  if (DATE.test(stem) && parts.length >= 2) return { subject: parts.at(-2)!, date: stem };
  return null;
}

interface Mapped {
  index: number;
  name: string;
  date: string;
}

/** Groups the files by subject; problems name the file's JSON path and the file. */
export function groupMasks(o: MaskImportOptions): { groups: Map<string, Mapped[]>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const groups = new Map<string, Mapped[]>();
  const byFile = new Map<string, MaskManifestEntry>();
  o.manifest?.forEach((e, i) => {
    if (!DATE.test(e.date))
      errors.push({ path: `$.manifest[${i}].date`, message: "an ISO date YYYY-MM-DD", source: e.file });
    byFile.set(e.file, e);
  });
  o.masks.forEach((f, index) => {
    const entry = byFile.get(f.name) ?? byFile.get(f.name.split(/[\\/]/).at(-1) ?? "");
    const mapped = entry ? { subject: entry.subject, date: entry.date } : mapMaskName(f.name);
    if (!mapped) {
      errors.push({
        path: `$.masks[${index}].name`,
        message: o.manifest
          ? "not in the manifest, and the name does not say the subject and date"
          : "name it <pseudonym>_<YYYY-MM-DD>.nii.gz (or <pseudonym>/<YYYY-MM-DD>.nii.gz), or give a manifest",
        source: f.name,
      });
      return;
    }
    const list = groups.get(mapped.subject) ?? [];
    const twin = list.find((x) => x.date === mapped.date);
    if (twin) {
      errors.push({
        path: `$.masks[${index}].name`,
        message: `a second mask of ${mapped.subject} on ${mapped.date} (the first is ${twin.name})`,
        source: f.name,
      });
      return;
    }
    list.push({ index, name: f.name, date: mapped.date });
    groups.set(mapped.subject, list);
  });
  for (const list of groups.values()) list.sort((a, b) => a.date.localeCompare(b.date));
  return { groups, errors };
}

function decodeBase64(text: string, name: string): Uint8Array {
  const bytes = Buffer.from(text, "base64");
  if (bytes.length === 0) throw new ImagingInputError(name, "empty, or not base64");
  return bytes;
}

/** One record per subject: its clinical record with the assessments measured from its masks. Subjects
 * must be enrolled first (the masks carry no clinical record). Measurement happens when `result()` is
 * called, one subject at a time, so a job reports progress between subjects and memory holds one series. */
export async function maskRecords(
  db: Kysely<DB>,
  studyId: string,
  o: MaskImportOptions,
): Promise<{ records: Array<{ source: string; result: () => CaseRecord["result"] }>; errors: FieldError[] }> {
  const { groups, errors } = groupMasks(o);
  const pseudonyms = [...groups.keys()];
  const subjects = pseudonyms.length
    ? await db
        .selectFrom("subjects")
        .select(["pseudonym", "clinical"])
        .where("study_id", "=", studyId)
        .where("pseudonym", "in", pseudonyms)
        .execute()
    : [];
  const clinicalOf = new Map(subjects.map((s) => [s.pseudonym, JSON.parse(s.clinical)]));
  const records = [];
  for (const [pseudonym, files] of groups) {
    const source = `masks:${pseudonym} (${files.map((f) => f.name).join(", ")})`;
    const clinical = clinicalOf.get(pseudonym) as
      | (Record<string, unknown> & { patient: Record<string, unknown> })
      | undefined;
    if (!clinical) {
      errors.push({
        path: `$.masks[${files[0]!.index}].name`,
        message: `no subject "${pseudonym}" in this study: enrol the subject (clinical record, scan dates) first`,
        source: files[0]!.name,
      });
      continue;
    }
    records.push({ source, result: () => measureSeries(pseudonym, clinical, files, o) });
  }
  return { records, errors };
}

function measureSeries(
  pseudonym: string,
  clinical: Record<string, unknown> & { patient: Record<string, unknown> },
  files: Mapped[],
  o: MaskImportOptions,
): CaseRecord["result"] {
  const tumorType = TumorType.safeParse(clinical.patient.tumorType);
  if (!tumorType.success)
    return {
      ok: false,
      errors: [{ path: "$.patient.tumorType", message: "the subject has no valid tumour type" }],
    };
  let current: Mapped | undefined;
  try {
    const measurements: MaskMeasurement[] = [];
    let first: LabelVolume | undefined;
    for (const f of files) {
      current = f;
      const volume = parseLabelVolume(decodeBase64(o.masks[f.index]!.contentBase64, f.name), f.name);
      if (!first) first = volume;
      else {
        try {
          assertSameGrid(first, volume);
        } catch (e) {
          const why = e instanceof ImagingInputError ? e.problem : (e as Error).message;
          throw new ImagingInputError(f.name, `not on the same grid as ${files[0]!.name}: ${why}`);
        }
      }
      measurements.push({
        ...measureMask(volume, { ...(o.preset ? { preset: o.preset } : {}), longestDiameter: true }),
        source: f.name,
      });
    }
    current = undefined;
    const patient = clinical.patient as {
      setting?: string;
      whoGrade?: 2 | 3 | 4;
      significantNonEnhancing?: boolean;
    };
    const built = buildCase({
      tracking: trackSeries(measurements, DEFAULT_TRACK_OPTIONS),
      dates: files.map((f) => f.date),
      patient: {
        id: pseudonym,
        tumorType: tumorType.data,
        setting: patient.setting === "newly_diagnosed" ? "newly_diagnosed" : "recurrent",
        ...(patient.whoGrade ? { whoGrade: patient.whoGrade } : {}),
        ...(patient.significantNonEnhancing ? { significantNonEnhancing: true } : {}),
      },
      ...(o.criteria ? { criteria: o.criteria } : {}),
    });
    return parseCase({
      ...clinical,
      patient: { ...clinical.patient, id: pseudonym },
      assessments: built.document.assessments,
    });
  } catch (e) {
    if (!(e instanceof ImagingInputError)) throw e;
    return {
      ok: false,
      errors: [
        {
          path: e.file === "--preset" ? "$.preset" : current ? `$.masks[${current.index}]` : "$.masks",
          message: `${e.file}: ${e.problem}`,
        },
      ],
    };
  }
}
