// Reading a site's pseudoprogression reference table (one row per lesion or patient: the outcome —
// true progression vs treatment effect, by pathology or follow-up — and the marker values) for
// `ranokit calibrate` and `ranokit workup-eval`. Empty marker cells mean "not measured". Values of
// known markers outside their plausible range are errors (an rCBV ratio given as a percentage would
// otherwise calibrate a threshold of 180). Every problem names file:line (column).
import { parseBinary } from "../stats/binary-values.ts";
import type { Direction } from "../stats/roc/index.ts";
import type { ReferenceRow } from "../workup/calibrate.ts";
import { markerDef } from "../workup/markers.ts";
import { type CsvTable, readCsvTable, requireColumns, TableError } from "./csv-table.ts";

const TUMOUR = new Set(["tumor", "tumour", "progression", "true_progression"]);
const TREATMENT = new Set(["treatment_effect", "pseudoprogression", "radiation_necrosis", "necrosis"]);

export const REFERENCE_SPELLINGS =
  "1/0, yes/no, pos/neg, true/false, tumour/treatment_effect, progression/pseudoprogression";

/** true = true progression, false = treatment effect, null = unreadable. */
export function parseOutcome(raw: string): boolean | null {
  const v = raw.trim().toLowerCase();
  if (TUMOUR.has(v)) return true;
  if (TREATMENT.has(v)) return false;
  return parseBinary(v);
}

export interface ReferenceTable {
  table: CsvTable;
  rows: ReferenceRow[];
  /** The line of each row in the file. */
  lines: number[];
  errors: TableError[];
  warnings: string[];
}

export function readReferenceTable(
  file: string,
  reference: string,
  markers: readonly { id: string; direction: Direction }[],
): ReferenceTable {
  return referenceTable(readCsvTable(file), reference, markers);
}

/** The reference rows of a parsed table (no I/O); cell problems are collected in `errors`. */
export function referenceTable(
  table: CsvTable,
  reference: string,
  markers: readonly { id: string; direction: Direction }[],
): ReferenceTable {
  const file = table.file;
  requireColumns(table, [reference, ...markers.map((m) => m.id)]);
  const errors: TableError[] = [];
  const warnings: string[] = [];
  for (const m of markers) {
    const def = markerDef(m.id);
    if (!def)
      warnings.push(
        `${m.id}: not a known advanced-imaging marker; it is calibrated but the work-up cannot read it from cases`,
      );
    else if (def.direction !== m.direction)
      warnings.push(
        `${m.id}: --direction ${m.direction}, but ${def.label} is ${def.direction} in tumour (Thust et al. 2018)`,
      );
  }
  const rows: ReferenceRow[] = [];
  const lines: number[] = [];
  for (const row of table.rows) {
    const raw = row.cells[reference] ?? "";
    const positive = parseOutcome(raw);
    let bad = false;
    if (positive === null) {
      bad = true;
      errors.push(
        new TableError(
          file,
          row.line,
          reference,
          raw === ""
            ? "missing outcome"
            : `outcome "${raw}" is neither true progression nor treatment effect (use ${REFERENCE_SPELLINGS})`,
        ),
      );
    }
    const values: Record<string, number | null> = {};
    for (const m of markers) {
      const cell = (row.cells[m.id] ?? "").trim();
      if (cell === "" || cell.toUpperCase() === "NA") {
        values[m.id] = null;
        continue;
      }
      const v = Number(cell);
      if (!Number.isFinite(v)) {
        bad = true;
        errors.push(new TableError(file, row.line, m.id, `"${cell}" is not a number`));
        continue;
      }
      const def = markerDef(m.id);
      if (def && (v < def.plausible[0] || v > def.plausible[1])) {
        bad = true;
        const hint =
          def.unit === "ratio" && v > def.plausible[1]
            ? ` — a percentage? give the ratio (e.g. ${v / 100})`
            : def.unit === "µm²/s" && v < def.plausible[0]
              ? ` — in 10⁻³ mm²/s? give µm²/s (e.g. ${v * 1000})`
              : "";
        errors.push(
          new TableError(
            file,
            row.line,
            m.id,
            `${v} is outside the plausible range ${def.plausible[0]}–${def.plausible[1]} ${def.unit} of ${def.label}${hint}`,
          ),
        );
        continue;
      }
      values[m.id] = v;
    }
    if (!bad && positive !== null) {
      rows.push({ positive, values });
      lines.push(row.line);
    }
  }
  return { table, rows, lines, errors, warnings };
}
