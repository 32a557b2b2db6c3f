// Shared formatting and input helpers for the statistics commands (roc, agreement, pool).
import type { ProportionEstimate } from "../../endpoints/proportion-ci.ts";
import type { CsvTable, TableError } from "../../io/csv-table.ts";
import { UsageError } from "../commands/assess.ts";

/** Fixed decimals, Unicode minus; "—" for null (never "NaN"). */
export function fmt(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "—";
  const s = x.toFixed(digits);
  return s.startsWith("-") ? `−${s.slice(1)}` : s;
}

export const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(1)}%`);

export function propText(p: ProportionEstimate): string {
  if (p.estimate === null) return "undefined (no cases)";
  return `${pct(p.estimate)} (${p.count}/${p.total}; 95% CI ${pct(p.lower)}–${pct(p.upper)})`;
}

export function ci(lower: number | null, upper: number | null, digits = 3): string {
  return lower === null || upper === null
    ? "CI undefined"
    : `95% CI ${fmt(lower, digits)} to ${fmt(upper, digits)}`;
}

export function checkFormat(format: string): "table" | "json" {
  if (format !== "table" && format !== "json")
    throw new UsageError(`--format must be table or json (got "${format}")`);
  return format;
}

export function splitList(option: string, raw: string): string[] {
  const items = raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (items.length === 0) throw new UsageError(`${option} needs at least one name`);
  if (new Set(items).size !== items.length) throw new UsageError(`${option} lists a name twice: ${raw}`);
  return items;
}

/**
 * Reports every cell problem of a table (all of them, so a user can fix the file in one go) and
 * stops: a statistic computed on silently dropped rows would be misleading.
 */
export function failOnCellErrors(errors: TableError[]): void {
  if (errors.length === 0) return;
  const shown = errors.slice(0, 50).map((e) => e.message);
  if (errors.length > 50) shown.push(`… and ${errors.length - 50} more problem(s)`);
  throw new UsageError(shown.join("\nranokit: "));
}

export function writeJson(x: unknown): void {
  process.stdout.write(`${JSON.stringify(x, null, 2)}\n`);
}

export type { CsvTable };
