// The dependency direction (docs/decisions/0001-architecture.md, 0024-application-layer.md), checked
// on every import of src/: engine ← stats|io|imaging|endpoints|workup|… ← app ← cli|server. The engine
// imports nothing outside itself but zod; the application layer and the libraries below it import
// neither the command line nor the server. A plain scan of import specifiers (static, dynamic and
// `export … from`), resolved against the importing file.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const SRC = join(ROOT, "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(e.name) && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g;

/** Every import of a source text: the specifier and, for a relative one, the src/-relative target. */
function importsOf(file: string, text: string): Array<{ specifier: string; target: string | null }> {
  // Comments may mention imports ("import { x } from"): drop them first.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
  return [...code.matchAll(SPECIFIER)].map((m) => {
    const specifier = m[1]!;
    const target = specifier.startsWith(".") ? relative(SRC, resolve(dirname(file), specifier)) : null;
    return { specifier, target };
  });
}

/** The first folder under src/ ("engine", "app", "cli" …), or ".." for anything outside src/. */
const layerOf = (srcRelative: string) => (srcRelative.startsWith("..") ? ".." : srcRelative.split("/")[0]!);

interface Rule {
  layers: string[];
  /** Relative imports must stay in these layers. */
  allowedLayers?: string[];
  forbiddenLayers?: string[];
  /** Bare (package) imports allowed; undefined = any. */
  allowedPackages?: string[];
}

const LIBRARIES = ["stats", "io", "imaging", "endpoints", "workup", "plots", "dicom"];
const RULES: Rule[] = [
  { layers: ["engine"], allowedLayers: ["engine"], allowedPackages: ["zod"] },
  { layers: ["app", ...LIBRARIES], forbiddenLayers: ["cli", "server", ".."] },
];

type Source = { file: string; text: string };
const allSources = (): Source[] =>
  sourceFiles(SRC).map((file) => ({ file, text: readFileSync(file, "utf8") }));

function violations(rule: Rule, sources: Source[] = allSources()): string[] {
  const found: string[] = [];
  for (const { file, text } of sources) {
    const from = relative(SRC, file);
    if (!rule.layers.includes(layerOf(from))) continue;
    for (const { specifier, target } of importsOf(file, text)) {
      if (target === null) {
        if (rule.allowedPackages && !rule.allowedPackages.includes(specifier))
          found.push(`src/${from} imports the package "${specifier}"`);
        continue;
      }
      const to = layerOf(target);
      if (to === layerOf(from)) continue;
      if ((rule.allowedLayers && !rule.allowedLayers.includes(to)) || rule.forbiddenLayers?.includes(to))
        found.push(`src/${from} imports ${to === ".." ? specifier : `src/${target}`}`);
    }
  }
  return found;
}

describe("layer boundaries", () => {
  it("src/engine imports nothing outside src/engine (and no package but zod)", () => {
    expect(violations(RULES[0]!)).toEqual([]);
  });

  it("src/app and the libraries (stats, io, imaging, …) import neither src/cli nor src/server", () => {
    expect(violations(RULES[1]!)).toEqual([]);
  });

  it("the scan sees static, dynamic and re-export imports, not ones in comments", () => {
    const file = join(SRC, "engine/x.ts");
    const text = [
      'import { a } from "../cli/run.ts";',
      'export * from "./core/dates.ts";',
      'const m = await import("../server/app.ts");',
      'import "node:fs";',
      '// import { b } from "../server/context.ts";',
      '/* import { c } from "../app/errors.ts"; */',
    ].join("\n");
    expect(importsOf(file, text)).toEqual([
      { specifier: "../cli/run.ts", target: "cli/run.ts" },
      { specifier: "./core/dates.ts", target: "engine/core/dates.ts" },
      { specifier: "../server/app.ts", target: "server/app.ts" },
      { specifier: "node:fs", target: null },
    ]);
    expect(layerOf("cli/run.ts")).toBe("cli");
  });

  it("the rules catch an engine importing the app layer or node:fs, and an app module importing the server", () => {
    const planted: Source[] = [
      {
        file: join(SRC, "engine/x.ts"),
        text: 'import { assessCase } from "../app/assess-case.ts";\nimport "node:fs";',
      },
      { file: join(SRC, "app/x.ts"), text: 'import type { Ctx } from "../server/context.ts";' },
      { file: join(SRC, "stats/x.ts"), text: 'import { UsageError } from "../cli/errors.ts";' },
      {
        file: join(SRC, "cli/x.ts"),
        text: 'import { accuracyAnalysis } from "../app/accuracy-analysis.ts";',
      },
    ];
    expect(violations(RULES[0]!, planted)).toEqual([
      "src/engine/x.ts imports src/app/assess-case.ts",
      'src/engine/x.ts imports the package "node:fs"',
    ]);
    expect(violations(RULES[1]!, planted)).toEqual([
      "src/app/x.ts imports src/server/context.ts",
      "src/stats/x.ts imports src/cli/errors.ts",
    ]);
    expect(allSources().filter((s) => s.file.includes("/src/engine/")).length).toBeGreaterThan(20);
  });
});
