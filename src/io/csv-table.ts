// Generic CSV table reading for the analysis commands (statistics, measurement tables): one header row,
// every row remembers its line so a problem is reported as file:line (column). csv-parse does the
// parsing; this module only adds the line bookkeeping and the header checks every command needs.
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";

export interface TableRow {
  /** 1-based line of the row in the file (the header is line 1). */
  line: number;
  cells: Record<string, string>;
}

export interface CsvTable {
  file: string;
  header: string[];
  rows: TableRow[];
}

/** A problem with one place of an input table; `format()` gives "file:line (column): message". */
export class TableError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly column: string | undefined,
    readonly problem: string,
  ) {
    super(
      `${file}${line !== undefined ? `:${line}` : ""}${column !== undefined ? ` (${column})` : ""}: ${problem}`,
    );
    this.name = "TableError";
  }
}

/** Several table problems at once (a TableError for the first, listing all); in file order. */
export class TableProblems extends TableError {
  constructor(readonly problems: TableError[]) {
    const first = problems[0]!;
    super(first.file, first.line, first.column, first.problem);
    // One "ranokit: " line per problem once the CLI prefixes the first (as failOnCellErrors does).
    this.message = problems.map((p) => p.message).join("\nranokit: ");
    this.name = "TableProblems";
  }
}

const problemsOf = (list: TableError[]) => (list.length === 1 ? list[0]! : new TableProblems(list));

/**
 * Parses CSV text. Malformed CSV (an unclosed quote) is one TableError; rows with more or fewer cells
 * than the header and header names given twice are listed all at once (TableProblems), each with its
 * line, so a ragged export can be fixed in one go.
 */
export function parseCsvTable(text: string, file: string): CsvTable {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      info: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
      relax_column_count: true,
    }) as unknown as typeof records;
  } catch (e) {
    throw new TableError(
      file,
      (e as { lines?: number }).lines,
      undefined,
      `unreadable CSV: ${(e as Error).message}`,
    );
  }
  const [first, ...rest] = records;
  const header = (first?.record ?? []).map((c) => c.trim());
  const problems: TableError[] = [];
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) problems.push(new TableError(file, 1, h, `column "${h}" is in the header twice`));
    seen.add(h);
  }
  if (header.length === 1 && /;/.test(header[0]!))
    problems.push(
      new TableError(file, 1, undefined, "the header looks semicolon-separated; the file must use commas"),
    );
  const rows: TableRow[] = [];
  for (const r of rest) {
    if (r.record.length !== header.length) {
      problems.push(
        new TableError(
          file,
          r.info.lines,
          undefined,
          `${r.record.length} cell(s); the header has ${header.length}`,
        ),
      );
      continue;
    }
    const cells: Record<string, string> = Object.create(null);
    header.forEach((h, i) => {
      cells[h] = r.record[i]!;
    });
    rows.push({ line: r.info.lines, cells });
  }
  if (problems.length > 0) throw problemsOf(problems);
  return { file, header, rows };
}

export function readCsvTable(path: string): CsvTable {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new TableError(path, undefined, undefined, `cannot read file: ${(e as Error).message}`);
  }
  return parseCsvTable(text, path);
}

/** Throws TableError naming every required column the header lacks. */
export function requireColumns(table: CsvTable, columns: readonly string[]): void {
  const missing = columns.filter((c) => !table.header.includes(c));
  if (missing.length > 0) {
    throw new TableError(
      table.file,
      1,
      undefined,
      `missing column(s) ${missing.join(", ")}; the header has ${table.header.join(", ") || "no columns"}`,
    );
  }
}

// Numbers in a statistics table are plain decimals: `Number()` would also read "0x10" as 16, "1e1"
// as 10, "Infinity" and " " as 0, so a spreadsheet artefact could silently become data (issue 11).
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const COUNT = /^\d+$/;
/** Spellings of "no value" that spreadsheets and R/SAS exports write into cells (case-insensitive). */
const MISSING = new Set(["na", "n/a", "#n/a", "nan", "null", "none", "."]);

/** True for an empty cell or a missing-value spelling such as NA, N/A, #N/A, NaN, NULL or ".". */
export function isMissingValue(raw: string): boolean {
  const v = raw.trim();
  return v === "" || MISSING.has(v.toLowerCase());
}

/** Why `raw` is not a plain decimal number, or null when it is one (finite, in range). */
export function notDecimalReason(raw: string): string | null {
  const v = raw.trim();
  if (isMissingValue(v)) return v === "" ? "empty cell: a number is needed" : `missing value ("${v}")`;
  if (!DECIMAL.test(v)) {
    if (/^[+-]?\d+,\d+$/.test(v)) return `"${v}" has a decimal comma: write a decimal point (e.g. 1.5)`;
    if (/^[+-]?(?:\d+\.?\d*|\.\d+)e[+-]?\d+$/i.test(v))
      return `"${v}" is in exponent notation: write a plain decimal number`;
    return `"${v}" is not a plain decimal number (digits with an optional sign and decimal point)`;
  }
  if (!Number.isFinite(Number(v))) return `"${v.slice(0, 20)}…" is out of range`;
  return null;
}

/** Reads a plain decimal number (e.g. 12, -0.5, .25) from a cell, or throws TableError at that cell. */
export function numberCell(table: CsvTable, row: TableRow, column: string): number {
  const raw = row.cells[column] ?? "";
  const reason = notDecimalReason(raw);
  if (reason !== null) throw new TableError(table.file, row.line, column, reason);
  return Number(raw.trim());
}

/** Reads a count (a whole number ≥ 0 written with digits only), or throws TableError at that cell. */
export function countCell(table: CsvTable, row: TableRow, column: string): number {
  const raw = (row.cells[column] ?? "").trim();
  const value = Number(raw);
  if (!COUNT.test(raw) || !Number.isSafeInteger(value)) {
    const why =
      notDecimalReason(raw) ?? (value < 0 ? `"${raw}" is negative` : `"${raw}" is not a whole number`);
    throw new TableError(
      table.file,
      row.line,
      column,
      `${why}; a count is a whole number ≥ 0 written with digits only`,
    );
  }
  return value;
}
