// A statistics command fed a mutated CSV table. Five modes per input, each with its own oracle:
//   invalid     1–3 cells replaced by spellings that must be refused ("0x10", "1e1", "NA", …):
//               exit 2, nothing on stdout, every replaced cell named as file:line (column);
//   edge        unusual but valid spellings ("+3.5", ".5", "007"): read as written — exit 0 and the
//               library computes the same numbers from the same values;
//   degenerate  a constant column, one category, one study…: exit 0, finite output, and the warning
//               the degenerate estimate needs;
//   benign      the same table spelled differently (BOM, CRLF, quotes, padding, blank lines, rows
//               shuffled): the same result as the plain file;
//   structural  ragged rows, unclosed quotes, other delimiters, broken encodings: a clear error or a
//               result, never a crash.
// Every run also passes the common oracles (no internal error, stack trace, NaN/Infinity).

import {
  type CellKind,
  csvText,
  damagedLine,
  EDGE,
  INVALID,
  type Layout,
  PLAIN,
  randomLayout,
  rowLine,
  STRUCTURAL,
  structural,
  type Table,
} from "../csv-text.ts";
import { commonFailures, jsonDocuments, nonFiniteNumbers } from "../oracles.ts";
import type { Rng } from "../rng.ts";
import { Rng as Generator } from "../rng.ts";
import type { Failure, FuzzInput, RunContext, Target } from "../types.ts";

export type Mode = "invalid" | "edge" | "degenerate" | "benign" | "structural";

export interface Injection {
  row: number;
  column: string;
  value: string;
  /** A repeated name: the row whose name was copied (kept by the minimiser). */
  dupOf?: number;
}

export interface StatsMeta {
  [key: string]: unknown;
  mode: Mode;
  table: Table;
  layout: Layout;
  /** Options after the file name (the file is {dir}/t.csv). */
  args: string[];
  injected: Injection[];
  /** Structural damage and the seed that placed it. */
  damage?: { kind: (typeof STRUCTURAL)[number]; seed: number };
  /** Benign mode: the rows in their original order, for the comparison run. */
  original?: string[][];
}

export interface StatsSpec {
  name: string;
  /** The ranokit command (agreement-measure runs `agreement --measure`). */
  command: string;
  columns: ReadonlyArray<{ name: string; kind: CellKind }>;
  /** A valid random table and the command options for it. */
  table(rng: Rng): { table: Table; args: string[] };
  /** Columns whose cells the command reads with the given options (invalid values there must be refused). */
  used(args: string[]): string[];
  /** Makes the table degenerate in a way the command must handle and warn about; a label for the report. */
  degenerate(rng: Rng, table: Table, args: string[]): string;
  /** Names in the "name" column must be unique (pool: a study twice would be pooled twice). */
  uniqueNames?: boolean;
  /** Exit 2 on a valid table is allowed when stderr matches (e.g. a class with no cases). */
  domainRefusal: RegExp;
  /** The result projected to what must not change when only the file's spelling changes. */
  summary(json: unknown): unknown;
  /** The same projection computed by the library from the table's values (differential oracle). */
  library(table: Table, args: string[]): unknown;
  /** Invariants of a valid result (JSON output, table text of the same input). */
  invariants(json: unknown, table: Table, args: string[]): Failure[];
  /** Extra checks of the table (text) output, e.g. labels. */
  text?(stdout: string, args: string[]): Failure[];
}

const FILE = "t.csv";

function render(meta: StatsMeta): Record<string, string | Uint8Array> {
  const t: Table = { header: meta.table.header, rows: meta.table.rows.map((r) => [...r]) };
  const col = (c: string) => t.header.indexOf(c);
  for (const i of meta.injected) t.rows[i.row]![col(i.column)] = i.value;
  const text = csvText(t, meta.layout);
  if (!meta.damage) return { [FILE]: text };
  return { [FILE]: structural(text, meta.damage.kind, new Generator(meta.damage.seed)) };
}

export function statsTarget(spec: StatsSpec): Target {
  const generate = (rng: Rng): FuzzInput => {
    const { table, args } = spec.table(rng);
    const mode = rng.pick<Mode>(["invalid", "invalid", "edge", "degenerate", "benign", "structural"]);
    const used = spec.used(args);
    const kind = (c: string) => spec.columns.find((x) => x.name === c)!.kind;
    const meta: StatsMeta = { mode, table, layout: PLAIN, args, injected: [] };
    const mutations: string[] = [mode];
    if (mode === "invalid") {
      const n = rng.int(1, 3);
      const rows = rng.shuffle([...table.rows.keys()]).slice(0, n);
      for (const row of rows) {
        const column = rng.pick(used);
        const k = kind(column);
        // A study name repeated on another (untouched) row is invalid too (it would be pooled twice).
        const source = table.rows.findIndex((_, i) => !rows.includes(i));
        if (k === "name" && spec.uniqueNames && source >= 0 && rng.chance(0.5)) {
          const value = table.rows[source]![table.header.indexOf(column)]!;
          meta.injected.push({ row, column, value, dupOf: source });
          mutations.push(`row ${row + 1} ${column}: copy of row ${source + 1}`);
          continue;
        }
        const value = rng.pick(INVALID[k]);
        meta.injected.push({ row, column, value });
        mutations.push(`row ${row + 1} ${column}: ${JSON.stringify(value.slice(0, 20))}`);
      }
      meta.layout = rng.chance(0.5) ? randomLayout(rng) : PLAIN;
    } else if (mode === "edge") {
      const edgeColumns = used.filter((c) => EDGE[kind(c)] !== undefined);
      for (let n = rng.int(1, 3); n > 0 && edgeColumns.length > 0; n--) {
        const column = rng.pick(edgeColumns);
        const row = rng.int(0, table.rows.length - 1);
        const value = rng.pick(EDGE[kind(column)]!);
        meta.injected.push({ row, column, value });
        mutations.push(`row ${row + 1} ${column}: ${JSON.stringify(value.slice(0, 20))}`);
      }
    } else if (mode === "degenerate") {
      mutations.push(spec.degenerate(rng, table, args));
    } else if (mode === "benign") {
      meta.layout = randomLayout(rng);
      meta.original = table.rows.map((r) => [...r]);
      if (rng.chance(0.6)) rng.shuffle(table.rows);
      mutations.push(JSON.stringify(meta.layout));
    } else {
      const kind = rng.pick(STRUCTURAL);
      meta.damage = { kind, seed: rng.u32() };
      mutations.push(kind);
    }
    return { files: render(meta), argv: [spec.command, `{dir}/${FILE}`, ...args], meta, mutations };
  };

  const check = async (input: FuzzInput, ctx: RunContext): Promise<Failure[]> => {
    const meta = input.meta as StatsMeta;
    const r = await ctx.cli(input.argv);
    const f = commonFailures(r, spec.name);
    if (f.some((x) => x.cls === "uncaught" || x.cls === "internal-error")) return f;
    const file = `${ctx.dir}/${FILE}`;
    const json = meta.args.includes("json");
    if (meta.mode === "invalid") {
      const bad = meta.injected.filter((i) => spec.used(meta.args).includes(i.column));
      if (r.code === 0) f.push({ cls: "accepted-invalid", detail: `${spec.name} accepted ${describe(bad)}` });
      else {
        for (const i of bad) {
          const line = rowLine(i.row, meta.layout);
          const at = `${file}:${line} (${i.column})`;
          // A repeated name may be reported at its other occurrence, naming this line.
          const other =
            i.dupOf === undefined ? null : `${file}:${rowLine(i.dupOf, meta.layout)} (${i.column})`;
          if (!r.stderr.includes(at) && !(other && r.stderr.includes(other)))
            f.push({
              cls: "unlocated-error",
              detail: `${spec.name}: no error at ${at} for ${describe([i])}`,
            });
        }
        if (r.stdout !== "") f.push({ cls: "output-on-error", detail: `${spec.name}: stdout not empty` });
      }
      return f;
    }
    if (meta.mode === "structural") {
      // A row with a cell too many (or too few) must be named by its line; the others may be read.
      const { kind, seed } = meta.damage!;
      const text = csvText(meta.table, meta.layout);
      const line = damagedLine(text, new Generator(seed));
      const original = text.split("\n")[line - 1] ?? "";
      const cells = original.trim() === "" ? 0 : original.split(",").length;
      if (
        (kind === "ragged-row" || (kind === "short-row" && cells > 1)) &&
        !r.stderr.includes(`${file}:${line}`)
      )
        f.push({
          cls: "unlocated-error",
          detail: `${spec.name}: ${kind} on line ${line} not reported (exit ${r.code})`,
        });
      return f;
    }
    const table = applied(meta);
    if (r.code !== 0) {
      if (!spec.domainRefusal.test(r.stderr))
        f.push({ cls: "rejected-valid", detail: `${spec.name} (${meta.mode}): ${r.stderr.split("\n")[0]}` });
      return f;
    }
    if (json) {
      const [doc] = jsonDocuments(r.stdout);
      if (doc === undefined)
        return [...f, { cls: "bad-json", detail: `${spec.name}: unparseable JSON output` }];
      f.push(...spec.invariants(doc, table, meta.args));
      const got = spec.summary(doc);
      const want = spec.library(table, meta.args);
      const nonFinite = nonFiniteNumbers(want);
      if (nonFinite.length > 0)
        f.push({
          cls: "non-finite",
          detail: `${spec.name} library (${meta.mode}): ${nonFinite.slice(0, 3).join("; ")}`,
        });
      const diff = difference(got, want);
      if (diff) f.push({ cls: "library-mismatch", detail: `${spec.name} (${meta.mode}): ${diff}` });
      if (meta.mode === "benign" && meta.original) {
        const plain: FuzzInput = {
          ...input,
          files: render({ ...meta, layout: PLAIN, table: { ...meta.table, rows: meta.original } }),
        };
        ctx.write(plain);
        const p = await ctx.cli(input.argv);
        const [base] = jsonDocuments(p.stdout);
        const d = difference(got, base === undefined ? undefined : spec.summary(base));
        if (d)
          f.push({ cls: "metamorphic", detail: `${spec.name}: ${input.mutations.join(" ")} changed ${d}` });
      }
    } else if (spec.text) f.push(...spec.text(r.stdout, meta.args));
    return f;
  };

  // Fewer rows first (keeping every injected row), then fewer injections.
  function* shrink(input: FuzzInput): Iterable<FuzzInput> {
    const meta = input.meta as StatsMeta;
    const keep = new Set(meta.injected.flatMap((i) => (i.dupOf === undefined ? [i.row] : [i.row, i.dupOf])));
    for (let drop = 0; drop < meta.table.rows.length; drop++) {
      if (keep.has(drop) || meta.original || meta.table.rows.length <= 2) continue;
      const rows = meta.table.rows.filter((_, i) => i !== drop);
      const shift = (r: number) => (r > drop ? r - 1 : r);
      const injected = meta.injected.map((i) => ({
        ...i,
        row: shift(i.row),
        ...(i.dupOf === undefined ? {} : { dupOf: shift(i.dupOf) }),
      }));
      const m: StatsMeta = { ...meta, table: { ...meta.table, rows }, injected };
      yield { ...input, meta: m, files: render(m) };
    }
    if (meta.injected.length > 1)
      for (let k = 0; k < meta.injected.length; k++) {
        const m: StatsMeta = { ...meta, injected: meta.injected.filter((_, i) => i !== k) };
        yield { ...input, meta: m, files: render(m) };
      }
  }

  return { name: spec.name, area: "stats", generate, check, shrink };
}

/** The table with the injected (valid) values in place. */
export function applied(meta: StatsMeta): Table {
  const rows = meta.table.rows.map((r) => [...r]);
  for (const i of meta.injected) rows[i.row]![meta.table.header.indexOf(i.column)] = i.value;
  return { header: meta.table.header, rows };
}

const describe = (xs: Injection[]) =>
  xs.map((i) => `row ${i.row + 1} ${i.column} = ${JSON.stringify(i.value.slice(0, 20))}`).join(", ");

/** First difference between two JSON-like values (numbers compared to 1e-9 relative), or null. */
export function difference(a: unknown, b: unknown, path = ""): string | null {
  if (typeof a === "number" && typeof b === "number") {
    if (a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))) return null;
    return `${path || "value"}: ${a} vs ${b}`;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: length ${a.length} vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = difference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = difference(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        `${path}.${k}`,
      );
      if (d) return d;
    }
    return null;
  }
  return a === b ? null : `${path || "value"}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}

/** Proportion-like estimate with CI: 0 ≤ lower ≤ estimate ≤ upper ≤ 1 (when defined). */
export function intervalFailures(
  what: string,
  p: { estimate?: number | null; lower?: number | null; upper?: number | null },
  bounds: [number, number] | null = [0, 1],
): Failure[] {
  const { estimate: e, lower: l, upper: u } = p;
  const bad =
    (e != null && bounds && (e < bounds[0] - 1e-12 || e > bounds[1] + 1e-12)) ||
    (e != null && l != null && l > e + 1e-9) ||
    (e != null && u != null && u < e - 1e-9);
  return bad ? [{ cls: "invariant", detail: `${what}: estimate ${e}, CI ${l}–${u}` }] : [];
}
