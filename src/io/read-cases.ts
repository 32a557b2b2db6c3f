// Reading case documents from a file, a folder of *.json files, or NDJSON (a file or stdin). Every
// record is validated on its own, so valid records around a bad one are still assessed; errors carry
// the source (file, NDJSON line) and the JSON path, never the patient identifier.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { type Case, type InputError, parseCase } from "../engine/index.ts";
import { type CsvIssue, formatCsvIssue, importCsvFolder, isCsvCohortFolder } from "./csv-import.ts";

export interface CaseRecord {
  /** Where the record came from, for messages: `file.json` or `cohort.ndjson:12`. */
  source: string;
  result: { ok: true; value: Case } | { ok: false; errors: InputError[] };
}

export class SourceError extends Error {}

function decode(source: string, text: string): CaseRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return {
      source,
      result: { ok: false, errors: [{ path: "$", message: `invalid JSON: ${(e as Error).message}` }] },
    };
  }
  return { source, result: parseCase(value) };
}

/** One record per non-empty line. */
export function readNdjson(text: string, name: string): CaseRecord[] {
  const records: CaseRecord[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() !== "") records.push(decode(`${name}:${i + 1}`, line));
  });
  return records;
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SourceError(
      `${path}: cannot read (${code === "ENOENT" ? "no such file or folder" : (code ?? "error")})`,
    );
  }
}

/** A path: a folder (every *.json and *.ndjson in it, sorted), an NDJSON file, or one JSON case. */
export function readCasesFromPath(path: string): CaseRecord[] {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    throw new SourceError(`${path}: no such file or folder`);
  }
  if (isDir && isCsvCohortFolder(path)) return readCsvFolder(path);
  if (isDir) {
    const names = readdirSync(path)
      .filter((n) => n.endsWith(".json") || n.endsWith(".ndjson"))
      .sort();
    if (names.length === 0) throw new SourceError(`${path}: no *.json or *.ndjson files in this folder`);
    return names.flatMap((n) => readCasesFromPath(join(path, n)));
  }
  const text = readText(path);
  if (path.endsWith(".ndjson") || path.endsWith(".jsonl")) return readNdjson(text, path);
  return [decode(path, text)];
}

/** A folder in the long CSV layout (docs/csv-format.md): one record per patient in patients.csv. */
function readCsvFolder(dir: string): CaseRecord[] {
  const { cases, issues } = importCsvFolder(dir);
  const asErrors = (list: CsvIssue[]): InputError[] =>
    list.map((i) => ({ path: formatCsvIssue(i), message: "" }));
  const records: CaseRecord[] = cases.map((c) => ({
    source: join(dir, c.source),
    result: c.result.ok ? c.result : { ok: false, errors: asErrors(c.result.issues) },
  }));
  if (issues.length > 0) records.push({ source: dir, result: { ok: false, errors: asErrors(issues) } });
  return records;
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Reads every input: paths, or NDJSON on stdin when the only input is "-". */
export async function readCases(inputs: ReadonlyArray<string>): Promise<CaseRecord[]> {
  const records: CaseRecord[] = [];
  for (const input of inputs) {
    if (input === "-") records.push(...readNdjson(await readStdin(), "stdin"));
    else records.push(...readCasesFromPath(input));
  }
  return records;
}

export function formatInputErrors(record: CaseRecord): string[] {
  return record.result.ok
    ? []
    : record.result.errors.map((e) => `${record.source}: ${e.path}${e.message ? `: ${e.message}` : ""}`);
}
