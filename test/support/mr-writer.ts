// Small MR Image Storage instances (4 × 4 pixels) with the acquisition headers QC reads, written with
// dcmjs, for the QC tests and the PACS.
import type { NaturalDataset } from "dcmjs";
import { datasetToPart10 } from "../../src/dicom/part10.ts";
import { uidFor } from "../../src/dicom/uids.ts";

export interface MrSeries {
  description: string;
  acquisition: "2D" | "3D";
  thicknessMm: number;
  spacingBetweenSlicesMm?: number;
  pixelMm: number;
  contrast?: { agent: string; volumeMl: number };
  inversionTimeMs?: number;
  echoTimeMs?: number;
  bValue?: number;
}

export interface MrStudy {
  date: string; // YYYYMMDD
  studyUid: string;
  scanner: { manufacturer: string; model: string; serial: string; fieldT: number };
  series: MrSeries[];
  patientId?: string;
  weightKg?: number;
}

export function writeMrStudy(study: MrStudy): Array<{ name: string; bytes: Uint8Array }> {
  return study.series.map((s, i) => {
    const seriesUid = uidFor("test-series", study.studyUid, i);
    const d: NaturalDataset = {
      _meta: {},
      _vrMap: { PixelData: "OW" },
      SOPClassUID: "1.2.840.10008.5.1.4.1.1.4",
      SOPInstanceUID: uidFor("test-instance", study.studyUid, i),
      Modality: "MR",
      PatientID: study.patientId ?? "QC-1",
      PatientName: `${study.patientId ?? "QC-1"}^`,
      ...(study.weightKg ? { PatientWeight: study.weightKg } : {}),
      StudyInstanceUID: study.studyUid,
      StudyDate: study.date,
      StudyTime: "100000",
      SeriesInstanceUID: seriesUid,
      SeriesNumber: i + 1,
      InstanceNumber: 1,
      SeriesDescription: s.description,
      Manufacturer: study.scanner.manufacturer,
      ManufacturerModelName: study.scanner.model,
      DeviceSerialNumber: study.scanner.serial,
      MagneticFieldStrength: study.scanner.fieldT,
      MRAcquisitionType: s.acquisition,
      SliceThickness: s.thicknessMm,
      ...(s.spacingBetweenSlicesMm !== undefined ? { SpacingBetweenSlices: s.spacingBetweenSlicesMm } : {}),
      PixelSpacing: [s.pixelMm, s.pixelMm],
      ...(s.contrast
        ? { ContrastBolusAgent: s.contrast.agent, ContrastBolusVolume: s.contrast.volumeMl }
        : {}),
      ...(s.inversionTimeMs ? { InversionTime: s.inversionTimeMs } : {}),
      ...(s.echoTimeMs ? { EchoTime: s.echoTimeMs } : {}),
      ...(s.bValue !== undefined ? { DiffusionBValue: s.bValue } : {}),
      ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
      ImagePositionPatient: [0, 0, 0],
      FrameOfReferenceUID: uidFor("test-for", study.studyUid),
      Rows: 4,
      Columns: 4,
      SamplesPerPixel: 1,
      PhotometricInterpretation: "MONOCHROME2",
      BitsAllocated: 16,
      BitsStored: 12,
      HighBit: 11,
      PixelRepresentation: 0,
      PixelData: [new Uint16Array(16).buffer],
    };
    return { name: `${study.date}-${i + 1}.dcm`, bytes: datasetToPart10(d) };
  });
}

export const SCANNER_A = { manufacturer: "SIEMENS", model: "Prisma", serial: "1001", fieldT: 3 };
export const SCANNER_B = {
  manufacturer: "GE MEDICAL SYSTEMS",
  model: "Optima MR450w",
  serial: "77",
  fieldT: 1.5,
};

/** The consensus protocol, met. */
export const BTIP: MrSeries[] = [
  { description: "T1 MPRAGE pre", acquisition: "3D", thicknessMm: 1, pixelMm: 1 },
  { description: "AX T2 TSE", acquisition: "2D", thicknessMm: 4, spacingBetweenSlicesMm: 4, pixelMm: 0.5 },
  {
    description: "AX FLAIR",
    acquisition: "2D",
    thicknessMm: 4,
    spacingBetweenSlicesMm: 4,
    pixelMm: 0.9,
    inversionTimeMs: 2500,
    echoTimeMs: 90,
  },
  { description: "ep2d_diff_b1000", acquisition: "2D", thicknessMm: 4, pixelMm: 1.2, bValue: 1000 },
  {
    description: "T1 MPRAGE post",
    acquisition: "3D",
    thicknessMm: 1,
    pixelMm: 1,
    contrast: { agent: "Gadobutrol", volumeMl: 7.5 },
  },
];
