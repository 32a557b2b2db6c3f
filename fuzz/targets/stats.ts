// The four statistics commands as fuzz targets (src/stats, src/cli/commands/{roc,accuracy,agreement,
// pool}.ts): how a valid table of each looks, which columns the options read, what degenerate data
// must be warned about, and the library calls that must give the CLI's numbers.
import { analyseAccuracy } from "../../src/stats/accuracy/index.ts";
import { blandAltman, cohenKappa, linConcordance } from "../../src/stats/agreement/index.ts";
import { parseBinary } from "../../src/stats/binary-values.ts";
import { poolAccuracy } from "../../src/stats/pooling/index.ts";
import { type Direction, deLongAuc, pairedDeLong } from "../../src/stats/roc/index.ts";
import type { CellKind, Table } from "../csv-text.ts";
import type { Rng } from "../rng.ts";
import type { Failure, Target } from "../types.ts";
import { intervalFailures, statsTarget } from "./stats-table.ts";

const format = (rng: Rng) => ["-f", rng.chance(0.6) ? "json" : "table"];
const opt = (args: string[], name: string) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};
const col = (t: Table, c: string) => t.rows.map((r) => r[t.header.indexOf(c)]!);
const num = (t: Table, c: string) => col(t, c).map(Number);
const dec = (x: number) => (Math.round(x * 1000) / 1000).toFixed(rngDigits(x));
const rngDigits = (x: number) => (Math.abs(x) < 10 ? 3 : 1);
const rows = (rng: Rng, lo: number, hi: number) => rng.int(lo, hi);
/** "id:name ref:binary" → the column list of a spec. */
const cols = (spec: string) =>
  spec.split(" ").map((c) => {
    const [name, kind] = c.split(":") as [string, CellKind];
    return { name, kind };
  });

// ── roc ──────────────────────────────────────────────────────────────────────────────────────────
const roc: Target = statsTarget({
  name: "roc",
  command: "roc",
  columns: cols("id:name ref:binary m1:decimal m2:decimal"),
  table(rng) {
    const n = rows(rng, 6, 40);
    const shift = rng.float() * 2;
    const body = Array.from({ length: n }, (_, i) => {
      const pos = i < 2 ? i === 0 : rng.chance(0.5);
      const m1 = rng.normal() + (pos ? shift : 0);
      // Integer-valued second marker: many ties.
      const m2 = rng.int(0, 4) + (pos ? rng.int(0, 2) : 0);
      return [
        String(i + 1),
        pos ? rng.pick(["1", "yes", "pos"]) : rng.pick(["0", "no", "neg"]),
        dec(m1),
        String(m2),
      ];
    });
    const markers = rng.chance(0.4) ? "m1,m2" : rng.pick(["m1", "m2"]);
    const args = ["--reference", "ref", "--marker", markers];
    if (rng.chance(0.3))
      args.push(
        "--direction",
        rng
          .pick(["lower", "higher", "higher,lower"])
          .split(",")
          .slice(0, markers.split(",").length)
          .join(","),
      );
    if (rng.chance(0.3))
      args.push(rng.pick(["--target-sensitivity", "--target-specificity"]), rng.pick(["0.9", "1", "0.5"]));
    if (rng.chance(0.2)) args.push("--ci", "wilson");
    return { table: { header: ["id", "ref", "m1", "m2"], rows: body }, args: [...args, ...format(rng)] };
  },
  used: (args) => ["ref", ...opt(args, "--marker")!.split(",")],
  degenerate(rng, t) {
    const c = t.header.indexOf(rng.pick(["m1", "m2"]));
    if (rng.chance(0.5)) {
      const v = rng.pick(["5", "0", "-2.5"]);
      for (const r of t.rows) r[c] = v;
      return `every marker value ${v}`;
    }
    for (const r of t.rows) r[c] = parseBinary(r[1]!) ? "10" : "1";
    return "classes separated";
  },
  domainRefusal: /both classes are needed/,
  summary: (j) =>
    (
      j as { markers: Array<{ auc: unknown }>; paired: { difference: number; z: number | null } | null }
    ).markers
      .map((m) => m.auc)
      .concat((j as { paired: unknown }).paired ? [pairedPart((j as { paired: never }).paired)] : []),
  library(t, args) {
    const markers = opt(args, "--marker")!.split(",");
    const dirs = (opt(args, "--direction") ?? "higher").split(",") as Direction[];
    const d = (k: number) => dirs[dirs.length === 1 ? 0 : k]!;
    const positive = col(t, "ref").map((v) => parseBinary(v)!);
    const out: unknown[] = markers.map((m, k) => deLongAuc(num(t, m), positive, d(k)));
    if (markers.length === 2)
      out.push(pairedPart(pairedDeLong(num(t, markers[0]!), num(t, markers[1]!), positive, [d(0), d(1)])));
    return out;
  },
  invariants(j) {
    const f: Failure[] = [];
    for (const m of (j as { markers: Array<{ marker: string; auc: AucLike }> }).markers) {
      f.push(
        ...intervalFailures(`AUC ${m.marker}`, {
          estimate: m.auc.auc,
          lower: m.auc.lower,
          upper: m.auc.upper,
        }),
      );
      if (m.auc.se === 0 && m.auc.warning === null)
        f.push({ cls: "missing-warning", detail: `AUC ${m.marker}: zero-width CI without a warning` });
      if (m.auc.se === 0 && m.auc.auc !== 0 && m.auc.auc !== 1 && /do not overlap/.test(m.auc.warning ?? ""))
        f.push({ cls: "misleading-message", detail: `AUC ${m.auc.auc} called "do not overlap"` });
    }
    return f;
  },
});
interface AucLike {
  auc: number;
  se: number | null;
  lower: number | null;
  upper: number | null;
  warning: string | null;
}
const pairedPart = (p: { difference: number; z: number | null; p: number | null }) => ({
  difference: p.difference,
  z: p.z,
  p: p.p,
});

// ── accuracy ─────────────────────────────────────────────────────────────────────────────────────
const CONF_LEVELS = ["0.95", "0.9", "0.99", "0.999", "0.9999999", "0.5", "0.975", ".8"];
const accuracy: Target = statsTarget({
  name: "accuracy",
  command: "accuracy",
  columns: cols("pid:name ref:binary A:binary B:binary"),
  table(rng) {
    const n = rows(rng, 6, 40);
    const sens = rng.float();
    const spec = rng.float();
    const body = Array.from({ length: n }, (_, i) => {
      const ref = i < 2 ? i === 0 : rng.chance(0.5);
      const call = () => (ref ? rng.chance(sens) : !rng.chance(spec));
      const b = (x: boolean) => (x ? rng.pick(["1", "pos", "yes"]) : rng.pick(["0", "neg", "no"]));
      return [`P${rng.int(1, Math.max(2, n >> 1))}`, b(ref), b(call()), b(call())];
    });
    const args = ["--reference", "ref", "--tests", rng.chance(0.6) ? "A,B" : "A"];
    const two = args[3] === "A,B";
    if (two && rng.chance(0.4)) args.push("--combine", rng.pick(["A|B", "A&B"]));
    if (two && rng.chance(0.4)) args.push("--compare", "A,B");
    const level = rng.int(0, 3);
    if (level === 1) args.push("--level", "patient", "--patient-column", "pid");
    if (level === 2) args.push("--cluster-robust", "--patient-column", "pid");
    if (rng.chance(0.3)) args.push("--ci", "clopper-pearson");
    if (rng.chance(0.5)) args.push("--conf-level", rng.pick(CONF_LEVELS));
    return { table: { header: ["pid", "ref", "A", "B"], rows: body }, args: [...args, ...format(rng)] };
  },
  used: (args) => [
    "ref",
    ...opt(args, "--tests")!.split(","),
    ...(opt(args, "--patient-column") ? ["pid"] : []),
  ],
  degenerate(rng, t) {
    const v = rng.pick(["1", "0"]);
    for (const r of t.rows) r[2] = v;
    return `test A always ${v}`;
  },
  domainRefusal: /^$/,
  summary: (j) => (j as { tests: unknown[] }).tests.map(accuracyPart),
  library(t, args) {
    const tests = opt(args, "--tests")!.split(",");
    const cases = t.rows.map((r) => ({
      patient: r[0]!,
      reference: parseBinary(r[1]!)!,
      results: { A: parseBinary(r[2]!)!, B: parseBinary(r[3]!)! },
    }));
    const combine = opt(args, "--combine");
    const report = analyseAccuracy(cases, {
      tests,
      combinations: combine ? [combine] : [],
      level: opt(args, "--level") === "patient" ? "patient" : "lesion",
      ciMethod: opt(args, "--ci") === "clopper-pearson" ? "clopper-pearson" : "wilson",
      confidence: Number(opt(args, "--conf-level") ?? "0.95"),
      comparisons: [],
      clusterRobust: args.includes("--cluster-robust"),
    });
    return report.tests.map(accuracyPart);
  },
  invariants(j) {
    const f: Failure[] = [];
    const r = j as { tests: Array<Record<string, unknown> & { test: string }>; warnings: string[] };
    for (const t of r.tests) {
      for (const k of ["sensitivity", "specificity", "ppv", "npv", "accuracy", "prevalence"])
        f.push(...intervalFailures(`${t.test} ${k}`, t[k] as never));
      for (const k of ["positiveLikelihoodRatio", "negativeLikelihoodRatio"]) {
        const lr = t[k] as {
          estimate: number | null;
          lower: number | null;
          upper: number | null;
          warning: string | null;
        };
        f.push(...intervalFailures(`${t.test} ${k}`, lr, [0, Number.MAX_VALUE]));
        if (lr.lower !== null && lr.lower === lr.upper && !r.warnings.some((w) => w.startsWith(`${t.test}:`)))
          f.push({ cls: "missing-warning", detail: `${t.test} ${k}: zero-width CI without a warning` });
      }
    }
    return f;
  },
  text(stdout, args) {
    // The label must give back the level as written: "0.9999999" → "99.99999% CIs", never "100%".
    const raw = opt(args, "--conf-level") ?? "0.95";
    const want = `${percentOf(raw)}% CIs`;
    return stdout.includes(want) ? [] : [{ cls: "wrong-label", detail: `--conf-level ${raw}: no "${want}"` }];
  },
});
const accuracyPart = (t: unknown) => {
  const x = t as Record<string, { estimate: number | null; lower: number | null; upper: number | null }>;
  const p = (k: string) => [x[k]!.estimate, x[k]!.lower, x[k]!.upper];
  return ["sensitivity", "specificity", "ppv", "npv", "accuracy", "positiveLikelihoodRatio"].map(p);
};
/** "0.9999999" → "99.99999", ".8" → "80" by moving the decimal point: an oracle independent of floats. */
export function percentOf(raw: string): string {
  const frac = raw.split(".")[1] ?? "";
  const whole = frac
    .slice(0, 2)
    .padEnd(2, "0")
    .replace(/^0(?=\d)/, "");
  const tail = frac.slice(2).replace(/0+$/, "");
  return tail === "" ? whole : `${whole}.${tail}`;
}

// ── agreement (categories) ───────────────────────────────────────────────────────────────────────
const CATS = ["CR", "PR", "MR", "SD", "PD"];
const agreement: Target = statsTarget({
  name: "agreement",
  command: "agreement",
  columns: cols("id:name A:category B:category C:category"),
  table(rng) {
    const n = rows(rng, 4, 40);
    const k = rng.int(2, 5);
    const cats = CATS.slice(0, k);
    const body = Array.from({ length: n }, (_, i) => {
      const truth = rng.pick(cats);
      const rate = () => (rng.chance(0.7) ? truth : rng.pick(cats));
      return [String(i + 1), rate(), rate(), rate()];
    });
    const readers = rng.chance(0.4) ? "A,B,C" : "A,B";
    const args = ["--readers", readers];
    if (rng.chance(0.5)) {
      args.push("--categories", cats.join(","));
      if (rng.chance(0.6)) args.push("--weights", rng.pick(["linear", "quadratic", "none"]));
    }
    return { table: { header: ["id", "A", "B", "C"], rows: body }, args: [...args, ...format(rng)] };
  },
  used: (args) => opt(args, "--readers")!.split(","),
  degenerate(rng, t) {
    const v = t.rows[0]![1]!;
    for (const r of t.rows) r[1] = v;
    if (rng.chance(0.3)) for (const r of t.rows) r[2] = v;
    return `reader A always ${v}`;
  },
  domainRefusal: /^$/,
  summary: (j) => (j as { cohen: Array<{ result: unknown }> }).cohen.map((c) => kappaPart(c.result)),
  library(t, args) {
    const readers = opt(args, "--readers")!.split(",");
    const given = opt(args, "--categories")?.split(",");
    const ratings = readers.map((r) => col(t, r));
    const categories = given ?? [...new Set(ratings.flat())].sort();
    const out: unknown[] = [];
    for (let i = 0; i < readers.length; i++)
      for (let j = i + 1; j < readers.length; j++) {
        try {
          out.push(
            kappaPart(
              cohenKappa(
                ratings[i]!.map((v) => categories.indexOf(v)),
                ratings[j]!.map((v) => categories.indexOf(v)),
                categories,
                (opt(args, "--weights") ?? "none") as never,
              ),
            ),
          );
        } catch (e) {
          out.push(kappaPart({ undefined: (e as Error).message }));
        }
      }
    return out;
  },
  invariants(j) {
    const f: Failure[] = [];
    for (const c of (j as { cohen: Array<{ a: string; b: string; result: Record<string, number | null> }> })
      .cohen) {
      const k = c.result;
      if ("undefined" in k) continue;
      f.push(
        ...intervalFailures(
          `κ ${c.a}/${c.b}`,
          { estimate: k.kappa, lower: k.lower, upper: k.upper },
          [-1, 1],
        ),
      );
      if (k.lower === k.upper && !k.warning)
        f.push({ cls: "missing-warning", detail: `κ ${c.a}/${c.b}: zero-width CI without a warning` });
    }
    return f;
  },
});
const kappaPart = (k: unknown) => {
  const x = k as Record<string, unknown>;
  return "undefined" in x
    ? { undefined: true }
    : { kappa: x.kappa, se: x.se, lower: x.lower, upper: x.upper };
};

// ── agreement --measure ──────────────────────────────────────────────────────────────────────────
const measurement: Target = statsTarget({
  name: "agreement-measure",
  command: "agreement",
  columns: cols("id:name A:decimal B:decimal"),
  table(rng) {
    const n = rows(rng, 3, 40);
    const bias = rng.normal();
    const body = Array.from({ length: n }, (_, i) => {
      const x = 10 + 5 * rng.normal();
      return [String(i + 1), dec(x), dec(x + bias + rng.normal() * 0.5)];
    });
    const args = ["--readers", "A,B", "--measure", ...(rng.chance(0.5) ? ["--unit", "mm²"] : [])];
    return { table: { header: ["id", "A", "B"], rows: body }, args: [...args, ...format(rng)] };
  },
  used: () => ["A", "B"],
  degenerate(rng, t) {
    if (rng.chance(0.5)) {
      for (const r of t.rows) r[2] = r[1]!;
      return "B = A";
    }
    for (const r of t.rows) r[1] = "7";
    return "A constant";
  },
  domainRefusal: /^$/,
  summary: (j) => {
    const x = j as { concordance: Record<string, unknown>; blandAltman: Record<string, unknown> };
    return [
      x.concordance.ccc ?? "undefined",
      (x.blandAltman.bias as { estimate?: number })?.estimate ?? "undefined",
    ];
  },
  library(t) {
    const a = num(t, "A");
    const b = num(t, "B");
    const ccc = (() => {
      try {
        return linConcordance(a, b).ccc;
      } catch {
        return "undefined";
      }
    })();
    const bias = (() => {
      try {
        return blandAltman(a, b).bias.estimate;
      } catch {
        return "undefined";
      }
    })();
    return [ccc, bias];
  },
  invariants(j) {
    const c = (j as { concordance: { ccc?: number; lower?: number | null; upper?: number | null } })
      .concordance;
    return c.ccc === undefined
      ? []
      : intervalFailures("CCC", { estimate: c.ccc, lower: c.lower, upper: c.upper }, [-1, 1]);
  },
});

// ── pool ─────────────────────────────────────────────────────────────────────────────────────────
const pool: Target = statsTarget({
  name: "pool",
  command: "pool",
  columns: cols("study:name tp:count fp:count fn:count tn:count"),
  table(rng) {
    const n = rows(rng, 1, 15);
    const body = Array.from({ length: n }, (_, i) => {
      const d = rng.int(1, 80);
      const h = rng.int(1, 80);
      const tp = rng.int(0, d);
      const tn = rng.int(0, h);
      return [
        `Study ${String.fromCharCode(65 + i)} ${2000 + i}`,
        String(tp),
        String(h - tn),
        String(d - tp),
        String(tn),
      ];
    });
    return { table: { header: ["study", "tp", "fp", "fn", "tn"], rows: body }, args: format(rng) };
  },
  used: () => ["study", "tp", "fp", "fn", "tn"],
  degenerate(rng, t) {
    if (rng.chance(0.5)) {
      t.rows.splice(1);
      return "one study";
    }
    for (const r of t.rows) r[2] = "0";
    return "no false positives anywhere";
  },
  uniqueNames: true,
  domainRefusal: /no diseased cases|no non-diseased cases/,
  summary: (j) => poolPart(j),
  library: (t) =>
    poolPart(
      poolAccuracy(
        t.rows.map((r) => ({
          study: r[0]!,
          tp: Number(r[1]),
          fp: Number(r[2]),
          fn: Number(r[3]),
          tn: Number(r[4]),
        })),
      ),
    ),
  invariants(j) {
    const r = j as {
      k: number;
      sensitivity: Record<string, number | null>;
      specificity: Record<string, number | null>;
    };
    const f: Failure[] = [];
    for (const k of ["sensitivity", "specificity"] as const) {
      const p = r[k];
      f.push(...intervalFailures(`pooled ${k}`, p));
      if ((p.tau2 === null) !== (r.k === 1))
        f.push({ cls: "invariant", detail: `τ² ${p.tau2} with ${r.k} studies (null exactly when k = 1)` });
      if (typeof p.tau2 === "number" && p.tau2 < 0) f.push({ cls: "invariant", detail: `τ² ${p.tau2} < 0` });
    }
    return f;
  },
});
const poolPart = (j: unknown) => {
  const r = j as Record<"sensitivity" | "specificity", Record<string, unknown>> & { k: number };
  const p = (x: Record<string, unknown>) => [x.estimate, x.lower, x.upper, x.tau2, x.q];
  return [r.k, p(r.sensitivity), p(r.specificity)];
};

export const statsTargets: Target[] = [roc, accuracy, agreement, measurement, pool];
