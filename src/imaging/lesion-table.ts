// The lesion table of one mask: the rows `ranokit measure` prints (table, JSON, CSV). Voxel lists
// stay out (they are for tracking), every number carries its unit in its column name.
import type { MaskMeasurement, MeasuredLesion } from "./types.ts";

export interface LesionRow {
  id: string;
  component: MeasuredLesion["component"];
  volumeMm3: number;
  longestMm: number | null;
  perpendicularMm: number | null;
  productMm2: number | null;
  longestDiameterMm: number | null;
  planeAxis: number | null;
  slice: number | null;
  slices: number;
  extentsMm: readonly [number, number, number];
  centroidWorldMm: readonly [number, number, number];
  measurable: boolean;
  cavityWall: boolean;
  notes: string[];
  /** End points of both diameters, voxel and world coordinates (for a viewer). */
  diameters?: MeasuredLesion["bidimensional"];
}

const r2 = (x: number) => Math.round(x * 100) / 100;

export function lesionRows(m: MaskMeasurement): LesionRow[] {
  return m.lesions.map((l) => ({
    id: l.id,
    component: l.component,
    volumeMm3: r2(l.volumeMm3),
    longestMm: l.bidimensional ? r2(l.bidimensional.longest.lengthMm) : null,
    perpendicularMm: l.bidimensional ? r2(l.bidimensional.perpendicular.lengthMm) : null,
    productMm2: l.bidimensional ? r2(l.bidimensional.productMm2) : null,
    longestDiameterMm: l.longestDiameterMm !== undefined ? r2(l.longestDiameterMm) : null,
    planeAxis: l.bidimensional?.planeAxis ?? null,
    slice: l.bidimensional?.slice ?? null,
    slices: l.sliceCount,
    extentsMm: l.extentsMm.map(r2) as unknown as [number, number, number],
    centroidWorldMm: l.centroidWorld.map(r2) as unknown as [number, number, number],
    measurable: l.measurable,
    cavityWall: l.cavityWall ?? false,
    notes: l.notes,
    ...(l.bidimensional ? { diameters: l.bidimensional } : {}),
  }));
}

export function formatLesionTable(source: string, rows: LesionRow[], warnings: string[] = []): string {
  const header = [
    "id",
    "component",
    "volume mm³",
    "diameters mm",
    "product mm²",
    "LD mm",
    "slice",
    "slices",
    "measurable",
  ];
  const body = rows.map((r) => [
    r.id,
    r.component,
    r.volumeMm3.toFixed(1),
    r.longestMm !== null ? `${r.longestMm.toFixed(1)} × ${r.perpendicularMm!.toFixed(1)}` : "—",
    r.productMm2 !== null ? r.productMm2.toFixed(1) : "—",
    r.longestDiameterMm !== null ? r.longestDiameterMm.toFixed(1) : "—",
    r.slice !== null ? String(r.slice) : "—",
    String(r.slices),
    r.measurable ? "yes" : "no",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join("  ")}`.trimEnd();
  const out = [`${source} · ${rows.length} ${rows.length === 1 ? "lesion" : "lesions"}`, line(header)];
  rows.forEach((r, i) => {
    out.push(line(body[i]!));
    for (const n of r.notes) out.push(`      ${n}`);
  });
  for (const w of warnings) out.push(`  warning: ${w}`);
  return `${out.join("\n")}\n`;
}

export const CSV_HEADER = [
  "file",
  "id",
  "component",
  "volume_mm3",
  "longest_mm",
  "perpendicular_mm",
  "product_mm2",
  "longest_diameter_mm",
  "plane_axis",
  "slice",
  "slices",
  "extent_i_mm",
  "extent_j_mm",
  "extent_k_mm",
  "centroid_x_mm",
  "centroid_y_mm",
  "centroid_z_mm",
  "measurable",
  "cavity_wall",
  "notes",
];

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

export function lesionCsvLines(source: string, rows: LesionRow[]): string[] {
  return rows.map((r) =>
    [
      source,
      r.id,
      r.component,
      r.volumeMm3,
      r.longestMm,
      r.perpendicularMm,
      r.productMm2,
      r.longestDiameterMm,
      r.planeAxis,
      r.slice,
      r.slices,
      ...r.extentsMm,
      ...r.centroidWorldMm,
      r.measurable,
      r.cavityWall,
      r.notes.join("; "),
    ]
      .map(csvCell)
      .join(","),
  );
}
