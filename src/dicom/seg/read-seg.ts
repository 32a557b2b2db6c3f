// DICOM Segmentation (PS3.3 A.51, C.8.20) → the label volume the NIfTI reader produces, so `measure` and
// `track` work on SEG unchanged. Geometry comes from the functional groups: Image Orientation and Pixel
// Spacing (shared or per frame), Image Position per frame; frames are placed on slices along the normal.
// Segments become label values: by default the Segment Number (so --preset / --labels apply as to a
// NIfTI label map); a mapping (--segments) assigns values by segment label or property type code.
// World coordinates are converted from DICOM LPS to the RAS convention of NIfTI, so a SEG and a NIfTI
// of the same grid have the same affine.
import type { NaturalDataset } from "dcmjs";
import type { LabelVolume } from "../../imaging/types.ts";
import { DicomInputError } from "../errors.ts";

export const SEGMENTATION_STORAGE = "1.2.840.10008.5.1.4.1.1.66.4";

export interface SegmentInfo {
  number: number;
  label: string;
  /** Segmented Property Type as SCHEME:VALUE (e.g. SCT:108369006). */
  type?: string;
  typeMeaning?: string;
}

/** Segment (by label, case-insensitive, or SCHEME:VALUE property type) → label value. */
export type SegmentMapping = ReadonlyArray<{ match: string; label: number }>;

/** Parses "Enhancing tumor=4,Edema=2,SCT:108369006=1" (the last "=" separates the value). */
export function parseSegmentMapping(spec: string): SegmentMapping {
  return spec
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)
    .map((part) => {
      const at = part.lastIndexOf("=");
      const label = Number(part.slice(at + 1));
      if (at <= 0 || !Number.isInteger(label) || label <= 0 || label > 65535)
        throw new DicomInputError(
          "--segments",
          `"${part}": expected SEGMENT=LABEL with LABEL a positive integer`,
        );
      return { match: part.slice(0, at).trim(), label };
    });
}

type Item = any;
const first = (x: unknown): Item => (Array.isArray(x) ? x[0] : x);
const nums = (x: unknown): number[] =>
  Array.isArray(x) ? x.map(Number) : x === undefined ? [] : [Number(x)];

function groupValue(shared: Item, frame: Item, sequence: string, attribute: string): number[] {
  const own = nums(first(frame?.[sequence])?.[attribute]);
  return own.length > 0 ? own : nums(first(shared?.[sequence])?.[attribute]);
}

export function segmentsOf(dataset: NaturalDataset): SegmentInfo[] {
  const list: Item[] = Array.isArray(dataset.SegmentSequence) ? dataset.SegmentSequence : [];
  return list.map((s) => {
    const type = first(s.SegmentedPropertyTypeCodeSequence);
    return {
      number: Number(s.SegmentNumber),
      label: String(s.SegmentLabel ?? ""),
      ...(type
        ? { type: `${type.CodingSchemeDesignator}:${type.CodeValue}`, typeMeaning: String(type.CodeMeaning) }
        : {}),
    };
  });
}

function labelFor(segment: SegmentInfo, mapping: SegmentMapping | undefined, source: string): number {
  if (!mapping) return segment.number;
  const hit = mapping.find(
    (m) =>
      m.match.toLowerCase() === segment.label.toLowerCase() ||
      (segment.type !== undefined && m.match === segment.type),
  );
  if (!hit)
    throw new DicomInputError(
      source,
      `segment ${segment.number} "${segment.label}"${segment.type ? ` (${segment.type} ${segment.typeMeaning})` : ""} is not in --segments`,
    );
  return hit.label;
}

export function readSegmentation(
  dataset: NaturalDataset,
  source: string,
  mapping?: SegmentMapping,
): LabelVolume {
  if (dataset.SOPClassUID !== SEGMENTATION_STORAGE)
    throw new DicomInputError(
      source,
      `wrong SOP class ${dataset.SOPClassUID ?? "none"}: not a DICOM Segmentation`,
    );
  const rows = Number(dataset.Rows);
  const cols = Number(dataset.Columns);
  const frames = Number(dataset.NumberOfFrames ?? 1);
  if (!(rows > 0 && cols > 0 && frames > 0))
    throw new DicomInputError(source, "missing Rows, Columns or Number of Frames");
  const type = String(dataset.SegmentationType ?? "");
  if (type !== "BINARY" && type !== "FRACTIONAL")
    throw new DicomInputError(
      source,
      `Segmentation Type "${type}": only BINARY and FRACTIONAL are supported`,
    );
  const segments = new Map(segmentsOf(dataset).map((s) => [s.number, s]));
  if (segments.size === 0) throw new DicomInputError(source, "no Segment Sequence");
  const shared = first(dataset.SharedFunctionalGroupsSequence);
  const perFrame: Item[] = Array.isArray(dataset.PerFrameFunctionalGroupsSequence)
    ? dataset.PerFrameFunctionalGroupsSequence
    : [];
  if (perFrame.length !== frames)
    throw new DicomInputError(
      source,
      `missing geometry: ${perFrame.length} per-frame functional groups for ${frames} frames`,
    );

  // Geometry: one orientation and pixel spacing for all frames (a label map is one grid).
  const orientation = groupValue(shared, perFrame[0], "PlaneOrientationSequence", "ImageOrientationPatient");
  const spacing = groupValue(shared, perFrame[0], "PixelMeasuresSequence", "PixelSpacing");
  if (orientation.length !== 6 || spacing.length !== 2 || spacing.some((s) => !(s > 0)))
    throw new DicomInputError(
      source,
      "missing geometry: no Image Orientation (Patient) or Pixel Spacing in the functional groups",
    );
  const r = orientation.slice(0, 3) as [number, number, number];
  const c = orientation.slice(3, 6) as [number, number, number];
  const n: [number, number, number] = [
    r[1] * c[2] - r[2] * c[1],
    r[2] * c[0] - r[0] * c[2],
    r[0] * c[1] - r[1] * c[0],
  ];
  const dot = (a: number[], b: number[]) => a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
  const positions = perFrame.map((f, i) => {
    const o = groupValue(shared, f, "PlaneOrientationSequence", "ImageOrientationPatient");
    if (o.some((v, k) => Math.abs(v - orientation[k]!) > 1e-4))
      throw new DicomInputError(source, `frame ${i + 1} has another orientation: not one voxel grid`);
    const p = nums(first(f?.PlanePositionSequence)?.ImagePositionPatient);
    if (p.length !== 3)
      throw new DicomInputError(source, `missing geometry: no Image Position (Patient) for frame ${i + 1}`);
    return p as [number, number, number];
  });
  const along = positions.map((p) => dot(p, n));
  const distinct = [...new Set(along.map((s) => Math.round(s * 1e4) / 1e4))].sort((a, b) => a - b);
  const stated = nums(first(shared?.PixelMeasuresSequence)?.SpacingBetweenSlices)[0];
  const gaps = distinct.slice(1).map((s, i) => s - distinct[i]!);
  const step =
    stated && stated > 0
      ? stated
      : gaps.length > 0
        ? Math.min(...gaps)
        : nums(first(shared?.PixelMeasuresSequence)?.SliceThickness)[0] || 1;
  const sliceOf = (s: number) => {
    const k = (s - distinct[0]!) / step;
    if (Math.abs(k - Math.round(k)) > 1e-3)
      throw new DicomInputError(source, `frame positions are not on a regular grid of ${step} mm slices`);
    return Math.round(k);
  };
  const nk = sliceOf(distinct.at(-1)!) + 1;
  const origin = positions[along.indexOf(Math.min(...along))]!;
  for (const [i, p] of positions.entries()) {
    // Every frame must lie on the same in-plane grid (no shift within the plane).
    const d = [p[0] - origin[0], p[1] - origin[1], p[2] - origin[2]];
    if (Math.abs(dot(d, r)) > 1e-3 || Math.abs(dot(d, c)) > 1e-3)
      throw new DicomInputError(source, `frame ${i + 1} is shifted within the plane: not one voxel grid`);
  }

  // Pixel data: BINARY is 1 bit per pixel packed across frames (PS3.5 8.1.1); FRACTIONAL one byte.
  const pixelData = first(dataset.PixelData);
  const bytes =
    pixelData instanceof ArrayBuffer
      ? new Uint8Array(pixelData)
      : ArrayBuffer.isView(pixelData)
        ? new Uint8Array(pixelData.buffer, pixelData.byteOffset, pixelData.byteLength)
        : undefined;
  if (!bytes) throw new DicomInputError(source, "no Pixel Data");
  const perFramePixels = rows * cols;
  const needed = type === "BINARY" ? Math.ceil((perFramePixels * frames) / 8) : perFramePixels * frames;
  if (bytes.length < needed)
    throw new DicomInputError(
      source,
      `truncated Pixel Data: ${bytes.length} bytes for ${frames} frames of ${rows} × ${cols} (${needed} needed)`,
    );
  const maxFraction = Number(dataset.MaximumFractionalValue ?? 255);
  const count = cols * rows * nk;
  const labels = new Uint16Array(count);
  const owner = new Uint16Array(count); // segment number per voxel, for the overlap check
  let maxLabel = 0;
  for (let f = 0; f < frames; f++) {
    const segmentNumber = Number(first(perFrame[f]?.SegmentIdentificationSequence)?.ReferencedSegmentNumber);
    const segment = segments.get(segmentNumber);
    if (!segment)
      throw new DicomInputError(
        source,
        `frame ${f + 1} references segment ${segmentNumber}, which is not in the Segment Sequence`,
      );
    const label = labelFor(segment, mapping, source);
    if (label > maxLabel) maxLabel = label;
    const k = sliceOf(along[f]!);
    const base = cols * rows * k;
    for (let p = 0; p < perFramePixels; p++) {
      const bit = f * perFramePixels + p;
      const on = type === "BINARY" ? (bytes[bit >> 3]! >> (bit & 7)) & 1 : bytes[bit]! * 2 >= maxFraction; // fraction ≥ 0.5
      if (!on) continue;
      const v = base + p; // p = row * cols + col, i.e. i = col, j = row
      if (owner[v] !== 0 && owner[v] !== segmentNumber) {
        throw new DicomInputError(
          source,
          `segments ${owner[v]} and ${segmentNumber} overlap (first at frame ${f + 1}, row ${Math.floor(p / cols)}, column ${p % cols}): a label map holds one segment per voxel`,
        );
      }
      owner[v] = segmentNumber;
      labels[v] = label;
    }
  }
  // Voxel (i = column, j = row, k = slice) → LPS, then to RAS (negate x and y) like NIfTI.
  const [sr, sc] = [spacing[1]!, spacing[0]!]; // Pixel Spacing = [between rows, between columns]
  const lps = [0, 1, 2].map((a) => [r[a]! * sr, c[a]! * sc, n[a]! * step, origin[a]!]);
  const affine = [lps[0]!.map((v) => -v), lps[1]!.map((v) => -v), lps[2]!, [0, 0, 0, 1]];
  return {
    dims: [cols, rows, nk],
    spacingMm: [sr, sc, step],
    affine,
    labels: maxLabel <= 255 ? Uint8Array.from(labels) : labels,
    source,
  };
}
