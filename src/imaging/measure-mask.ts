// One mask (one time point) → its lesions with every measurement the criteria need: components per
// tumour part, volume from the affine, bidimensional and unidimensional diameters, extents and
// measurability (RANO 2.0: ≥ 10 mm in both perpendicular diameters, visible on ≥ 2 slices, the
// 2 × (slice thickness + gap) minimum for thick slices; cyst / cavity walls not measurable).
import { type Connectivity, componentsByPart } from "./components.ts";
import { ImagingInputError } from "./errors.ts";
import {
  defaultGeometryOptions,
  type LesionGeometryOptions,
  measureLesionGeometry,
  toWorld,
} from "./measure/lesion-geometry.ts";
import { getPreset, type LabelPreset, labelClassifier } from "./presets.ts";
import type { ImagingComponent, LabelVolume, MaskMeasurement, MeasuredLesion, Vec3 } from "./types.ts";

export interface MeasureOptions {
  /** A preset name or a parsed custom preset (presets.ts). */
  preset: string | LabelPreset;
  connectivity: Connectivity;
  /** Components smaller than this are dropped (segmentation speckle), mm³. */
  minVolumeMm3: number;
  /** Measurement plane; "auto" = the grid axis closest to world z (axial). */
  planeAxis: 0 | 1 | 2 | "auto";
  method: LesionGeometryOptions["method"];
  edgeConvention: LesionGeometryOptions["edgeConvention"];
  containmentToleranceMm: number;
  perpendicularityToleranceDeg: number;
  /** Measure enhancing lesions across their necrotic / cystic centre (RANO outer margin). */
  fillHoles: boolean;
  /** Acquisition slice thickness and gap, mm; default: the voxel spacing along the plane axis, gap 0. */
  sliceThicknessMm?: number;
  sliceGapMm?: number;
}

export const defaultMeasureOptions: MeasureOptions = {
  preset: "brats2021",
  connectivity: 26,
  minVolumeMm3: 10,
  planeAxis: "auto",
  method: defaultGeometryOptions.method,
  edgeConvention: defaultGeometryOptions.edgeConvention,
  containmentToleranceMm: defaultGeometryOptions.containmentToleranceMm,
  perpendicularityToleranceDeg: defaultGeometryOptions.perpendicularityToleranceDeg,
  fillHoles: true,
};

/** RANO 2.0 measurability minimum, mm (RANO2-MEAS-1). */
export const MIN_MEASURABLE_MM = 10;

/** The grid axis whose world direction is closest to world z (the axial acquisition axis). */
export function axialAxis(affine: LabelVolume["affine"]): 0 | 1 | 2 {
  let best: 0 | 1 | 2 = 2;
  let bestCos = -1;
  for (const c of [0, 1, 2] as const) {
    const n = Math.hypot(affine[0]![c]!, affine[1]![c]!, affine[2]![c]!);
    const cos = Math.abs(affine[2]![c]!) / n;
    if (cos > bestCos + 1e-9) {
      best = c;
      bestCos = cos;
    }
  }
  return best;
}

export function measureMask(volume: LabelVolume, options: Partial<MeasureOptions> = {}): MaskMeasurement {
  const o = { ...defaultMeasureOptions, ...options };
  const source = volume.source ?? "mask";
  const preset = typeof o.preset === "string" ? getPreset(o.preset) : o.preset;
  const classify = labelClassifier(preset);
  const [ni, nj, nk] = volume.dims;
  const n = ni * nj * nk;
  if (volume.labels.length !== n) {
    throw new ImagingInputError(source, `${volume.labels.length} labels for a ${ni} × ${nj} × ${nk} grid`);
  }
  // One pass over the grid: the part of every voxel (1 enhancing region = enhancing + necrosis,
  // 2 non-enhancing, 3 cavity), which voxels are truly enhancing, the labels the preset does not know,
  // and the sparse list of tumour voxels the component search starts from.
  const code = new Uint8Array(256).fill(255);
  const part = new Uint8Array(n);
  let cavityVoxels = 0;
  const unknown = new Set<number>();
  const seeds: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = volume.labels[i]!;
    if (label === 0) continue;
    let c = label < 256 ? code[label]! : 255;
    if (c === 255) {
      c = classify(label);
      if (label < 256) code[label] = c;
    }
    if (c === 0) {
      unknown.add(label);
      continue;
    }
    part[i] = c === 1 || c === 2 ? 1 : c === 3 ? 2 : 3;
    if (c === 4) cavityVoxels++;
    seeds.push(i);
  }
  const components = componentsByPart(part, volume.dims, o.connectivity, Uint32Array.from(seeds));
  const voxelMm3 = Math.abs(det3(volume.affine));
  const planeAxis = o.planeAxis === "auto" ? axialAxis(volume.affine) : o.planeAxis;
  const geometry: LesionGeometryOptions = {
    planeAxis,
    method: o.method,
    edgeConvention: o.edgeConvention,
    containmentToleranceMm: o.containmentToleranceMm,
    perpendicularityToleranceDeg: o.perpendicularityToleranceDeg,
  };
  const thickness = o.sliceThicknessMm ?? volume.spacingMm[planeAxis];
  const gap = o.sliceGapMm ?? 0;
  // RANO2-MEAS-1: thick slices raise the minimum to twice the slice thickness plus gap.
  const minimumMm = Math.max(MIN_MEASURABLE_MM, 2 * (thickness + gap));

  const lesions: MeasuredLesion[] = [];
  const parts: Array<[ImagingComponent, string, number]> = [
    ["enhancing", "E", 1],
    ["non_enhancing", "N", 2],
    ["cavity", "C", 3],
  ];
  for (const [component, prefix, partCode] of parts) {
    let index = 0;
    for (const { voxels } of components.filter((c) => c.part === partCode)) {
      // A component of necrosis alone is not an enhancing lesion.
      if (component === "enhancing" && !voxels.some((v) => classify(volume.labels[v]!) === 1)) continue;
      const volumeMm3 = voxels.length * voxelMm3;
      if (volumeMm3 < o.minVolumeMm3) continue;
      const geo = measureLesionGeometry(volume, voxels, {
        ...geometry,
        fillHoles: component !== "cavity" && o.fillHoles,
        // RANO-BM measures enhancing lesions only: the unidimensional diameter is computed for them.
        unidimensional: component === "enhancing",
      });
      const notes: string[] = [];
      const cavityWall = component !== "cavity" && cavityVoxels > 0 && touches(voxels, part, 3, volume.dims);
      let measurable = false;
      if (component !== "cavity") {
        const b = geo.bidimensional;
        if (!b || b.perpendicular.lengthMm < minimumMm || b.longest.lengthMm < minimumMm) {
          notes.push(
            `diameters ${b ? `${fmt(b.longest.lengthMm)} × ${fmt(b.perpendicular.lengthMm)}` : "none"} mm below the ${fmt(minimumMm)} mm minimum${minimumMm > MIN_MEASURABLE_MM ? ` (2 × (slice ${fmt(thickness)} + gap ${fmt(gap)} mm))` : ""}`,
          );
        }
        if (geo.sliceCount < 2) notes.push(`visible on ${geo.sliceCount} slice (needs ≥ 2)`);
        if (cavityWall)
          notes.push(
            "touches a resection cavity: cavity wall, not measurable unless a nodular component ≥ 10 × 10 mm (reader's call)",
          );
        measurable = notes.length === 0;
      } else notes.push("resection cavity: not a lesion");
      lesions.push({
        id: `${prefix}${++index}`,
        component,
        voxels,
        voxelCount: voxels.length,
        volumeMm3,
        centroidWorld: centroid(volume, voxels),
        sliceCount: geo.sliceCount,
        extentsMm: geo.extentsMm,
        ...(geo.bidimensional ? { bidimensional: geo.bidimensional } : {}),
        ...(geo.longestDiameterMm !== undefined ? { longestDiameterMm: geo.longestDiameterMm } : {}),
        measurable,
        notes,
        ...(component !== "cavity" ? { cavityWall } : {}),
      });
    }
  }
  const result: MaskMeasurement = {
    source,
    dims: volume.dims,
    spacingMm: volume.spacingMm,
    lesions,
  };
  if (unknown.size > 0) {
    result.warnings = [
      `labels ${[...unknown].sort((a, b) => a - b).join(", ")} are not part of the ${preset.name} preset and were ignored`,
    ];
  }
  return result;
}

const fmt = (x: number) => (Math.round(x * 10) / 10).toString();

function det3(A: LabelVolume["affine"]): number {
  const a = (r: number, c: number) => A[r]![c]!;
  return (
    a(0, 0) * (a(1, 1) * a(2, 2) - a(1, 2) * a(2, 1)) -
    a(0, 1) * (a(1, 0) * a(2, 2) - a(1, 2) * a(2, 0)) +
    a(0, 2) * (a(1, 0) * a(2, 1) - a(1, 1) * a(2, 0))
  );
}

function centroid(volume: LabelVolume, voxels: Uint32Array): Vec3 {
  const [ni, nj] = volume.dims;
  let si = 0;
  let sj = 0;
  let sk = 0;
  for (let n = 0; n < voxels.length; n++) {
    const p = voxels[n]!;
    const i = p % ni;
    const j = ((p - i) / ni) % nj;
    si += i;
    sj += j;
    sk += (p - i - ni * j) / (ni * nj);
  }
  const c = voxels.length || 1;
  return toWorld(volume, [si / c, sj / c, sk / c]);
}

/** Whether any voxel of the lesion has a 26-neighbour of part `code`. */
function touches(
  voxels: Uint32Array,
  part: Uint8Array,
  code: number,
  dims: readonly [number, number, number],
): boolean {
  const [ni, nj, nk] = dims;
  for (let n = 0; n < voxels.length; n++) {
    const p = voxels[n]!;
    const i = p % ni;
    const j = ((p - i) / ni) % nj;
    const k = (p - i - ni * j) / (ni * nj);
    for (let dk = -1; dk <= 1; dk++)
      for (let dj = -1; dj <= 1; dj++)
        for (let di = -1; di <= 1; di++) {
          const x = i + di;
          const y = j + dj;
          const z = k + dk;
          if (x < 0 || y < 0 || z < 0 || x >= ni || y >= nj || z >= nk) continue;
          if (part[x + ni * (y + nj * z)] === code) return true;
        }
  }
  return false;
}
