// Reading one CSV file of the long layout so that one bad row never costs the others: a ragged row, an
// unclosed quote or bytes that are not UTF-8 are reported as file:line (column) and skipped, the rows
// around them still load. csv-parse does the parsing; this module adds the recovery around it, the
// byte-order mark, and the delimiter of European spreadsheet exports (semicolon) or tab exports.
import { parse } from "csv-parse/sync";
import { hasBom, invalidUtf8Offset } from "./utf8.ts";

export interface CsvRowProblem {
  line: number;
  column?: string;
  message: string;
  /** The row's patient_id when it could still be read: that patient is incomplete. */
  patientId?: string;
}

export interface CsvRecords {
  header: string[];
  rows: Array<{ line: number; cells: Record<string, string> }>;
  problems: CsvRowProblem[];
  delimiter: string;
}

/** The delimiter of the header line: a comma, or a semicolon / tab when the header has no comma. */
export function detectDelimiter(headerLine: string): string {
  if (headerLine.includes(",")) return ",";
  if (headerLine.includes(";")) return ";";
  if (headerLine.includes("\t")) return "\t";
  return ",";
}

/** Best-effort patient_id of a row that could not be parsed (naive split, quotes dropped). */
function rawPatientId(line: string, delimiter: string, index: number): string | undefined {
  if (index < 0) return undefined;
  const v = line.split(delimiter)[index]?.trim().replace(/^"|"$/g, "");
  return v && !v.includes('"') && !v.includes("\uFFFD") ? v : undefined;
}

/** Lines of the bytes, with the lines that are not UTF-8 blanked out (reported with the file's byte offset). */
function decodeLines(bytes: Uint8Array, problems: CsvRowProblem[], blanked: Map<number, string>): string[] {
  const start = hasBom(bytes) ? 3 : 0;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8", start);
  const lines = text.split("\n");
  if (invalidUtf8Offset(bytes) < 0) return lines;
  let offset = start;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0, pos = start; pos <= buf.length; i++) {
    const nl = buf.indexOf(0x0a, pos);
    const end = nl < 0 ? buf.length : nl;
    const bad = invalidUtf8Offset(buf, pos, end);
    if (bad >= 0) {
      problems.push({
        line: i + 1,
        message: `not UTF-8 text: invalid byte at byte offset ${offset + bad}; the row is skipped (save the file as UTF-8)`,
      });
      blanked.set(i, lines[i] ?? "");
      lines[i] = "";
    }
    offset += end - pos + 1;
    pos = end + 1;
    if (nl < 0) break;
  }
  return lines;
}

export function readCsvRecords(bytes: Uint8Array): CsvRecords {
  const problems: CsvRowProblem[] = [];
  const blanked = new Map<number, string>();
  const lines = decodeLines(bytes, problems, blanked);
  const headerIndex = lines.findIndex((l) => l.trim() !== "");
  if (headerIndex < 0) return { header: [], rows: [], problems, delimiter: "," };
  const delimiter = detectDelimiter(lines[headerIndex]!);
  const rows: CsvRecords["rows"] = [];
  let header: string[] | undefined;
  // Known before parsing: the parser reports skipped rows while it runs, before the header record
  // reaches the loop below, and a skipped row must still name its patient (only that patient is lost).
  let patientIndex = lines[headerIndex]!.split(delimiter)
    .map((h) => h.trim().replace(/^"|"$/g, ""))
    .indexOf("patient_id");
  // Parse from `from` (0-based line index); on an unclosed quote, report the record where it opened and
  // parse again from the line after it, so the rest of the file is not swallowed into one field.
  let from = 0;
  while (from < lines.length) {
    const offset = from;
    let unclosed = false;
    let lastLine = offset;
    const records = parse(lines.slice(from).join("\n"), {
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      skip_records_with_error: true,
      on_skip: (e: { code?: string; lines?: number; message: string } | undefined) => {
        if (!e) return;
        if (e.code === "CSV_QUOTE_NOT_CLOSED") unclosed = true;
        else {
          const line = offset + (e.lines ?? 1);
          problems.push({
            line,
            message: `unreadable row: ${e.message.replace(/ at line \d+.*$/, "")}; the row is skipped`,
            patientId: rawPatientId(lines[line - 1] ?? "", delimiter, patientIndex),
          });
        }
      },
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
    for (const { record, info } of records) {
      const line = offset + info.lines;
      lastLine = line;
      if (!header) {
        header = record;
        patientIndex = header.indexOf("patient_id");
        continue;
      }
      if (record.length !== header.length) {
        const short = record.length < header.length;
        problems.push({
          line,
          column: short ? header[record.length] : String(record.length),
          message: short
            ? `the row has ${record.length} of the header's ${header.length} fields; the row is skipped`
            : `the row has ${record.length} fields, the header ${header.length}; the row is skipped`,
          patientId: patientIndex >= 0 ? record[patientIndex] || undefined : undefined,
        });
        continue;
      }
      rows.push({ line, cells: Object.fromEntries(header.map((h, k) => [h, record[k]!])) });
    }
    if (!unclosed) break;
    // The unclosed record starts on the first non-empty line after the last good record (`lastLine` is
    // 1-based, so it is also the 0-based index of the line after it).
    let start = lastLine;
    while (start < lines.length && lines[start]!.trim() === "") start++;
    problems.push({
      line: start + 1,
      message: "a quoted field is never closed; the row is skipped and reading resumes on the next line",
      patientId: rawPatientId(lines[start] ?? "", delimiter, patientIndex),
    });
    from = start + 1;
  }
  for (const [i, raw] of blanked) {
    const p = problems.find((x) => x.line === i + 1);
    if (p && i !== headerIndex) p.patientId = rawPatientId(raw, delimiter, patientIndex);
  }
  problems.sort((a, b) => a.line - b.line);
  return { header: header ?? [], rows, problems, delimiter };
}
