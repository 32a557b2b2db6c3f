// The compiled fast path (decision 0019) must agree with zod: whenever it accepts a value, zod accepts it
// too and returns an equal value; valid documents must actually take it (or the speed-up is fictional).
import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { syntheticCases } from "../../bench/synthetic-cohort.ts";
import { CaseDocument } from "../../src/engine/model/case.ts";
import { compileFastValidator, FAIL } from "../../src/engine/model/fast-validate.ts";

const { validate: generated, delegated } = compileFastValidator(CaseDocument);
// The same validators as closures, for runtimes that forbid code generation (strict CSP, zod's jitless).
const { validate: closures } = compileFastValidator(CaseDocument, { generate: false });
const examples = readdirSync("examples")
  .filter((f) => f.endsWith(".json"))
  .map((f) => JSON.parse(readFileSync(`examples/${f}`, "utf8")) as unknown);
const documents = [...examples, ...[...syntheticCases(40, 6, 7, true)].map((l) => JSON.parse(l) as unknown)];

/** Every path to a value inside a JSON document. */
function paths(v: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out = [prefix];
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) out.push(...paths(v[i], [...prefix, i]));
  else if (typeof v === "object" && v !== null)
    for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
  return out;
}

const replacements = [
  null,
  -1,
  0,
  1,
  2,
  3,
  1.5,
  10,
  100,
  101,
  85,
  -3,
  1e300,
  "",
  "x",
  "L1",
  "2024-02-30",
  "2024-02-29",
  "2023-02-29",
  "2024-13-01",
  "enhancing",
  "absent",
  "present",
  "radiotherapy",
  "worse",
  true,
  false,
  [],
  [1],
  [20, 10],
  [20, 10, 5],
  {},
  { id: "X" },
];

type Edit = { path: number; kind: "set" | "delete" | "extra"; value: number };

function edited(doc: unknown, edits: Edit[]): unknown {
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  for (const e of edits) {
    const all = paths(copy).filter((p) => p.length > 0);
    const p = all[e.path % all.length] as Array<string | number>;
    let parent = copy as Record<string | number, unknown>;
    for (const k of p.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
    const key = p.at(-1) as string | number;
    const value = structuredClone(replacements[e.value % replacements.length]);
    if (e.kind === "delete" && !Array.isArray(parent)) delete parent[key];
    else if (e.kind === "extra" && typeof parent[key] === "object" && parent[key] !== null)
      (parent[key] as Record<string, unknown>).unexpected = value;
    else parent[key] = value;
  }
  return copy;
}

it("generates code where the runtime allows it, and closures when told not to", () => {
  expect(generated.name).toBe("validateObject");
  expect(closures.name).not.toBe("validateObject");
});

describe.each([
  ["generated code", generated],
  ["closures", closures],
])("compiled fast validation (%s)", (_, fast) => {
  it("takes the fast path for every valid example and synthetic document, with zod's exact output", () => {
    for (const doc of documents) {
      const zod = CaseDocument.safeParse(doc);
      expect(zod.success).toBe(true);
      const out = fast(doc);
      expect(out).not.toBe(FAIL);
      expect(out).toStrictEqual(zod.data);
      // Same keys in the same order: a shared (uncopied) subtree serialises as zod's copy does.
      expect(JSON.stringify(out)).toBe(JSON.stringify(zod.data));
    }
  });

  it("never accepts what zod rejects, and returns zod's value when it accepts (random edits)", () => {
    const edit = fc.record({
      path: fc.nat(),
      kind: fc.constantFrom("set", "delete", "extra") as fc.Arbitrary<Edit["kind"]>,
      value: fc.nat(),
    });
    let rejected = 0;
    fc.assert(
      fc.property(
        fc.nat(documents.length - 1),
        fc.array(edit, { minLength: 1, maxLength: 3 }),
        (d, edits) => {
          const doc = edited(documents[d], edits);
          const out = fast(doc);
          const zod = CaseDocument.safeParse(doc);
          if (!zod.success) rejected++;
          if (out === FAIL) return;
          expect(zod.success).toBe(true);
          expect(out).toStrictEqual(zod.data);
          expect(JSON.stringify(out)).toBe(JSON.stringify(zod.data));
        },
      ),
      { numRuns: 3000 },
    );
    // The edits must actually produce invalid documents for the property to mean anything.
    expect(rejected).toBeGreaterThan(500);
  });

  it("compiles the per-time-point subtrees instead of handing them to zod", () => {
    expect(delegated.filter((p) => !p.startsWith("$.assessments[].lm"))).toEqual([]);
  });

  it("does not change its input (defaults are filled in a copy, as zod does)", () => {
    const doc = documents[0];
    const before = JSON.stringify(doc);
    fast(doc);
    expect(JSON.stringify(doc)).toBe(before);
  });
});
