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

/** Parses CSV text; throws TableError for malformed CSV (unclosed quotes, ragged rows). */
export function parseCsvTable(text: string, file: string): CsvTable {
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  let header: string[] = [];
  try {
    records = parse(text, {
      columns: (h: string[]) => {
        header = h.map((c) => c.trim());
        return header;
      },
      info: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
    });
  } catch (e) {
    throw new TableError(
      file,
      (e as { lines?: number }).lines,
      undefined,
      `unreadable CSV: ${(e as Error).message}`,
    );
  }
  return { file, header, rows: records.map((r) => ({ line: r.info.lines, cells: r.record })) };
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

/** Reads a finite number from a cell, or throws TableError at that cell. */
export function numberCell(table: CsvTable, row: TableRow, column: string): number {
  const raw = row.cells[column] ?? "";
  const value = raw === "" ? Number.NaN : Number(raw);
  if (!Number.isFinite(value)) {
    throw new TableError(table.file, row.line, column, `"${raw}" is not a number`);
  }
  return value;
}
