// Text layout for the human-readable outputs: the width to fit, word wrapping with hanging indents,
// columns sized to their content, and plurals. Widths count code points, so "≥", "²" and "→" are one
// column each (the outputs use no wide characters).

/** Columns to fit: `COLUMNS` when set, the terminal's width on a TTY, 120 otherwise (files, pipes). */
export function outputWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  const env = Number(process.env.COLUMNS);
  if (Number.isInteger(env) && env > 0) return Math.max(40, env);
  if (stream.isTTY && stream.columns) return Math.max(40, stream.columns);
  return 120;
}

export const textWidth = (s: string): number => [...s].length;

export function padRight(s: string, width: number): string {
  const n = textWidth(s);
  return n >= width ? s : s + " ".repeat(width - n);
}

/**
 * Word-wraps `text` to `width` columns: the first line starts with `first`, the others with `rest`
 * (a hanging indent). A word longer than a line is left whole rather than cut.
 */
export function wrap(text: string, width: number, first = "", rest = first): string[] {
  const words = text.split(/ +/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of words) {
    const candidate = empty ? `${line}${word}` : `${line} ${word}`;
    if (!empty && textWidth(candidate) > width) {
      lines.push(line);
      line = `${rest}${word}`;
    } else line = candidate;
    empty = false;
  }
  lines.push(line);
  return lines;
}

/**
 * Joins `parts` with `sep` and wraps between parts, never inside one (a part longer than a line stays
 * whole); continuation lines start with `rest` and a line that continues ends with the trimmed `sep`.
 */
export function wrapParts(parts: string[], sep: string, width: number, first = "", rest = first): string[] {
  const lines: string[] = [];
  const tail = sep.trimEnd();
  let line = `${first}${parts[0] ?? ""}`;
  for (const part of parts.slice(1)) {
    if (textWidth(`${line}${sep}${part}${tail}`) > width) {
      lines.push(`${line}${tail}`);
      line = `${rest}${part}`;
    } else line = `${line}${sep}${part}`;
  }
  lines.push(line);
  return lines;
}

export interface Column {
  header: string;
  /** Right-align (numbers). */
  right?: boolean;
}

/**
 * Lays out rows under a header with each column as wide as its widest cell. The last column takes the
 * remaining width and wraps (its continuation lines start under it); when fewer than `minLast`
 * columns would remain, `overflow` receives the last column's text to print under the row instead.
 */
export function layoutColumns(
  columns: Column[],
  rows: string[][],
  width: number,
  options: { indent?: string; gap?: number; minLast?: number } = {},
): { header: string; rows: { line: string[]; overflow: string | null }[]; widths: number[] } {
  const indent = options.indent ?? "";
  const gap = options.gap ?? 2;
  const minLast = options.minLast ?? 24;
  const widths = columns.map((c, i) =>
    Math.max(textWidth(c.header), ...rows.map((r) => textWidth(r[i] ?? ""))),
  );
  const fixed = textWidth(indent) + widths.slice(0, -1).reduce((a, w) => a + w + gap, 0);
  const lastWidth = width - fixed;
  const inline = lastWidth >= minLast;
  const cell = (s: string, i: number) =>
    columns[i]!.right ? " ".repeat(Math.max(0, widths[i]! - textWidth(s))) + s : padRight(s, widths[i]!);
  const join = (cells: string[]) =>
    `${indent}${cells
      .slice(0, -1)
      .map((c, i) => cell(c, i) + " ".repeat(gap))
      .join("")}`;
  const lastHeader = inline ? columns[columns.length - 1]!.header : "";
  const header = `${join(columns.map((c) => c.header))}${lastHeader}`.trimEnd();
  const out = rows.map((r) => {
    const head = join(r);
    const last = r[r.length - 1] ?? "";
    if (!inline) return { line: [head.trimEnd()], overflow: last.length > 0 ? last : null };
    // A right-aligned (numeric) last column is short: aligned, not wrapped.
    if (columns[columns.length - 1]!.right)
      return { line: [head + cell(last, columns.length - 1)], overflow: null };
    const continuation = " ".repeat(fixed);
    const wrapped = wrap(last, width, head, continuation);
    return { line: wrapped.map((l) => l.trimEnd()), overflow: null };
  });
  return { header, rows: out, widths };
}

/** "1 patient", "3 patients"; irregular plurals as the third argument ("1 criteria set" is regular). */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}
