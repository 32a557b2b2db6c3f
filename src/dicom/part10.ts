// DICOM Part 10 files through dcmjs: naturalized dataset ↔ bytes. Errors name the file and the problem.
import dcmjs, { type NaturalDataset } from "dcmjs";
import { DicomInputError } from "./errors.ts";

const { DicomMessage, DicomMetaDictionary } = dcmjs.data;
// dcmjs logs warnings (e.g. about private tags) through loglevel; RANOkit reports problems itself.
dcmjs.log?.setLevel?.("error");

/** Explicit VR little endian, with a file meta header (dcmjs fills the group length and versions). */
export function datasetToPart10(dataset: NaturalDataset): Uint8Array {
  const dict = dcmjs.data.datasetToDict({ ...dataset, _meta: {} });
  return new Uint8Array(dict.write());
}

export function isPart10(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 132 &&
    bytes[128] === 0x44 &&
    bytes[129] === 0x49 &&
    bytes[130] === 0x43 &&
    bytes[131] === 0x4d
  );
}

/** Parses a Part 10 file into a naturalized dataset (meta header in `_meta`). */
export function readPart10(bytes: Uint8Array, source: string): NaturalDataset {
  if (bytes.length === 0) throw new DicomInputError(source, "empty file");
  if (!isPart10(bytes))
    throw new DicomInputError(source, "not a DICOM Part 10 file (no DICM prefix at byte 128)");
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let parsed: ReturnType<typeof DicomMessage.readFile>;
  try {
    parsed = DicomMessage.readFile(buffer);
  } catch (e) {
    const why = (e as Error).message || String(e);
    throw new DicomInputError(source, `truncated or malformed DICOM (${why.split("\n")[0]})`);
  }
  const dataset = DicomMetaDictionary.naturalizeDataset(parsed.dict);
  dataset._meta = DicomMetaDictionary.naturalizeDataset(parsed.meta);
  return dataset;
}
