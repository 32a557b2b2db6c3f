// Failure checks every CLI run must pass, whatever the input: no internal error, no stack trace, no
// exception escaping the CLI, no NaN/Infinity in the output, no negative duration in JSON output.
import type { CliResult, Failure } from "./types.ts";

const STACK = /^\s+at .+(:\d+:\d+\)?|\(native\)|\(<anonymous>\))$/m;
// "NaN", "Infinity" and "∞" as words in the output (an identifier like "NaNa" is not matched, nor a
// quoted input value an error message echoes: "NaN" is not a number).
const NON_FINITE = /(?<![\w."])(-?Infinity|NaN|∞)(?![\w"])/;
/** JSON keys that hold a duration or elapsed time; a negative value there is nonsense. */
const DURATION_KEY = /(days|duration|time|elapsed|interval)$/i;

export function commonFailures(r: CliResult, what: string): Failure[] {
  const f: Failure[] = [];
  if (r.thrown !== undefined)
    f.push({ cls: "uncaught", detail: `${what}: ${String((r.thrown as Error)?.message ?? r.thrown)}` });
  if (r.code === 1 || /internal error/.test(r.stderr))
    f.push({ cls: "internal-error", detail: `${what}: ${firstLine(r.stderr)}` });
  else if (r.code !== 0 && r.code !== 2) f.push({ cls: "exit-code", detail: `${what}: exit ${r.code}` });
  if (STACK.test(r.stderr) || STACK.test(r.stdout))
    f.push({ cls: "stack-trace", detail: `${what}: ${firstLine(r.stderr)}` });
  const nf = NON_FINITE.exec(r.stdout) ?? NON_FINITE.exec(r.stderr);
  if (nf) f.push({ cls: "non-finite", detail: `${what}: "${around(nf.input, nf.index)}"` });
  return f;
}

/** Negative numbers under duration-like keys anywhere in a parsed JSON value. */
export function negativeDurations(value: unknown, path = "$"): string[] {
  const found: string[] = [];
  const walk = (v: unknown, p: string, key: string) => {
    if (typeof v === "number") {
      if (v < 0 && DURATION_KEY.test(key)) found.push(`${p} = ${v}`);
    } else if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) walk(x, `${p}[${i}]`, key);
    } else if (v !== null && typeof v === "object")
      for (const [k, x] of Object.entries(v)) walk(x, `${p}.${k}`, k);
  };
  walk(value, path, "");
  return found;
}

/** JSON documents in stdout: one document, or one per line (NDJSON). Unparseable text gives []. */
export function jsonDocuments(stdout: string): unknown[] {
  const text = stdout.trim();
  if (text === "") return [];
  try {
    return [JSON.parse(text)];
  } catch {
    const docs: unknown[] = [];
    for (const line of text.split("\n")) {
      try {
        docs.push(JSON.parse(line));
      } catch {
        /* not JSON output */
      }
    }
    return docs;
  }
}

export function durationFailures(r: CliResult, what: string): Failure[] {
  const neg = jsonDocuments(r.stdout).flatMap((d) => negativeDurations(d));
  return neg.length > 0
    ? [{ cls: "negative-duration", detail: `${what}: ${neg.slice(0, 3).join("; ")}` }]
    : [];
}

export const firstLine = (s: string) =>
  s
    .split("\n")
    .find((l) => l.trim() !== "")
    ?.slice(0, 200) ?? "";
const around = (s: string, i: number) => s.slice(Math.max(0, i - 40), i + 40).replace(/\n/g, "⏎");

/** Paths of NaN/±Infinity numbers in a value the library returned (JSON would hide them as null). */
export function nonFiniteNumbers(value: unknown, path = "$"): string[] {
  if (typeof value === "number") return Number.isFinite(value) ? [] : [`${path} = ${value}`];
  if (Array.isArray(value)) return value.flatMap((x, i) => nonFiniteNumbers(x, `${path}[${i}]`));
  if (value !== null && typeof value === "object")
    return Object.entries(value).flatMap(([k, x]) => nonFiniteNumbers(x, `${path}.${k}`));
  return [];
}
