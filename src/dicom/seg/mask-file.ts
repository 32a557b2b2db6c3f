// One entry point for mask files: DICOM SEG (Part 10, "DICM" at byte 128) or NIfTI (everything else),
// both giving the same LabelVolume. measure and track call this instead of the NIfTI reader. dcmjs
// (~0.3 s to load) is imported only when a file is DICOM, so NIfTI runs start as fast as before.
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { readLabelVolume } from "../../imaging/nifti/read-label-volume.ts";
import type { LabelVolume } from "../../imaging/types.ts";
import { DicomInputError } from "../errors.ts";
import type { SegmentMapping } from "./read-seg.ts";

export function isDicomFile(path: string): boolean {
  try {
    const fd = openSync(path, "r");
    try {
      const head = Buffer.alloc(132);
      return readSync(fd, head, 0, 132, 0) === 132 && head.toString("latin1", 128, 132) === "DICM";
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

export async function readMaskVolume(path: string, mapping?: SegmentMapping): Promise<LabelVolume> {
  if (!isDicomFile(path)) return readLabelVolume(path);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new DicomInputError(path, `cannot read: ${(e as Error).message}`);
  }
  const [{ readPart10 }, { readSegmentation }] = await Promise.all([
    import("../part10.ts"),
    import("./read-seg.ts"),
  ]);
  return readSegmentation(readPart10(bytes, path), path, mapping);
}
