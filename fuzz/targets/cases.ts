// Case input targets (issue 11 items 1–10, 13 are being fixed in other branches; these targets are
// `pending` until then). Every input is a few pristine example cases plus one mutated record; the
// oracle is that the pristine ones come out exactly as they do alone, whatever the bad one does.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { getCriteria, parseCaseJson, recommendedCriteria } from "../../src/engine/index.ts";
import { damageText, type Json, mutateTree } from "../json-mutate.ts";
import { commonFailures, durationFailures, negativeDurations, nonFiniteNumbers } from "../oracles.ts";
import type { Rng } from "../rng.ts";
import { runCliCaptured } from "../run-cli.ts";
import type { CliResult, Failure, FuzzInput, RunContext, Target } from "../types.ts";

const EXAMPLES = join(import.meta.dirname, "../../examples");
const names = readdirSync(EXAMPLES)
  .filter((n) => n.endsWith(".json"))
  .sort();
const texts = new Map(names.map((n) => [n, readFileSync(join(EXAMPLES, n), "utf8")]));

/** assess -f ndjson of one pristine example, alone (computed once per example). */
const baselines = new Map<string, string>();
async function baseline(name: string): Promise<string> {
  let b = baselines.get(name);
  if (b === undefined) {
    const r = await runCliCaptured(["assess", join(EXAMPLES, name), "-f", "ndjson"]);
    b = r.stdout.trim();
    baselines.set(name, b);
  }
  return b;
}

interface CaseMeta {
  [key: string]: unknown;
  /** Pristine example names in the input. */
  pristine: string[];
  /** The example the bad record was mutated from. */
  badFrom: string;
  command: "assess" | "validate" | "cohort" | "sdtm";
}

const COMMANDS = ["assess", "assess", "assess", "validate", "cohort", "sdtm"] as const;

function argvFor(command: CaseMeta["command"], input: string, rng: Rng | null): string[] {
  if (command === "assess") return ["assess", input, "-f", "ndjson"];
  if (command === "cohort") return ["cohort", input, "-f", rng?.chance(0.5) ? "json" : "table"];
  if (command === "sdtm") return ["sdtm", input, "--out", "{dir}/sdtm-out"];
  return ["validate", input];
}

/** One mutated record: a tree mutation (1–3) or a text damage of a random example. */
function badRecord(rng: Rng): { text: string | Uint8Array; labels: string[]; from: string } {
  const from = rng.pick(names);
  const doc = JSON.parse(texts.get(from)!) as Json;
  if (rng.chance(0.15)) {
    const d = damageText(JSON.stringify(doc), rng);
    return { text: d.content, labels: [`${from}: ${d.label}`], from };
  }
  const labels = Array.from({ length: rng.int(1, 3) }, () => mutateTree(doc, rng));
  return {
    text: JSON.stringify(doc, null, rng.chance(0.5) ? 2 : undefined),
    labels: labels.map((l) => `${from}: ${l}`),
    from,
  };
}

/**
 * Whether a pristine record may rightly be rejected beside the bad one: the bad record is a mutation of
 * the same example, so it can keep that patient's pseudonym, and the duplicate rule (issue 11 item 5)
 * keeps whichever of the two comes first.
 */
function sharesPatient(meta: CaseMeta, pristine: string): boolean {
  return meta.badFrom === pristine;
}

async function recordChecks(input: FuzzInput, r: CliResult, what: string): Promise<Failure[]> {
  const meta = input.meta as CaseMeta;
  const f: Failure[] = [];
  const pristine = meta.pristine.filter((p) => !sharesPatient(meta, p));
  if (meta.command === "assess") {
    const lines = new Set(r.stdout.split("\n").map((l) => l.trim()));
    for (const p of pristine)
      if (!lines.has(await baseline(p)))
        f.push({
          cls: "record-lost",
          detail: `${what}: pristine ${p} missing or changed beside ${input.mutations.join("; ").slice(0, 160)}`,
        });
  } else if (meta.command === "validate") {
    for (const p of pristine)
      if (!new RegExp(`${p.replace(/\./g, "\\.")}: valid`).test(r.stdout))
        f.push({ cls: "record-lost", detail: `${what}: pristine ${p} not reported valid` });
  } else if (pristine.length > 0 && r.stdout.trim() === "" && meta.command === "cohort")
    f.push({
      cls: "record-lost",
      detail: `${what}: no cohort output although ${pristine.length} record(s) are valid`,
    });
  return f;
}

function caseTarget(name: string, layout: "folder" | "ndjson"): Target {
  return {
    name,
    area: "case-input",
    generate(rng) {
      const pristine = rng.shuffle([...names]).slice(0, rng.int(1, 4));
      const bad = badRecord(rng);
      const command = rng.pick(COMMANDS);
      const files: FuzzInput["files"] = {};
      let target: string;
      if (layout === "folder") {
        for (const p of pristine) files[`cases/${p}`] = texts.get(p)!;
        files["cases/zz-bad.json"] = bad.text;
        target = "{dir}/cases";
      } else {
        const lines: Buffer[] = pristine.map((p) => Buffer.from(JSON.stringify(JSON.parse(texts.get(p)!))));
        const badLine =
          typeof bad.text === "string" ? Buffer.from(bad.text.replace(/\n\s*/g, "")) : Buffer.from(bad.text);
        lines.splice(rng.int(0, lines.length), 0, badLine);
        const nl = Buffer.from(rng.chance(0.3) ? "\r\n" : "\n");
        files["bad-cohort.ndjson"] = new Uint8Array(
          Buffer.concat(lines.flatMap((l, i) => (i === 0 ? [l] : [nl, l]))),
        );
        target = "{dir}/bad-cohort.ndjson";
      }
      const meta: CaseMeta = { pristine: layout === "folder" ? pristine : [], badFrom: bad.from, command };
      // NDJSON pristine checks by content need the record order; the folder layout checks by file.
      if (layout === "ndjson") meta.pristine = pristine;
      return { files, argv: argvFor(command, target, rng), meta, mutations: [command, ...bad.labels] };
    },
    async check(input, ctx: RunContext) {
      const r = await ctx.cli(input.argv);
      const what = `${name} ${(input.meta as CaseMeta).command}`;
      const f = [...commonFailures(r, what), ...durationFailures(r, what), ...libraryPath(input)];
      if ((input.meta as CaseMeta).command === "validate" && layout === "ndjson") return f;
      return [...f, ...(await recordChecks(input, r, what))];
    },
    *shrink(input) {
      const meta = input.meta as CaseMeta;
      if (layout !== "folder") return;
      for (const p of meta.pristine) {
        const files = { ...input.files };
        delete files[`cases/${p}`];
        yield { ...input, files, meta: { ...meta, pristine: meta.pristine.filter((x) => x !== p) } };
      }
    },
  };
}

/**
 * The library path on the bad record: the engine parses it (never throws) and, when it is valid,
 * assesses it under its recommended criteria and RANO 2.0 with no exception and no NaN/∞ or negative
 * duration in the result (JSON would hide a NaN as null; the object is checked before that).
 */
function libraryPath(input: FuzzInput): Failure[] {
  const bad = Object.entries(input.files).find(([n]) => n.includes("bad"))?.[1];
  if (bad === undefined || typeof bad !== "string" || input.files["bad-cohort.ndjson"]) return [];
  try {
    const parsed = parseCaseJson(bad);
    if (!parsed.ok) return [];
    const f: Failure[] = [];
    for (const criteria of [recommendedCriteria(parsed.value), getCriteria("rano2")]) {
      const result = criteria.assess(parsed.value, {});
      const bad = [...nonFiniteNumbers(result), ...negativeDurations(result)];
      if (bad.length > 0)
        f.push({ cls: "library-non-finite", detail: `${criteria.id}: ${bad.slice(0, 3).join("; ")}` });
    }
    return f;
  } catch (e) {
    return [{ cls: "library-throw", detail: `engine: ${(e as Error).message}`.slice(0, 200) }];
  }
}

export const caseTargets: Target[] = [caseTarget("case-json", "folder"), caseTarget("case-ndjson", "ndjson")];
