// A fast path for valid documents, compiled once from the zod schema's own definitions (decision 0019).
// Zod's general interpreter spends about two thirds of validation in per-node payload and issue objects and
// the garbage they leave; most documents are valid, so each schema node is compiled here into a plain
// function that either returns exactly zod's output or FAIL. FAIL only means "ask zod": the caller then
// runs zod, whose result and error messages are authoritative. Any node kind or check not listed below
// delegates that subtree to zod itself, so new checks in case.ts (bounds, formats) keep working unchanged.
import { config, type z } from "zod";

export const FAIL: unique symbol = Symbol("fast-validate: ask zod");
type Fail = typeof FAIL;
type Validate = (value: unknown) => unknown | Fail;

/**
 * Each object, array and tuple node gets its own generated function (`new Function`, as zod's own JIT
 * does) where the runtime allows it. Closures made from one function literal share their type feedback,
 * so with one generic object validator every property access and every call of a field's validator was
 * megamorphic across all the schema's objects; a generated function per node has named property accesses
 * and calls that each see one target. Where code generation is not allowed (a strict Content Security
 * Policy, zod's `jitless` setting) the same logic runs as the generic closures below.
 */
let generate: boolean | undefined;
/** Set for one compilation by `compileFastValidator(schema, { generate: false })` (tests of the closures). */
let generateOverride: boolean | undefined;
function canGenerate(): boolean {
  if (generateOverride !== undefined) return generateOverride && (generate ?? probe());
  return generate ?? probe();
}
function probe(): boolean {
  try {
    generate = !config().jitless && new Function("return 1")() === 1;
  } catch {
    generate = false;
  }
  return generate;
}

/** `new Function(...names, body)(...values)`: a fresh function per schema node, its environment bound. */
function specialise(env: Record<string, unknown>, body: string): Validate {
  const names = Object.keys(env);
  return new Function(...names, body)(...names.map((k) => env[k])) as Validate;
}

// biome-ignore lint/suspicious/noExplicitAny: zod's internal definitions are untyped at this level.
type Def = any;
// biome-ignore lint/suspicious/noExplicitAny: as above.
type Schema = any;

/** Paths of the nodes left to zod, for the test that keeps the hot subtrees compiled. */
let delegated: string[] = [];

function delegate(schema: Schema, path: string): Validate {
  delegated.push(path);
  return (value) => {
    const r = (schema as z.ZodType).safeParse(value);
    return r.success ? r.data : FAIL;
  };
}

/** A predicate for the checks whose semantics are plain comparisons; null when one is not understood.
 * The checks are folded into one pair of bounds (the tightest of each side) and flags, so a number costs
 * one call rather than one closure per check. */
function numberChecks(checks: Def[]): ((v: number) => boolean) | null {
  let lo = Number.NEGATIVE_INFINITY;
  let loInclusive = true;
  let hi = Number.POSITIVE_INFINITY;
  let hiInclusive = true;
  let safeInt = false;
  const multiples: number[] = [];
  for (const c of checks) {
    const d = c._zod.def;
    if (d.when !== undefined) return null;
    if (d.check === "greater_than") {
      const x = d.value as number;
      if (typeof x !== "number") return null;
      // The tighter bound wins; at equal values the exclusive one is the tighter.
      if (x > lo || (x === lo && !d.inclusive)) {
        lo = x;
        loInclusive = d.inclusive === true;
      }
    } else if (d.check === "less_than") {
      const x = d.value as number;
      if (typeof x !== "number") return null;
      if (x < hi || (x === hi && !d.inclusive)) {
        hi = x;
        hiInclusive = d.inclusive === true;
      }
    } else if (d.check === "number_format" && d.format === "safeint") {
      safeInt = true;
    } else if (d.check === "multiple_of" && Number.isInteger(d.value) && d.value !== 0) {
      // Non-integers are left to zod (FAIL), which uses a float-safe remainder.
      multiples.push(d.value as number);
    } else return null;
  }
  const multiple = multiples.length === 1 ? (multiples[0] as number) : 0;
  if (multiples.length > 1) {
    return (v) =>
      (loInclusive ? v >= lo : v > lo) &&
      (hiInclusive ? v <= hi : v < hi) &&
      (!safeInt || Number.isSafeInteger(v)) &&
      Number.isInteger(v) &&
      multiples.every((x) => v % x === 0);
  }
  return (v) =>
    (loInclusive ? v >= lo : v > lo) &&
    (hiInclusive ? v <= hi : v < hi) &&
    (!safeInt || Number.isSafeInteger(v)) &&
    (multiple === 0 || (Number.isInteger(v) && v % multiple === 0));
}

/**
 * A refinement (`.refine(fn)`) is zod's $ZodCustom check, which fails exactly when `fn(value)` is falsy
 * (an issue is pushed) and is asynchronous when `fn` returns a Promise. Calling `fn` directly is the same
 * test without zod's payload object; any other custom check (superRefine, hand-made checks) runs through
 * zod's own `check` with a payload, as before.
 */
function refinement(c: Def): (value: unknown) => boolean {
  const d = c._zod.def;
  if (c._zod.traits?.has("$ZodCustom") && d.type === "custom" && typeof d.fn === "function") {
    const fn = d.fn as (value: unknown) => unknown;
    return (value) => {
      const r = fn(value);
      return !(r instanceof Promise) && Boolean(r);
    };
  }
  return (value) => {
    const payload = { value, issues: [] as unknown[] };
    if (c._zod.check(payload) instanceof Promise) return false;
    return payload.issues.length === 0;
  };
}

function allOf(preds: Array<(value: unknown) => boolean>): ((value: unknown) => boolean) | null {
  if (preds.length === 0) return null;
  if (preds.length === 1) return preds[0] as (value: unknown) => boolean;
  return (value) => {
    for (const p of preds) if (!p(value)) return false;
    return true;
  };
}

function lengthChecks(checks: Def[]): ((n: number) => boolean) | null {
  let min = 0;
  let max = Number.POSITIVE_INFINITY;
  for (const c of checks) {
    const d = c._zod.def;
    // Zod guards its length checks with `when` (run only on values that have a length); the compiled
    // functions test the type first, so the guard always holds here.
    if (d.check === "min_length") min = Math.max(min, d.minimum);
    else if (d.check === "max_length") max = Math.min(max, d.maximum);
    else return null;
  }
  return (n) => n >= min && n <= max;
}

function compileString(schema: Schema, def: Def, path: string): Validate {
  const patterns: RegExp[] = [];
  const lengthOnly: Def[] = [];
  const custom: Array<(value: unknown) => boolean> = [];
  if (def.format !== undefined) {
    if (!(def.pattern instanceof RegExp)) return delegate(schema, path);
    patterns.push(def.pattern);
  }
  for (const c of def.checks ?? []) {
    const d = c._zod.def;
    if (d.check === "string_format" && d.format === "regex" && d.pattern instanceof RegExp && !d.when)
      patterns.push(d.pattern);
    // Refinements (e.g. the plausible date range) run as zod runs them (see `refinement`).
    else if (d.check === "custom" && d.when === undefined) custom.push(refinement(c));
    else lengthOnly.push(c);
  }
  const len = lengthChecks(lengthOnly);
  if (len === null) return delegate(schema, path);
  const refined = allOf(custom);
  return (v) => {
    if (typeof v !== "string" || !len(v.length)) return FAIL;
    for (const p of patterns) {
      p.lastIndex = 0;
      if (!p.test(v)) return FAIL;
    }
    if (refined !== null && !refined(v)) return FAIL;
    return v;
  };
}

function compileObject(schema: Schema, def: Def, path: string): Validate {
  const catchall = def.catchall?._zod.def.type;
  if (catchall !== undefined && catchall !== "never") return delegate(schema, path);
  const strict = catchall === "never";
  const keys = Object.keys(def.shape);
  if (keys.some((k) => k in Object.prototype)) return delegate(schema, path);
  const fields = keys.map((k) => compile(def.shape[k], `${path}.${k}`));
  const checks: Def[] = def.checks ?? [];
  if (checks.some((c) => c._zod.def.check !== "custom" || c._zod.def.when !== undefined))
    return delegate(schema, path);
  const refined = allOf(checks.map(refinement));
  if (canGenerate()) return generatedObject(keys, fields, strict, refined);
  return (v) => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return FAIL;
    const input = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    let present = 0;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      const x = input[k];
      if (x !== undefined) present++;
      const r = (fields[i] as Validate)(x);
      if (r === FAIL) return FAIL;
      if (r !== undefined) out[k] = r;
      else if (k in input) out[k] = undefined;
    }
    if (strict) {
      let own = 0;
      for (const k in input) if (Object.hasOwn(input, k)) own++;
      if (own !== present) return FAIL;
    }
    if (refined !== null && !refined(out)) return FAIL;
    return out;
  };
}

/** The object validator of `compileObject` as straight-line code for one shape (see `specialise`). */
function generatedObject(
  keys: string[],
  fields: Validate[],
  strict: boolean,
  refined: ((value: unknown) => boolean) | null,
): Validate {
  const env: Record<string, unknown> = { FAIL, refined, hasOwn: Object.hasOwn };
  let body = `return function validateObject(v) {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return FAIL;
  const out = {};
  let present = 0;
  let x, r;
`;
  keys.forEach((k, i) => {
    env[`f${i}`] = fields[i];
    const key = JSON.stringify(k);
    body += `  x = v[${key}];
  if (x !== undefined) present++;
  r = f${i}(x);
  if (r === FAIL) return FAIL;
  if (r !== undefined) out[${key}] = r;
  else if (${key} in v) out[${key}] = undefined;
`;
  });
  if (strict) {
    body += `  let own = 0;
  for (const k in v) if (hasOwn(v, k)) own++;
  if (own !== present) return FAIL;
`;
  }
  if (refined !== null) body += "  if (!refined(out)) return FAIL;\n";
  body += "  return out;\n};";
  return specialise(env, body);
}

function compileUnion(schema: Schema, def: Def, path: string): Validate {
  const opts: Def[] = def.options.map((o: Schema) => o._zod.def);
  if (def.discriminator === undefined) {
    // A union of literals (e.g. WHO grade 2 | 3 | 4).
    if (!opts.every((o) => o.type === "literal")) return delegate(schema, path);
    const values = new Set(opts.flatMap((o) => o.values));
    return (v) => (values.has(v) ? v : FAIL);
  }
  const disc = def.discriminator as string;
  const byValue = new Map<unknown, Validate>();
  for (const o of def.options as Schema[]) {
    const d = o._zod.def;
    const tag = d.type === "object" ? d.shape[disc]?._zod.def : undefined;
    if (tag?.type !== "literal") return delegate(schema, path);
    const compiled = compile(o, `${path}|${tag.values[0]}`);
    for (const value of tag.values) byValue.set(value, compiled);
  }
  return (v) => {
    if (typeof v !== "object" || v === null) return FAIL;
    const option = byValue.get((v as Record<string, unknown>)[disc]);
    return option === undefined ? FAIL : option(v);
  };
}

function compile(schema: Schema, path: string): Validate {
  const def: Def = schema._zod.def;
  if (def.coerce) return delegate(schema, path);
  switch (def.type) {
    case "object":
      return compileObject(schema, def, path);
    case "string":
      return compileString(schema, def, path);
    case "number": {
      const ok = numberChecks(def.checks ?? []);
      if (ok === null) return delegate(schema, path);
      return (v) => (typeof v === "number" && Number.isFinite(v) && ok(v) ? v : FAIL);
    }
    case "boolean":
      return (v) => (typeof v === "boolean" ? v : FAIL);
    case "literal": {
      const values = new Set(def.values);
      return (v) => (values.has(v) ? v : FAIL);
    }
    case "enum": {
      const values = new Set(Object.values(def.entries));
      return (v) => (values.has(v) ? v : FAIL);
    }
    case "optional": {
      const inner = compile(def.innerType, path);
      return (v) => (v === undefined ? undefined : inner(v));
    }
    case "default": {
      // Zod returns the default (a fresh copy from its getter) without validating it.
      const inner = compile(def.innerType, path);
      const d0 = def.defaultValue;
      if (d0 === null || (typeof d0 !== "object" && typeof d0 !== "function")) {
        // A primitive default is the same value every time; zod's getter only copies objects and arrays.
        return (v) => (v === undefined ? d0 : inner(v));
      }
      if (Array.isArray(d0) && d0.length === 0) return (v) => (v === undefined ? [] : inner(v));
      return (v) => (v === undefined ? def.defaultValue : inner(v));
    }
    case "array": {
      const len = lengthChecks(def.checks ?? []);
      if (len === null) return delegate(schema, path);
      const element = compile(def.element, `${path}[]`);
      if (canGenerate()) {
        return specialise(
          { FAIL, len, element },
          `return function validateArray(v) {
  if (!Array.isArray(v) || !len(v.length)) return FAIL;
  const out = new Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const r = element(v[i]);
    if (r === FAIL) return FAIL;
    out[i] = r;
  }
  return out;
};`,
        );
      }
      return (v) => {
        if (!Array.isArray(v) || !len(v.length)) return FAIL;
        const out = new Array(v.length);
        for (let i = 0; i < v.length; i++) {
          const r = element(v[i]);
          if (r === FAIL) return FAIL;
          out[i] = r;
        }
        return out;
      };
    }
    case "tuple": {
      const itemDefs: Schema[] = def.items;
      if (def.rest !== null || (def.checks ?? []).length > 0) return delegate(schema, path);
      if (itemDefs.some((s) => s._zod.def.type === "optional")) return delegate(schema, path);
      const items = itemDefs.map((item, i) => compile(item, `${path}[${i}]`));
      if (items.length === 2) {
        // Diameter pairs, the commonest tuple: an array literal is cheaper than filling a new Array.
        // Arrays are always copied: an array may carry named properties that zod's copy drops, and
        // looking for them costs more than the copy.
        const [first, second] = items as [Validate, Validate];
        if (canGenerate()) {
          return specialise(
            { FAIL, first, second },
            `return function validatePair(v) {
  if (!Array.isArray(v) || v.length !== 2) return FAIL;
  const a = first(v[0]);
  if (a === FAIL) return FAIL;
  const b = second(v[1]);
  return b === FAIL ? FAIL : [a, b];
};`,
          );
        }
        return (v) => {
          if (!Array.isArray(v) || v.length !== 2) return FAIL;
          const a = first(v[0]);
          if (a === FAIL) return FAIL;
          const b = second(v[1]);
          return b === FAIL ? FAIL : [a, b];
        };
      }
      return (v) => {
        if (!Array.isArray(v) || v.length !== items.length) return FAIL;
        const out = new Array(v.length);
        for (let i = 0; i < items.length; i++) {
          const r = (items[i] as Validate)(v[i]);
          if (r === FAIL) return FAIL;
          out[i] = r;
        }
        return out;
      };
    }
    case "union":
      return compileUnion(schema, def, path);
    default:
      return delegate(schema, path);
  }
}

/** Compiles a zod schema into a function returning zod's output for values zod accepts, or FAIL. */
export function compileFastValidator<T>(
  schema: z.ZodType<T>,
  options: { generate?: boolean } = {},
): {
  validate: (value: unknown) => T | Fail;
  /** JSON paths of the subtrees validated by zod itself (kinds or checks not compiled here). */
  delegated: string[];
} {
  delegated = [];
  generateOverride = options.generate;
  try {
    const validate = compile(schema, "$") as (value: unknown) => T | Fail;
    return { validate, delegated };
  } finally {
    generateOverride = undefined;
  }
}
