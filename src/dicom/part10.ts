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
  // dcmjs accepts some truncated files silently (a file cut inside its last element, or between two
  // elements); walking the element lengths finds them.
  const cut = truncationPoint(
    bytes,
    String(DicomMetaDictionary.naturalizeDataset(parsed.meta).TransferSyntaxUID ?? ""),
  );
  if (cut !== undefined) throw new DicomInputError(source, `truncated: ${cut}`);
  const dataset = DicomMetaDictionary.naturalizeDataset(parsed.dict);
  dataset._meta = DicomMetaDictionary.naturalizeDataset(parsed.meta);
  return dataset;
}

const LONG_VRS = new Set(["OB", "OW", "OF", "OD", "OL", "OV", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"]);
const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, "0");

/** Where the element structure runs past the end of the file, or undefined when it is complete.
 * Little-endian transfer syntaxes only (explicit and implicit VR); others are not checked. */
export function truncationPoint(bytes: Uint8Array, transferSyntax: string): string | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = bytes.length;
  if (view.getUint16(132, true) !== 0x0002 || view.getUint16(134, true) !== 0x0000) return undefined;
  const metaLength = view.getUint32(140, true);
  let offset = 144 + metaLength;
  if (offset > size) return "the file meta header is incomplete";
  const implicit = transferSyntax === "1.2.840.10008.1.2";
  if (
    !implicit &&
    transferSyntax !== "1.2.840.10008.1.2.1" &&
    !transferSyntax.startsWith("1.2.840.10008.1.2.4")
  )
    return undefined;
  class Cut extends Error {}
  const need = (at: number, n: number, what: string) => {
    if (at + n > size) throw new Cut(what);
  };
  // Walks elements from `at` until `end` (defined length) or a delimiter (undefined length).
  const walk = (at: number, end: number, undefinedLength: boolean): number => {
    while (undefinedLength || at < end) {
      need(at, 8, "inside an element header");
      const group = view.getUint16(at, true);
      const element = view.getUint16(at + 2, true);
      const tag = `(${hex(group)},${hex(element)})`;
      if (group === 0xfffe) {
        const length = view.getUint32(at + 4, true);
        if (element === 0xe00d || element === 0xe0dd) return at + 8;
        if (length === 0xffffffff) at = walk(at + 8, size, true);
        else {
          need(at + 8, length, `in a sequence item ending after ${tag}`);
          at = walk(at + 8, at + 8 + length, false);
        }
        continue;
      }
      let header = 8;
      let length: number;
      let sequence = false;
      if (implicit) length = view.getUint32(at + 4, true);
      else {
        const vr = String.fromCharCode(bytes[at + 4]!, bytes[at + 5]!);
        if (LONG_VRS.has(vr)) {
          need(at, 12, `in the header of ${tag}`);
          header = 12;
          length = view.getUint32(at + 8, true);
        } else length = view.getUint16(at + 6, true);
        sequence = vr === "SQ";
      }
      if (length === 0xffffffff) at = walk(at + header, size, true);
      else {
        need(at + header, length, `${tag} promises ${length} bytes`);
        if (sequence) walk(at + header, at + header + length, false);
        at += header + length;
      }
    }
    return at;
  };
  try {
    walk(offset, size, false);
    offset = size;
  } catch (e) {
    if (e instanceof Cut) return `the file ends early (${e.message})`;
    throw e;
  }
  return undefined;
}

/** The header of a Part 10 file, up to the pixel data (QC reads only headers). */
export function readPart10Header(bytes: Uint8Array, source: string): NaturalDataset {
  if (bytes.length === 0) throw new DicomInputError(source, "empty file");
  if (!isPart10(bytes))
    throw new DicomInputError(source, "not a DICOM Part 10 file (no DICM prefix at byte 128)");
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    return DicomMetaDictionary.naturalizeDataset(
      DicomMessage.readFile(buffer, { untilTag: "7FE00010" }).dict,
    );
  } catch (e) {
    const why = (e as Error).message || String(e);
    throw new DicomInputError(source, `truncated or malformed DICOM (${why.split("\n")[0]})`);
  }
}
