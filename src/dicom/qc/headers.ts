// The header fields of one image for QC, from a Part 10 file (dcmjs) or from DICOM JSON (the PACS's
// WADO-RS series metadata): the same SeriesInfo either way.
import type { NaturalDataset } from "dcmjs";
import type { DicomJson } from "../dicomweb.ts";
import { DicomInputError } from "../errors.ts";
import type { SeriesInfo } from "./protocol.ts";

const TAGS = {
  StudyInstanceUID: "0020000D",
  StudyDate: "00080020",
  SeriesInstanceUID: "0020000E",
  SeriesDescription: "0008103E",
  MRAcquisitionType: "00180023",
  SliceThickness: "00180050",
  SpacingBetweenSlices: "00180088",
  PixelSpacing: "00280030",
  MagneticFieldStrength: "00180087",
  Manufacturer: "00080070",
  ManufacturerModelName: "00081090",
  DeviceSerialNumber: "00181000",
  ContrastBolusAgent: "00180010",
  ContrastBolusVolume: "00181041",
  PatientWeight: "00101030",
  InversionTime: "00180082",
  EchoTime: "00180081",
  RepetitionTime: "00180080",
  DiffusionBValue: "00189087",
  ScanningSequence: "00180020",
  Modality: "00080060",
} as const;
type Key = keyof typeof TAGS;

/** SeriesInfo field ← attribute, as text or number. */
const FIELDS: ReadonlyArray<[keyof SeriesInfo, Key, "str" | "num"]> = [
  ["mrAcquisitionType", "MRAcquisitionType", "str"],
  ["sliceThicknessMm", "SliceThickness", "num"],
  ["spacingBetweenSlicesMm", "SpacingBetweenSlices", "num"],
  ["fieldStrengthT", "MagneticFieldStrength", "num"],
  ["manufacturer", "Manufacturer", "str"],
  ["model", "ManufacturerModelName", "str"],
  ["serialNumber", "DeviceSerialNumber", "str"],
  ["contrastAgent", "ContrastBolusAgent", "str"],
  ["contrastVolumeMl", "ContrastBolusVolume", "num"],
  ["patientWeightKg", "PatientWeight", "num"],
  ["inversionTimeMs", "InversionTime", "num"],
  ["echoTimeMs", "EchoTime", "num"],
  ["repetitionTimeMs", "RepetitionTime", "num"],
  ["diffusionBValue", "DiffusionBValue", "num"],
  ["scanningSequence", "ScanningSequence", "str"],
];

function fromGetter(get: (k: Key) => unknown[], source: string): SeriesInfo {
  const str = (k: Key) => {
    const v = get(k)[0];
    if (v === undefined || v === null) return undefined;
    const s =
      typeof v === "object" && v !== null && "Alphabetic" in v
        ? String((v as { Alphabetic: unknown }).Alphabetic)
        : String(v);
    return s.trim() === "" ? undefined : s.trim();
  };
  const num = (k: Key) => {
    const s = str(k);
    const n = s === undefined ? Number.NaN : Number(s);
    return Number.isFinite(n) ? n : undefined;
  };
  const study = str("StudyInstanceUID");
  const series = str("SeriesInstanceUID");
  const da = str("StudyDate");
  if (!study || !series)
    throw new DicomInputError(source, "no Study or Series Instance UID: cannot place the image");
  if (!da || !/^\d{8}$/.test(da))
    throw new DicomInputError(source, "no Study Date (0008,0020): the time point is unknown");
  const modality = str("Modality");
  if (modality && modality !== "MR")
    throw new DicomInputError(source, `modality ${modality}: QC checks MR acquisitions`);
  const ps = get("PixelSpacing").map(Number);
  const info: SeriesInfo = {
    source,
    studyInstanceUid: study,
    date: `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}`,
    seriesInstanceUid: series,
    description: str("SeriesDescription") ?? "",
  };
  for (const [field, key, kind] of FIELDS) {
    const v = kind === "num" ? num(key) : str(key);
    if (v !== undefined) (info as unknown as Record<string, unknown>)[field] = v;
  }
  if (ps.length === 2 && ps.every(Number.isFinite)) info.pixelSpacingMm = [ps[0]!, ps[1]!];
  return info;
}

const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export const seriesInfoFromDataset = (d: NaturalDataset, source: string): SeriesInfo =>
  fromGetter((k) => asList(d[k]), source);

export const seriesInfoFromJson = (j: DicomJson, source: string): SeriesInfo =>
  fromGetter((k) => j[TAGS[k]]?.Value ?? [], source);
