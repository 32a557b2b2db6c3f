// Mutations of a case document as a JSON tree: field deletions, type swaps, number perturbations
// (huge, negative, non-finite spellings), date shifts and impossible dates, array shuffles and
// duplication, enum swaps (a string replaced by another value the schema uses at that key), and a
// few text-level damages (BOM, truncation, invalid UTF-8). Each returns a label for the report.
import type { Rng } from "./rng.ts";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface Slot {
  parent: Json[] | { [k: string]: Json };
  key: string | number;
  value: Json;
  path: string;
}

function slots(doc: Json, path = "$", out: Slot[] = []): Slot[] {
  if (Array.isArray(doc))
    doc.forEach((v, i) => {
      out.push({ parent: doc, key: i, value: v, path: `${path}[${i}]` });
      slots(v, `${path}[${i}]`, out);
    });
  else if (doc !== null && typeof doc === "object")
    for (const [k, v] of Object.entries(doc)) {
      out.push({ parent: doc, key: k, value: v, path: `${path}.${k}` });
      slots(v, `${path}.${k}`, out);
    }
  return out;
}

/** Every string value found under each key: the enum swaps pick from these. */
function valuesByKey(doc: Json): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const s of slots(doc))
    if (typeof s.value === "string" && typeof s.key === "string")
      m.set(s.key, [...(m.get(s.key) ?? []), s.value]);
  return m;
}

const HUGE = [1e154, 1e20, 1e308, -1, -1e-300, 0, 5e-324, 2 ** 53 + 1, -0, 0.1 + 0.2, 1234567.891];
const DATES = [
  "0000-01-01",
  "9999-12-31",
  "2024-02-30",
  "2024-13-01",
  "24-01-01",
  "2024-1-1",
  "",
  "2024-01-01T00:00:00Z",
];

const set = (s: Slot, v: Json) => {
  (s.parent as Record<string | number, Json>)[s.key] = v;
};

function shiftDate(d: string, days: number): string {
  const t = Date.parse(`${d}T00:00:00Z`);
  return Number.isNaN(t) ? d : new Date(t + days * 86_400_000).toISOString().slice(0, 10);
}

/** Applies one tree mutation in place; returns its label. */
export function mutateTree(doc: Json, rng: Rng): string {
  const all = slots(doc);
  if (all.length === 0) return "nothing to mutate";
  const s = rng.pick(all);
  const op = rng.int(0, 9);
  switch (op) {
    case 0:
      if (Array.isArray(s.parent)) s.parent.splice(s.key as number, 1);
      else delete s.parent[s.key as string];
      return `delete ${s.path}`;
    case 1: {
      const swaps: Json[] = [null, "12", 12, true, [], {}, "", "NaN"];
      const v = rng.pick(swaps.filter((x) => typeof x !== typeof s.value));
      set(s, v);
      return `type ${s.path} → ${JSON.stringify(v)}`;
    }
    case 2: {
      const nums = all.filter((x) => typeof x.value === "number");
      const t = nums.length > 0 ? rng.pick(nums) : s;
      const v = rng.chance(0.5) ? rng.pick(HUGE) : (t.value as number) * rng.pick([-1, 10, 1000, 0.001, 1.5]);
      set(t, v);
      return `number ${t.path} → ${v}`;
    }
    case 3: {
      const dates = all.filter((x) => typeof x.value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(x.value));
      if (dates.length === 0) return "no date";
      const t = rng.pick(dates);
      const v = rng.chance(0.6)
        ? shiftDate(t.value as string, rng.pick([-3650, -400, -30, -1, 1, 7, 30, 400, 36500]))
        : rng.pick(DATES);
      set(t, v);
      return `date ${t.path} → ${v}`;
    }
    case 4: {
      const arrays = all.filter((x) => Array.isArray(x.value) && (x.value as Json[]).length > 1);
      if (arrays.length === 0) return "no array";
      const t = rng.pick(arrays);
      rng.shuffle(t.value as Json[]);
      return `shuffle ${t.path}`;
    }
    case 5: {
      const arrays = all.filter((x) => Array.isArray(x.value) && (x.value as Json[]).length > 0);
      if (arrays.length === 0) return "no array";
      const t = rng.pick(arrays);
      const a = t.value as Json[];
      const k = rng.int(0, a.length - 1);
      a.splice(k, 0, structuredClone(a[k]!));
      return `duplicate ${t.path}[${k}]`;
    }
    case 6: {
      const strings = all.filter((x) => typeof x.value === "string" && typeof x.key === "string");
      if (strings.length === 0) return "no string";
      const t = rng.pick(strings);
      const pool = [
        ...(valuesByKey(doc).get(t.key as string) ?? []),
        ...["unknown", "PR", "enhancing", "baseline", "dexamethasone"],
      ];
      const v = rng.pick(pool);
      set(t, v);
      return `enum ${t.path} → ${JSON.stringify(v)}`;
    }
    case 7: {
      // A copy of an object entry under another key (unknown fields, extra nesting).
      if (Array.isArray(s.parent)) return "no object";
      s.parent[rng.pick(["extra", "__proto__", "constructor", `${String(s.key)}_2`])] = structuredClone(
        s.value,
      );
      return `extra key beside ${s.path}`;
    }
    case 8: {
      set(s, rng.pick(["x".repeat(10_000), "\u0000", "DROP TABLE", "😀", "\u202e", "CSV-001\n"]));
      return `odd string ${s.path}`;
    }
    default: {
      const nums = all.filter((x) => typeof x.value === "number");
      if (nums.length === 0) return "no number";
      const t = rng.pick(nums);
      set(t, -(t.value as number));
      return `negate ${t.path}`;
    }
  }
}

/** Text-level damage of a JSON document (as bytes when the damage is an encoding). */
export function damageText(text: string, rng: Rng): { content: string | Uint8Array; label: string } {
  switch (rng.int(0, 5)) {
    case 0:
      return { content: `\uFEFF${text}`, label: "BOM" };
    case 1: {
      const at = rng.int(1, Math.max(1, text.length - 1));
      return { content: text.slice(0, at), label: `truncated at ${at}` };
    }
    case 2: {
      const b = Buffer.from(text);
      const at = rng.int(0, b.length - 1);
      return {
        content: Buffer.concat([b.subarray(0, at), Buffer.from([0xff, 0xc3]), b.subarray(at)]),
        label: `invalid UTF-8 at byte ${at}`,
      };
    }
    case 3:
      return {
        content: text.replace(/(\d+(\.\d+)?)/, "1e999"),
        label: "number literal 1e999 (Infinity when parsed)",
      };
    case 4:
      return { content: text.replace(/,/, ",,"), label: "double comma" };
    default:
      return { content: "", label: "empty" };
  }
}

export type { Json };
