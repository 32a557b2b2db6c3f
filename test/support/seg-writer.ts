// Writes a label volume as a DICOM Segmentation with dcmjs (binary or fractional), one segment per label
// value, frames on the volume's grid with per-frame Plane Position and shared orientation/spacing, as
// dcmqi / highdicom lay them out. RAS (NIfTI) world coordinates are converted to DICOM LPS.
import type { NaturalDataset } from "dcmjs";
import { datasetToPart10 } from "../../src/dicom/part10.ts";
import type { LabelVolume } from "../../src/imaging/types.ts";

export interface SegWriteOptions {
  type?: "BINARY" | "FRACTIONAL";
  /** Label value → segment label and property type (SCT code). */
  segments: Record<number, { label: string; type?: [string, string] }>;
  /** Write a frame for every slice of every segment (default), or only the non-empty ones. */
  skipEmpty?: boolean;
  /** Frames of these segments also claim these voxels of that other label (to make overlaps). */
  overlap?: { segment: number; alsoLabel: number };
  /** Fractional value written for "inside" voxels (default 255 of 255). */
  fraction?: number;
  /** Frame order: segment by segment, slices ascending (default, as dcmqi), or slice by slice from the
   * last slice down with the segments interleaved (readers must place frames by position, not order). */
  order?: "by-segment" | "by-slice-descending";
  /** Leave out Spacing Between Slices (optional in the Pixel Measures macro): readers infer the step. */
  noSpacingBetweenSlices?: boolean;
}

export function writeSeg(volume: LabelVolume, options: SegWriteOptions): Uint8Array {
  const [ni, nj, nk] = volume.dims;
  const A = volume.affine;
  const toLps = (v: number[]) => [-v[0]!, -v[1]!, v[2]!];
  const col = (a: number) => [A[0]![a]!, A[1]![a]!, A[2]![a]!];
  const [si, sj, sk] = volume.spacingMm;
  const r = toLps(col(0)).map((x) => x / si);
  const c = toLps(col(1)).map((x) => x / sj);
  const kDir = toLps(col(2));
  const origin = toLps([A[0]![3]!, A[1]![3]!, A[2]![3]!]);
  const type = options.type ?? "BINARY";
  const numbers = Object.keys(options.segments)
    .map(Number)
    .sort((a, b) => a - b);
  const frames: Array<{ segment: number; k: number; pixels: Uint8Array }> = [];
  for (const [index, label] of numbers.entries()) {
    for (let k = 0; k < nk; k++) {
      const pixels = new Uint8Array(ni * nj);
      let any = false;
      for (let j = 0; j < nj; j++)
        for (let i = 0; i < ni; i++) {
          const v = volume.labels[i + ni * (j + nj * k)];
          const inside =
            v === label || (options.overlap?.segment === label && v === options.overlap.alsoLabel);
          if (inside) {
            pixels[j * ni + i] = 1;
            any = true;
          }
        }
      if (any || !options.skipEmpty) frames.push({ segment: index + 1, k, pixels });
    }
  }
  // A SEG has at least one frame: an empty segmentation keeps one empty frame (Number of Frames ≥ 1).
  if (frames.length === 0) frames.push({ segment: 1, k: 0, pixels: new Uint8Array(ni * nj) });
  if (options.order === "by-slice-descending") frames.sort((a, b) => b.k - a.k || a.segment - b.segment);
  const perFrame = ni * nj;
  const data =
    type === "BINARY"
      ? new Uint8Array(Math.ceil((perFrame * frames.length) / 8))
      : new Uint8Array(perFrame * frames.length);
  frames.forEach((f, n) => {
    for (let p = 0; p < perFrame; p++) {
      if (!f.pixels[p]) continue;
      const bit = n * perFrame + p;
      if (type === "BINARY") data[bit >> 3]! |= 1 << (bit & 7);
      else data[bit] = options.fraction ?? 255;
    }
  });
  const dataset: NaturalDataset = {
    _meta: {},
    _vrMap: { PixelData: "OB" },
    SOPClassUID: "1.2.840.10008.5.1.4.1.1.66.4",
    SOPInstanceUID: "1.2.826.0.1.3680043.10.543.7",
    Modality: "SEG",
    PatientID: "P-1",
    StudyInstanceUID: "1.2.826.0.1.3680043.10.543.1",
    SeriesInstanceUID: "1.2.826.0.1.3680043.10.543.2",
    FrameOfReferenceUID: "1.2.826.0.1.3680043.10.543.3",
    Rows: nj,
    Columns: ni,
    NumberOfFrames: frames.length,
    SamplesPerPixel: 1,
    PhotometricInterpretation: "MONOCHROME2",
    BitsAllocated: type === "BINARY" ? 1 : 8,
    BitsStored: type === "BINARY" ? 1 : 8,
    HighBit: type === "BINARY" ? 0 : 7,
    PixelRepresentation: 0,
    SegmentationType: type,
    ...(type === "FRACTIONAL"
      ? { SegmentationFractionalType: "PROBABILITY", MaximumFractionalValue: 255 }
      : {}),
    SegmentSequence: numbers.map((label, index) => {
      const s = options.segments[label]!;
      return {
        SegmentNumber: index + 1,
        SegmentLabel: s.label,
        SegmentAlgorithmType: "MANUAL",
        SegmentedPropertyCategoryCodeSequence: [
          {
            CodeValue: "49755003",
            CodingSchemeDesignator: "SCT",
            CodeMeaning: "Morphologically Altered Structure",
          },
        ],
        SegmentedPropertyTypeCodeSequence: [
          {
            CodeValue: s.type?.[0] ?? "108369006",
            CodingSchemeDesignator: "SCT",
            CodeMeaning: s.type?.[1] ?? "Neoplasm",
          },
        ],
      };
    }),
    SharedFunctionalGroupsSequence: [
      {
        PlaneOrientationSequence: [{ ImageOrientationPatient: [...r, ...c] }],
        PixelMeasuresSequence: [
          {
            PixelSpacing: [sj, si],
            SliceThickness: sk,
            ...(options.noSpacingBetweenSlices ? {} : { SpacingBetweenSlices: sk }),
          },
        ],
      },
    ],
    PerFrameFunctionalGroupsSequence: frames.map((f) => ({
      PlanePositionSequence: [{ ImagePositionPatient: [0, 1, 2].map((a) => origin[a]! + f.k * kDir[a]!) }],
      SegmentIdentificationSequence: [{ ReferencedSegmentNumber: f.segment }],
    })),
    PixelData: [data.buffer],
  };
  return datasetToPart10(dataset);
}
