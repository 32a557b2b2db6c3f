// A minimal NIfTI-1 writer for label maps (tests, phantoms and lesion-map export). Hand-written because
// nifti-reader-js only reads; the format needs just a 348-byte header. It writes uint8 / uint16 / int32
// by the largest label, the affine as sform (code 1, scanner) and, decomposed, as qform (code 1).
import { writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import type { LabelVolume } from "../types.ts";

export interface EncodeOptions {
  gzip?: boolean;
  /** Force a datatype (default: the smallest unsigned type holding every label, int32 beyond 65535). */
  datatype?: "uint8" | "int16" | "uint16" | "int32" | "float32";
}

const TYPES = {
  uint8: { code: 2, bytes: 1 },
  int16: { code: 4, bytes: 2 },
  uint16: { code: 512, bytes: 2 },
  int32: { code: 8, bytes: 4 },
  float32: { code: 16, bytes: 4 },
} as const;

export function encodeLabelVolume(volume: LabelVolume, options: EncodeOptions = {}): Uint8Array {
  const [ni, nj, nk] = volume.dims;
  const count = ni * nj * nk;
  let max = 0;
  for (let i = 0; i < count; i++) if (volume.labels[i]! > max) max = volume.labels[i]!;
  const type = TYPES[options.datatype ?? (max <= 255 ? "uint8" : max <= 65535 ? "uint16" : "int32")];
  const out = new Uint8Array(352 + count * type.bytes);
  const v = new DataView(out.buffer);
  v.setInt32(0, 348, true);
  [3, ni, nj, nk, 1, 1, 1, 1].forEach((d, i) => {
    v.setInt16(40 + 2 * i, d, true);
  });
  v.setInt16(70, type.code, true);
  v.setInt16(72, 8 * type.bytes, true);
  const A = volume.affine;
  const q = affineToQuaternion(A);
  [q.qfac, ...volume.spacingMm, 1, 1, 1, 1].forEach((p, i) => {
    v.setFloat32(76 + 4 * i, p, true);
  });
  v.setFloat32(108, 352, true);
  v.setFloat32(112, 1, true);
  v.setUint8(123, 2); // xyzt_units: mm
  v.setInt16(252, 1, true);
  v.setInt16(254, 1, true);
  [q.b, q.c, q.d, A[0]![3]!, A[1]![3]!, A[2]![3]!].forEach((x, i) => {
    v.setFloat32(256 + 4 * i, x, true);
  });
  for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) v.setFloat32(280 + 16 * r + 4 * c, A[r]![c]!, true);
  out.set([0x6e, 0x2b, 0x31, 0], 344); // "n+1\0"
  for (let i = 0; i < count; i++) {
    const x = volume.labels[i]!;
    const at = 352 + i * type.bytes;
    if (type.code === 2) v.setUint8(at, x);
    else if (type.code === 4) v.setInt16(at, x, true);
    else if (type.code === 512) v.setUint16(at, x, true);
    else if (type.code === 8) v.setInt32(at, x, true);
    else v.setFloat32(at, x, true);
  }
  return options.gzip ? gzipSync(out) : out;
}

export function writeLabelVolume(volume: LabelVolume, path: string, options: EncodeOptions = {}): void {
  writeFileSync(path, encodeLabelVolume(volume, { gzip: path.endsWith(".gz"), ...options }));
}

/** The qform quaternion of the affine's rotation (nifti1_io's mat44_to_quatern, for orthogonal axes). */
function affineToQuaternion(A: LabelVolume["affine"]): { b: number; c: number; d: number; qfac: number } {
  const col = (j: number) => {
    const x = [A[0]![j]!, A[1]![j]!, A[2]![j]!];
    const n = Math.hypot(x[0]!, x[1]!, x[2]!) || 1;
    return x.map((e) => e / n);
  };
  const [r1, r2, r3] = [col(0), col(1), col(2)] as [number[], number[], number[]];
  const det =
    r1[0]! * (r2[1]! * r3[2]! - r2[2]! * r3[1]!) -
    r2[0]! * (r1[1]! * r3[2]! - r1[2]! * r3[1]!) +
    r3[0]! * (r1[1]! * r2[2]! - r1[2]! * r2[1]!);
  const qfac = det < 0 ? -1 : 1;
  if (qfac < 0) for (let i = 0; i < 3; i++) r3[i] = -r3[i]!;
  // R[row][col] with columns r1, r2, r3.
  const R = (i: number, j: number) => [r1, r2, r3][j]![i]!;
  const trace = R(0, 0) + R(1, 1) + R(2, 2);
  let a: number;
  let b: number;
  let c: number;
  let d: number;
  if (trace > 0) {
    a = 0.5 * Math.sqrt(1 + trace);
    b = (R(2, 1) - R(1, 2)) / (4 * a);
    c = (R(0, 2) - R(2, 0)) / (4 * a);
    d = (R(1, 0) - R(0, 1)) / (4 * a);
  } else if (R(0, 0) > R(1, 1) && R(0, 0) > R(2, 2)) {
    b = 0.5 * Math.sqrt(1 + R(0, 0) - R(1, 1) - R(2, 2));
    a = (R(2, 1) - R(1, 2)) / (4 * b);
    c = (R(0, 1) + R(1, 0)) / (4 * b);
    d = (R(0, 2) + R(2, 0)) / (4 * b);
  } else if (R(1, 1) > R(2, 2)) {
    c = 0.5 * Math.sqrt(1 - R(0, 0) + R(1, 1) - R(2, 2));
    a = (R(0, 2) - R(2, 0)) / (4 * c);
    b = (R(0, 1) + R(1, 0)) / (4 * c);
    d = (R(1, 2) + R(2, 1)) / (4 * c);
  } else {
    d = 0.5 * Math.sqrt(1 - R(0, 0) - R(1, 1) + R(2, 2));
    a = (R(1, 0) - R(0, 1)) / (4 * d);
    b = (R(0, 2) + R(2, 0)) / (4 * d);
    c = (R(1, 2) + R(2, 1)) / (4 * d);
  }
  // NIfTI stores b, c, d with a ≥ 0.
  if (a < 0) [b, c, d] = [-b, -c, -d];
  return { b, c, d, qfac };
}
