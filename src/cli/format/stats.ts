// Shared formatting and input helpers for the statistics commands (roc, agreement, pool).
import type { ProportionEstimate } from "../../endpoints/proportion-ci.ts";
import type { CsvTable } from "../../io/csv-table.ts";
import { UsageError } from "../errors.ts";

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
 * The message of an application-layer input error (src/app/errors.ts): every problem, one
 * "ranokit: " line each, at most 50 (then a count), so a user can fix the file in one go.
 */
export function problemLines(problems: readonly { message: string }[]): string {
  const shown = problems.slice(0, 50).map((e) => e.message);
  if (problems.length > 50) shown.push(`… and ${problems.length - 50} more problem(s)`);
  return shown.join("\nranokit: ");
}

export function writeJson(x: unknown): void {
  process.stdout.write(`${JSON.stringify(x, null, 2)}\n`);
}

export type { CsvTable };
