// One entry point for mask files: DICOM SEG (Part 10, "DICM" at byte 128) or NIfTI (everything else),
// both giving the same LabelVolume. measure and track call this instead of the NIfTI reader.
import { readFileSync } from "node:fs";
import { readLabelVolume } from "../../imaging/nifti/read-label-volume.ts";
import type { LabelVolume } from "../../imaging/types.ts";
import { DicomInputError } from "../errors.ts";
import { isPart10, readPart10 } from "../part10.ts";
import { readSegmentation, type SegmentMapping } from "./read-seg.ts";

export function isDicomFile(path: string): boolean {
  try {
    const head = readFileSync(path).subarray(0, 132);
    return isPart10(head);
  } catch {
    return false;
  }
}

export function readMaskVolume(path: string, mapping?: SegmentMapping): LabelVolume {
  if (!isDicomFile(path)) return readLabelVolume(path);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new DicomInputError(path, `cannot read: ${(e as Error).message}`);
  }
  return readSegmentation(readPart10(bytes, path), path, mapping);
}
