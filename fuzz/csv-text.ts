// Building and mutating the CSV text of a table for the fuzzer: cells by kind (what a valid value
// looks like, which spellings must be refused), whole-file transformations that must not change the
// result (BOM, CRLF, quoting, padding, blank lines, row order) and structural damage (ragged rows,
// unclosed quotes, other delimiters, broken encodings) that must end in a clear error or a result.
import type { Rng } from "./rng.ts";

export type CellKind = "binary" | "decimal" | "count" | "category" | "name";

/** Spellings a statistics table must refuse in a cell of this kind (issue 11 item 11). */
export const INVALID: Record<CellKind, readonly string[]> = {
  decimal: [
    "0x1A",
    "1e3",
    "1E-2",
    "Infinity",
    "-Infinity",
    "NaN",
    "NA",
    "",
    "abc",
    "1,5",
    "--1",
    "1.2.3",
    ".",
    "0b101",
    "1_000",
    "١٢",
    "12abc",
    "9".repeat(400),
    "0o17",
    "#N/A",
    "½",
  ],
  count: [
    "0x10",
    "1e1",
    "1.0",
    "-3",
    "2.5",
    "Infinity",
    "NaN",
    "NA",
    "",
    "abc",
    "99999999999999999999",
    "½",
    "٣",
  ],
  binary: ["maybe", "2", "", "NA", "-1", "yes!", "0x1", "1e0", "NaN"],
  category: ["", "NA", "N/A", "#N/A", "NaN", "null"],
  name: [""],
};

/** Unusual but valid spellings: the table must be read, with the value as written. */
export const EDGE: Partial<Record<CellKind, readonly string[]>> = {
  decimal: [
    "-0",
    "+3.5",
    ".5",
    "5.",
    "0.000000000000000000001",
    `1${"0".repeat(300)}`,
    "-123456789.125",
    "007",
  ],
  count: ["0", "007", "1000000"],
  binary: ["TRUE", "Pos", "yes", "NEGATIVE", "No", "false"],
};

export interface Table {
  header: string[];
  rows: string[][];
}

export interface Layout {
  bom: boolean;
  crlf: boolean;
  quoteAll: boolean;
  pad: boolean;
  blankLines: boolean;
  noFinalNewline: boolean;
}

export const PLAIN: Layout = {
  bom: false,
  crlf: false,
  quoteAll: false,
  pad: false,
  blankLines: false,
  noFinalNewline: false,
};

export function randomLayout(rng: Rng): Layout {
  return {
    bom: rng.chance(0.3),
    crlf: rng.chance(0.3),
    quoteAll: rng.chance(0.3),
    pad: rng.chance(0.3),
    blankLines: rng.chance(0.2),
    noFinalNewline: rng.chance(0.2),
  };
}

const quote = (c: string) => `"${c.replaceAll('"', '""')}"`;
const needsQuote = (c: string) => /[",\r\n]/.test(c) || c !== c.trim();

/** CSV text; with a layout that changes only the spelling of the file, never its content. */
export function csvText(t: Table, layout: Layout = PLAIN): string {
  const cell = (c: string) => {
    const q = layout.quoteAll || needsQuote(c) ? quote(c) : c;
    return layout.pad && !q.startsWith('"') ? ` ${q} ` : q;
  };
  const nl = layout.crlf ? "\r\n" : "\n";
  const lines = [t.header, ...t.rows].map((r) => r.map(cell).join(","));
  let text = lines.join(layout.blankLines ? `${nl}${nl}` : nl);
  if (!layout.noFinalNewline) text += nl;
  return (layout.bom ? "\uFEFF" : "") + text;
}

/** 1-based file line of data row `i` (header = line 1) in the text csvText writes. */
export const rowLine = (i: number, layout: Layout) => (layout.blankLines ? 3 + 2 * i : 2 + i);

export const STRUCTURAL = [
  "ragged-row",
  "short-row",
  "unclosed-quote",
  "semicolon",
  "tab",
  "header-renamed",
  "header-duplicated",
  "header-only",
  "empty-file",
  "invalid-utf8",
  "nul-byte",
  "long-line",
  "stray-quote",
  "latin1",
] as const;

/** The 1-based file line structural() damages for a row-level kind (same generator state). */
export function damagedLine(text: string, rng: Rng): number {
  return rng.int(1, Math.max(1, text.split("\n").length - 2)) + 1;
}

/** Damages the file's structure; the command must report it (or read what is readable), never crash. */
export function structural(text: string, kind: (typeof STRUCTURAL)[number], rng: Rng): string | Uint8Array {
  const lines = text.split("\n");
  const row = rng.int(1, Math.max(1, lines.length - 2));
  switch (kind) {
    case "ragged-row":
      lines[row] = `${lines[row]},extra`;
      return lines.join("\n");
    case "short-row":
      lines[row] = lines[row]!.split(",").slice(0, -1).join(",");
      return lines.join("\n");
    case "unclosed-quote":
      lines[row] = `"${lines[row]}`;
      return lines.join("\n");
    case "stray-quote":
      lines[row] = lines[row]!.replace(",", ',x"y,').replace(/,[^,]*$/, "");
      return lines.join("\n");
    case "semicolon":
      return text.replaceAll(",", ";");
    case "tab":
      return text.replaceAll(",", "\t");
    case "header-renamed":
      lines[0] = lines[0]!.replace(/^(\uFEFF)?[^,]+/, "$1Renamed");
      return lines.join("\n");
    case "header-duplicated": {
      const cols = lines[0]!.split(",");
      cols[cols.length - 1] = cols[0]!;
      lines[0] = cols.join(",");
      return lines.join("\n");
    }
    case "header-only":
      return `${lines[0]}\n`;
    case "empty-file":
      return "";
    case "invalid-utf8":
      return Buffer.concat([
        Buffer.from(lines.slice(0, row).join("\n")),
        Buffer.from([0x0a, 0xff, 0xfe, 0xc3, 0x28]),
        Buffer.from(lines.slice(row).join("\n")),
      ]);
    case "nul-byte":
      lines[row] = `${lines[row]}\u0000`;
      return lines.join("\n");
    case "long-line":
      lines[row] = `${lines[row]}${"9".repeat(200_000)}`;
      return lines.join("\n");
    case "latin1":
      return Buffer.from(text.replace(/^([^,\n]*)/m, "$1é"), "latin1");
  }
}
