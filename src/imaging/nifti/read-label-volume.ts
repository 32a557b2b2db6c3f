// Reading a NIfTI-1 / NIfTI-2 label map (.nii or .nii.gz). nifti-reader-js parses the header and finds
// the image data; RANOkit adds what a label map needs: integer labels only, a 3-D grid, checks that
// the file holds as many bytes as its header promises, and its own affine precedence.
//
// Affine (voxel → world mm): sform when sform_code > 0 (the scanner/registration transform most
// pipelines — nibabel, ITK/SimpleITK writers, nnU-Net — keep authoritative), otherwise the qform
// quaternion when qform_code > 0, otherwise a diagonal pixdim scaling ("method 1" of the NIfTI
// standard). nifti-reader-js prefers the qform when its code is higher, hence our own choice here.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import * as nifti from "nifti-reader-js";
import { ImagingInputError } from "../errors.ts";
import type { LabelVolume, VoxelGrid } from "../types.ts";

type Header = ReturnType<typeof nifti.readHeader>;

/** NIfTI datatype codes accepted for labels, with their typed-array constructors. */
const INTEGER_TYPES: Record<number, { bytes: number; name: string }> = {
  2: { bytes: 1, name: "uint8" },
  4: { bytes: 2, name: "int16" },
  8: { bytes: 4, name: "int32" },
  256: { bytes: 1, name: "int8" },
  512: { bytes: 2, name: "uint16" },
  768: { bytes: 4, name: "uint32" },
};
const FLOAT_TYPES: Record<number, { bytes: number; name: string }> = {
  16: { bytes: 4, name: "float32" },
  64: { bytes: 8, name: "float64" },
};

export function readLabelVolume(path: string): LabelVolume {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ImagingInputError(
      path,
      code === "ENOENT" ? "file not found" : `cannot read: ${(e as Error).message}`,
    );
  }
  return parseLabelVolume(bytes, path);
}

export function parseLabelVolume(input: Uint8Array | ArrayBuffer, source: string): LabelVolume {
  const { decoded, ...grid } = parseNifti(input, source, decodeLabels, "label map");
  return { ...grid, labels: decoded };
}

/** A scalar image (intensities, any numeric datatype, scl_slope / scl_inter applied) on its voxel grid:
 * what a key slice is rendered from. Same header checks and affine precedence as a label map. */
export interface ImageVolume extends VoxelGrid {
  /** One intensity per voxel (linear index i + ni * (j + nj * k)); non-finite values are kept as NaN. */
  values: Uint8Array | Int16Array | Uint16Array | Float32Array;
  source: string;
}

export function parseImageVolume(input: Uint8Array | ArrayBuffer, source: string): ImageVolume {
  const { decoded, ...grid } = parseNifti(input, source, decodeIntensities, "image");
  return { ...grid, values: decoded };
}

function parseNifti<T>(
  input: Uint8Array | ArrayBuffer,
  source: string,
  decode: (view: DataView, h: Header, count: number, source: string) => T,
  what: "label map" | "image",
): VoxelGrid & { decoded: T; source: string } {
  let bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.length === 0) throw new ImagingInputError(source, "empty file");
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new ImagingInputError(
        source,
        `broken gzip stream (truncated download?): ${(e as Error).message}`,
      );
    }
  }
  // The header is parsed from a small copy; the image data stay in the decompressed buffer (an
  // unscaled uint8 map is returned as a view of it: no copy of the voxels).
  // A real copy: Buffer#slice is a view, and a small file's Buffer can sit in Node's shared pool, so
  // `.buffer` of a view would start at another allocation's bytes (found by the fuzzer: a header read
  // from the previous file).
  const head = new Uint8Array(Math.min(bytes.length, 1024));
  head.set(bytes.subarray(0, head.length));
  const buffer = head.buffer as ArrayBuffer;
  if (bytes.length < 348 || !nifti.isNIFTI(buffer)) {
    throw new ImagingInputError(source, "not a NIfTI-1 or NIfTI-2 file (no valid header magic)");
  }
  let header: Header;
  try {
    header = nifti.readHeader(buffer);
  } catch (e) {
    throw new ImagingInputError(source, `unreadable NIfTI header: ${(e as Error).message}`);
  }
  const rank = header.dims[0] ?? 0;
  const [ni, nj, nk] = [header.dims[1] ?? 0, header.dims[2] ?? 1, header.dims[3] ?? 1].map((d) =>
    rank >= 1 ? d : 0,
  ) as [number, number, number];
  if (rank < 1 || rank > 7 || ni < 1 || nj < 1 || nk < 1) {
    throw new ImagingInputError(
      source,
      `invalid dimensions ${JSON.stringify(header.dims.slice(0, rank + 1))}`,
    );
  }
  for (let d = 4; d <= rank; d++) {
    if ((header.dims[d] ?? 1) > 1) {
      throw new ImagingInputError(
        source,
        `a ${rank}-D image (dim ${d} = ${header.dims[d]}): a ${what} must be 3-D, one file per time point`,
      );
    }
  }
  const type = INTEGER_TYPES[header.datatypeCode] ?? FLOAT_TYPES[header.datatypeCode];
  if (!type) {
    throw new ImagingInputError(
      source,
      `datatype ${header.datatypeCode} (${header.getDatatypeCodeString(header.datatypeCode)}) ${what === "image" ? "is not a scalar type the image reader knows" : "is not a label type: use an integer type"}`,
    );
  }
  const count = ni * nj * nk;
  const isNifti2 = nifti.isNIFTI2(buffer);
  if (!Number.isFinite(header.vox_offset) || header.vox_offset < 0) {
    throw new ImagingInputError(source, "vox_offset is not a non-negative finite number");
  }
  const offset = Math.max(Math.round(header.vox_offset), isNifti2 ? 540 : 348);
  const needed = offset + count * type.bytes;
  if (bytes.length < needed) {
    throw new ImagingInputError(
      source,
      `truncated: the header promises ${count} voxels (${needed} bytes) but the file has ${bytes.length} bytes`,
    );
  }
  const affine = chooseAffine(header, buffer, isNifti2, source);
  const decoded = decode(
    new DataView(bytes.buffer, bytes.byteOffset + offset, count * type.bytes),
    header,
    count,
    source,
  );
  const spacingMm = [0, 1, 2].map((c) => Math.hypot(affine[0]![c]!, affine[1]![c]!, affine[2]![c]!)) as [
    number,
    number,
    number,
  ];
  // A non-finite entry anywhere (spacing or origin) would leak NaN into every world coordinate.
  if (affine.some((row) => row.some((x) => !Number.isFinite(x)))) {
    throw new ImagingInputError(source, "voxel-to-world affine has an entry that is not a finite number");
  }
  if (spacingMm.some((s) => !(s > 0))) {
    throw new ImagingInputError(
      source,
      `degenerate voxel-to-world affine (voxel spacing ${spacingMm.map((s) => s.toPrecision(4)).join(" × ")} mm)`,
    );
  }
  // No MR acquisition has voxels over MAX_VOXEL_MM: such a header is corrupt (or in the wrong unit), and
  // measuring it would be both meaningless and, for astronomically large voxels, very slow.
  if (spacingMm.some((s) => s > MAX_VOXEL_MM || s < MIN_VOXEL_MM)) {
    throw new ImagingInputError(
      source,
      `implausible voxel spacing ${spacingMm.map((s) => s.toPrecision(4)).join(" × ")} mm (outside ${MIN_VOXEL_MM}–${MAX_VOXEL_MM} mm; a unit error?)`,
    );
  }
  return { dims: [ni, nj, nk], spacingMm, affine, decoded, source };
}

/** The voxel reader of a header's datatype and its scaling (scl_slope / scl_inter apply to every
 * datatype, NIfTI-1 §scaling; label maps normally have 1 / 0). */
function voxelReader(view: DataView, h: Header) {
  const le = h.littleEndian;
  const slope = h.scl_slope && Number.isFinite(h.scl_slope) ? h.scl_slope : 1;
  const inter = Number.isFinite(h.scl_inter) ? h.scl_inter : 0;
  const read: (i: number) => number = {
    2: (i: number) => view.getUint8(i),
    256: (i: number) => view.getInt8(i),
    4: (i: number) => view.getInt16(2 * i, le),
    512: (i: number) => view.getUint16(2 * i, le),
    8: (i: number) => view.getInt32(4 * i, le),
    768: (i: number) => view.getUint32(4 * i, le),
    16: (i: number) => view.getFloat32(4 * i, le),
    64: (i: number) => view.getFloat64(8 * i, le),
  }[h.datatypeCode]!;
  return { read, slope, inter, scaled: slope !== 1 || inter !== 0 };
}

/** Intensities: unscaled uint8 / int16 / uint16 as they are (uint8 as a view), else float32. */
function decodeIntensities(view: DataView, h: Header, count: number): ImageVolume["values"] {
  const { read, slope, inter, scaled } = voxelReader(view, h);
  if (h.datatypeCode === 2 && !scaled) return new Uint8Array(view.buffer, view.byteOffset, count);
  const out =
    !scaled && h.datatypeCode === 4
      ? new Int16Array(count)
      : !scaled && h.datatypeCode === 512
        ? new Uint16Array(count)
        : new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = scaled ? read(i) * slope + inter : read(i);
  return out;
}

function decodeLabels(view: DataView, h: Header, count: number, source: string): LabelVolume["labels"] {
  const { read, slope, inter, scaled } = voxelReader(view, h);
  // Fast path: unscaled uint8, the usual label map — a view of the decompressed bytes, no copy.
  if (h.datatypeCode === 2 && !scaled) {
    return new Uint8Array(view.buffer, view.byteOffset, count);
  }
  const out = new Int32Array(count);
  let min = 0;
  let max = 0;
  for (let i = 0; i < count; i++) {
    const raw = read(i);
    const v = scaled ? raw * slope + inter : raw;
    if (!Number.isInteger(v)) {
      throw new ImagingInputError(source, `not a label map: voxel ${i} has the non-integer value ${v}`);
    }
    out[i] = v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min < 0) throw new ImagingInputError(source, `not a label map: negative label ${min}`);
  // Compact storage: most label maps fit in a byte.
  if (max <= 255) return Uint8Array.from(out);
  if (max <= 65535) return Uint16Array.from(out);
  return out;
}

/** Largest voxel edge accepted (mm): thick 2-D slices reach ~10 mm; 50 mm is far past any MR protocol. */
const MAX_VOXEL_MM = 50;
/** Smallest voxel edge accepted (mm): 1 µm is far below MR resolution; smaller makes every length 0. */
const MIN_VOXEL_MM = 0.001;

function chooseAffine(h: Header, buffer: ArrayBuffer, isNifti2: boolean, source: string): number[][] {
  if (h.sform_code > 0) {
    if (isNifti2) return h.affine.map((r) => [...r]);
    // NIfTI-1 srow_x/y/z: 12 float32 at byte 280.
    const v = new DataView(buffer);
    const row = (r: number) => [0, 1, 2, 3].map((c) => v.getFloat32(280 + 16 * r + 4 * c, h.littleEndian));
    return [row(0), row(1), row(2), [0, 0, 0, 1]];
  }
  if (h.qform_code > 0) {
    const qfac = (h.pixDims[0] ?? 1) < 0 ? -1 : 1;
    const m = h.convertNiftiQFormToNiftiSForm(
      h.quatern_b,
      h.quatern_c,
      h.quatern_d,
      h.qoffset_x,
      h.qoffset_y,
      h.qoffset_z,
      h.pixDims[1] ?? 1,
      h.pixDims[2] ?? 1,
      h.pixDims[3] ?? 1,
      qfac,
    );
    return [m[0]!.slice(0, 4), m[1]!.slice(0, 4), m[2]!.slice(0, 4), [0, 0, 0, 1]];
  }
  // Method 1 (no sform, no qform): pixdim alone. A zero or non-finite pixdim means the spacing is
  // unknown — measuring as if voxels were 1 mm would be silently wrong.
  const pix = [1, 2, 3].map((d) => h.pixDims[d] ?? Number.NaN);
  if (pix.some((x) => !Number.isFinite(x) || x <= 0)) {
    throw new ImagingInputError(
      source,
      `voxel spacing unknown: pixdim[1..3] = ${pix.map((x) => (Number.isFinite(x) ? String(x) : "not a number")).join(" × ")} and neither sform nor qform is set`,
    );
  }
  const p = (d: number) => pix[d - 1]!;
  return [
    [p(1), 0, 0, 0],
    [0, p(2), 0, 0],
    [0, 0, p(3), 0],
    [0, 0, 0, 1],
  ];
}
