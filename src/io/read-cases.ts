// Reading case documents from files, folders (*.json / *.ndjson, or the long CSV layout) and NDJSON on
// stdin, as a stream: one record at a time, so memory stays bounded whatever the input size. Every
// record is validated on its own, so valid records around a bad one are still assessed; a record's
// errors carry their source (file, NDJSON line, CSV file:line (column)) and the JSON path, never the
// patient identifier. A patient seen twice (in any mix of inputs) is an error at the second source.
import { createReadStream, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { type Case, decodeJson, type InputError, parseCase } from "../engine/index.ts";
import { CSV_FILES, csvIssueSource, importCsvFolder, isCsvCohortFolder } from "./csv-import.ts";
import { hasBom, invalidUtf8Offset } from "./utf8.ts";

/** One problem of a record; `source` overrides the record's source (a CSV cell, a skipped row). */
export interface RecordError extends InputError {
  source?: string;
}

export interface CaseRecord {
  /** Where the record came from, for messages: `file.json`, `cohort.ndjson:12`, `dir/patients.csv:3`. */
  source: string;
  result: { ok: true; value: Case } | { ok: false; errors: RecordError[] };
  /** Where the patient id sits, for the duplicate message (CSV: the patient_id cell). */
  idAt?: RecordError;
  /** The input held no record at all (empty stdin or file): an error, but not a record to count. */
  noInput?: boolean;
}

const problem = (source: string, message: string, path = ""): CaseRecord => ({
  source,
  result: { ok: false, errors: [{ path, message }] },
});

function decode(source: string, text: string): CaseRecord {
  const decoded = decodeJson(text);
  return { source, result: decoded.ok ? parseCase(decoded.value) : { ok: false, errors: [decoded.error] } };
}

/** NDJSON from a byte stream: one record per non-blank line, split on bytes so that an invalid UTF-8
 * sequence is reported with its byte offset in the input. */
export async function* ndjsonRecords(
  stream: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  name: string,
): AsyncGenerator<CaseRecord> {
  let pending: Buffer | null = null;
  let lineNo = 0;
  let lineOffset = 0; // byte offset of the current line's start in the whole input
  let records = 0;
  const one = (buf: Buffer, start: number, end: number): CaseRecord | null => {
    lineNo++;
    const at = lineOffset;
    lineOffset += end - start + 1;
    let s = start;
    let e = end;
    if (e > s && buf[e - 1] === 0x0d) e--;
    if (lineNo === 1 && hasBom(buf, s)) s += 3;
    while (s < e && (buf[s] === 0x20 || buf[s] === 0x09)) s++;
    if (s === e) return null;
    records++;
    const source = `${name}:${lineNo}`;
    const bad = invalidUtf8Offset(buf, s, e);
    if (bad >= 0) {
      return problem(
        source,
        `not UTF-8 text: invalid byte at byte offset ${at + (s - start) + bad} of ${name}`,
      );
    }
    return decode(source, buf.toString("utf8", s, e));
  };
  for await (const chunk of stream) {
    const buf: Buffer = pending
      ? Buffer.concat([pending, Buffer.from(chunk)])
      : Buffer.isBuffer(chunk)
        ? chunk
        : Buffer.from(chunk);
    let pos = 0;
    for (let nl = buf.indexOf(0x0a, pos); nl !== -1; nl = buf.indexOf(0x0a, pos)) {
      const r = one(buf, pos, nl);
      if (r) yield r;
      pos = nl + 1;
    }
    pending = pos < buf.length ? buf.subarray(pos) : null;
  }
  if (pending) {
    const r = one(pending, 0, pending.length);
    if (r) yield r;
  }
  if (records === 0) {
    yield { ...problem(name, "no input: no case records (NDJSON has one case per line)"), noInput: true };
  }
}

/** NDJSON text already in memory (tests, library callers). */
export async function readNdjson(text: string, name: string): Promise<CaseRecord[]> {
  const out: CaseRecord[] = [];
  for await (const r of ndjsonRecords([Buffer.from(text)], name)) out.push(r);
  return out;
}

function readJsonFile(path: string): CaseRecord {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    return problem(path, `cannot read (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
  const bad = invalidUtf8Offset(bytes);
  if (bad >= 0) return problem(path, `not UTF-8 text: invalid byte at byte offset ${bad}`);
  const text = bytes.toString("utf8", hasBom(bytes) ? 3 : 0);
  if (text.trim() === "") return { ...problem(path, "no input: the file is empty"), noInput: true };
  return decode(path, text);
}

/** A folder in the long CSV layout (docs/csv-format.md): one record per patient in patients.csv. */
function* csvFolderRecords(dir: string): Generator<CaseRecord> {
  const { cases, issues } = importCsvFolder(dir);
  const errors = (list: typeof issues): RecordError[] =>
    list.map((i) => ({ source: join(dir, csvIssueSource(i)), path: i.path ?? "", message: i.message }));
  for (const c of cases) {
    const source = join(dir, c.source);
    yield {
      source,
      result: c.result.ok ? c.result : { ok: false, errors: errors(c.result.issues) },
      idAt: { source: `${source} (column patient_id)`, path: "", message: "" },
    };
  }
  if (issues.length > 0) yield { source: dir, result: { ok: false, errors: errors(issues) } };
}

function folderHint(path: string): string {
  const names = new Set(readdirSync(path));
  const csv = CSV_FILES.filter((f) => names.has(f));
  return csv.length > 0
    ? `no *.json or *.ndjson files, and no patients.csv: a folder in the long CSV layout needs patients.csv beside ${csv.join(", ")} (docs/csv-format.md)`
    : "no *.json or *.ndjson files, and no patients.csv of the long CSV layout (docs/csv-format.md) in this folder";
}

/** A path: a folder (the long CSV layout, or every *.json and *.ndjson in it, sorted), an NDJSON file,
 * or one JSON case. */
export async function* pathRecords(path: string): AsyncGenerator<CaseRecord> {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    yield problem(path, "cannot read (no such file or folder)");
    return;
  }
  if (isDir && isCsvCohortFolder(path)) {
    yield* csvFolderRecords(path);
    return;
  }
  if (isDir) {
    const names = readdirSync(path)
      .filter((n) => n.endsWith(".json") || n.endsWith(".ndjson") || n.endsWith(".jsonl"))
      .sort();
    if (names.length === 0) yield problem(path, folderHint(path));
    for (const n of names) yield* pathRecords(join(path, n));
    return;
  }
  if (path.endsWith(".ndjson") || path.endsWith(".jsonl")) {
    yield* ndjsonRecords(createReadStream(path), path);
    return;
  }
  yield readJsonFile(path);
}

/** Every input in order (paths, or "-" for NDJSON on stdin), with patients seen twice turned into errors
 * at the second source: a patient is never assessed or counted twice. */
export async function* streamCases(
  inputs: ReadonlyArray<string>,
  stdin: Readable = process.stdin,
): AsyncGenerator<CaseRecord> {
  const seen = new Map<string, string>();
  for (const input of inputs) {
    const records = input === "-" ? ndjsonRecords(stdin, "stdin") : pathRecords(input);
    for await (const record of records) {
      if (!record.result.ok) {
        yield record;
        continue;
      }
      const id = record.result.value.patient.id;
      const first = seen.get(id);
      if (first === undefined) {
        seen.set(id, record.source);
        yield record;
        continue;
      }
      const at = record.idAt ?? { path: "$.patient.id", message: "" };
      yield {
        source: record.source,
        result: {
          ok: false,
          errors: [
            {
              ...at,
              message: `duplicate patient: the same patient id as ${first}; only the first is assessed`,
            },
          ],
        },
      };
    }
  }
}

/** All records in memory (single-file commands and tests; the batch commands stream). */
export async function readCases(inputs: ReadonlyArray<string>, stdin?: Readable): Promise<CaseRecord[]> {
  const out: CaseRecord[] = [];
  for await (const r of streamCases(inputs, stdin)) out.push(r);
  return out;
}

/** The common error format of every command: `source: JSON path: problem` (path omitted when unknown). */
export function formatRecordError(source: string, e: RecordError): string {
  return `${e.source ?? source}: ${e.path ? `${e.path}: ` : ""}${e.message}`;
}

export function formatInputErrors(record: CaseRecord): string[] {
  return record.result.ok ? [] : record.result.errors.map((e) => formatRecordError(record.source, e));
}
