// Lesion-by-time table for `ranokit track`: one row per tracked lesion, one column per time point.

import type { BuiltCase, LineageCell } from "../../imaging/case-builder/index.ts";
import { wrap } from "./layout.ts";
import { legend } from "./legend.ts";

const ROLE: Record<string, string> = {
  target: "target",
  non_target: "non-target",
  new: "new",
  before_baseline: "pre-baseline",
};

const one = (x: number) => (Math.round(x * 10) / 10).toFixed(1);

function cellText(c: LineageCell, criteria: BuiltCase["criteria"]): string {
  switch (c.state) {
    case "unseen":
      return "·";
    case "absent":
      return "absent";
    case "merged":
      return `→ ${c.into}`;
    case "present": {
      if (!c.diametersMm) return "n/m";
      if (c.fragments === 1) return `${one(c.diametersMm[0])}×${one(c.diametersMm[1])}`;
      // Several fragments are summed: show the sum the engine will use.
      return criteria === "bm"
        ? `ΣLD ${one(c.diametersMm[0])} (${c.fragments} parts)`
        : `Σ ${one(c.diametersMm[0] * c.diametersMm[1])} mm² (${c.fragments} parts)`;
    }
  }
}

export function formatTrackTable(built: BuiltCase, dates: ReadonlyArray<string>, width = 120): string {
  const b = built.baselineIndex;
  const header = ["lesion", "component", "role", ...dates.map((d, t) => (t === b ? `${d} (BL)` : d))];
  const rows = built.rows.map((r) => [
    r.id,
    r.component === "enhancing" ? "enhancing" : "non-enhancing",
    ROLE[r.role] ?? r.role,
    ...r.cells.map((c) => cellText(c, built.criteria)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  const out = [
    `${built.criteria === "bm" ? "RANO-BM" : "RANO 2.0"} · diameters in mm (longest × perpendicular)`,
    line(header),
    ...rows.map(line),
  ];
  if (rows.length === 0) out.push("(no lesions of an assessed component)");
  out.push(
    ...wrap(
      `targets: ${built.targets.join(", ") || "none"}; non-targets: ${built.nonTargets.join(", ") || "none"}; new: ${built.newLesions.map((n) => `${n.id} (${n.firstSeen})`).join(", ") || "none"}`,
      width,
      "",
      "  ",
    ),
  );
  for (const n of built.notes) out.push(...wrap(`note: ${n}`, width, "", "  "));
  for (const a of built.document.assessments)
    if (a.note) out.push(...wrap(`${a.date}: ${a.note}`, width, "", "  "));
  const text = out.join("\n");
  const cells = rows.flat();
  const key = [
    ...(cells.includes("·") ? ["· not yet seen"] : []),
    ...(cells.some((c) => c.includes("n/m")) ? ["n/m no bidimensional measurement"] : []),
    ...(cells.some((c) => c.includes("→")) ? ["→ merged into"] : []),
    ...(cells.some((c) => c.includes("Σ")) ? ["Σ sum of the fragments"] : []),
  ];
  out.push(...legend(text, width, "", key));
  return `${out.join("\n")}\n`;
}
