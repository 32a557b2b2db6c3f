// One mask (one time point) → its lesions with every measurement the criteria need: components per
// tumour part, volume from the affine, bidimensional and unidimensional diameters, extents and
// measurability (RANO 2.0: ≥ 10 mm in both perpendicular diameters, visible on ≥ 2 slices, the
// 2 × (slice thickness + gap) minimum for thick slices; cyst / cavity walls not measurable).
import {
  type Connectivity,
  componentVoxels,
  labelRunComponents,
  type PartRuns,
  RunBuilder,
  type RunComponents,
} from "./components.ts";
import { ImagingInputError } from "./errors.ts";
import {
  defaultGeometryOptions,
  type LesionGeometryOptions,
  type LesionRuns,
  measureLesionRuns,
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
  /** Also find RANO-BM's unidimensional measurement (the longest in-plane diameter over all slices) of
   * enhancing lesions. Off by default: only RANO-BM reads it, and it visits every slice (`ranokit track`
   * and `ranokit measure --longest-diameter` turn it on). */
  longestDiameter: boolean;
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
  longestDiameter: false,
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
  // One pass over the grid turns it into runs of equal part (1 enhancing region = enhancing + necrosis,
  // 2 non-enhancing, 3 cavity) along i; each run records whether it holds a truly enhancing voxel.
  // Labels the preset does not know are collected. Components are then joined over the runs.
  const unknown = new Set<number>();
  const runs = scanParts(volume, classify, unknown);
  let hasCavity = false;
  if (runs.partsSeen & (1 << 3)) hasCavity = true;
  const comps = labelRunComponents(runs, o.connectivity, hasCavity ? 3 : 0);
  const voxelMm3 = Math.abs(det3(volume.affine));
  const planeAxis = o.planeAxis === "auto" ? axialAxis(volume.affine) : o.planeAxis;
  // One options object for every lesion (its two per-lesion fields are set before each call).
  const geometry: LesionGeometryOptions = {
    planeAxis,
    method: o.method,
    edgeConvention: o.edgeConvention,
    containmentToleranceMm: o.containmentToleranceMm,
    perpendicularityToleranceDeg: o.perpendicularityToleranceDeg,
    fillHoles: o.fillHoles,
    unidimensional: false,
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
  const borders: string[] = [];
  for (const [component, prefix, partCode] of parts) {
    let index = 0;
    // Largest first (ties: first voxel first); specks below the minimum volume never become objects.
    const kept: number[] = [];
    for (let c = 0; c < comps.count; c++) {
      if (comps.part[c] !== partCode || comps.voxelCount[c]! * voxelMm3 < o.minVolumeMm3) continue;
      // A component of necrosis alone is not an enhancing lesion.
      if (component === "enhancing" && (comps.flags[c]! & ENHANCING) === 0) continue;
      kept.push(c);
    }
    kept.sort((x, y) => comps.voxelCount[y]! - comps.voxelCount[x]! || x - y);
    for (const c of kept) {
      const volumeMm3 = comps.voxelCount[c]! * voxelMm3;
      const lesionRuns = componentRuns(comps, c);
      geometry.fillHoles = component !== "cavity" && o.fillHoles;
      // RANO-BM measures enhancing lesions only: the unidimensional diameter is computed for them.
      geometry.unidimensional = o.longestDiameter && component === "enhancing";
      const geo = measureLesionRuns(volume, lesionRuns, geometry);
      const notes: string[] = [];
      const cavityWall = component !== "cavity" && comps.touches[c] === 1;
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
      const id = `${prefix}${++index}`;
      // A lesion cut by the field of view is measured as segmented, but may be larger than it looks.
      const faces = borderFaces(
        comps.min.subarray(3 * c, 3 * c + 3),
        comps.max.subarray(3 * c, 3 * c + 3),
        volume.dims,
        volume.fieldOfView,
      );
      if (faces.length > 0) {
        notes.push(`touches the image border (${faces.join(", ")}): may be truncated by the field of view`);
        borders.push(id);
      }
      // Built key by key (no object spread): the keys keep this order.
      const lesion = {
        id,
        component,
        // Sorted voxel indices, built on first use (only lesion tracking reads them).
        get voxels(): Uint32Array {
          const v = componentVoxels(runs, comps, c);
          Object.defineProperty(this, "voxels", { value: v, enumerable: true, writable: true });
          return v;
        },
        voxelCount: comps.voxelCount[c]!,
        volumeMm3,
        centroidWorld: centroid(volume, lesionRuns),
        sliceCount: geo.sliceCount,
        extentsMm: geo.extentsMm,
      } as MeasuredLesion;
      if (geo.bidimensional) lesion.bidimensional = geo.bidimensional;
      if (geo.longestDiameterMm !== undefined) lesion.longestDiameterMm = geo.longestDiameterMm;
      lesion.measurable = measurable;
      lesion.notes = notes;
      if (component !== "cavity") lesion.cavityWall = cavityWall;
      lesions.push(lesion);
    }
  }
  const result: MaskMeasurement = {
    source,
    dims: volume.dims,
    spacingMm: volume.spacingMm,
    lesions,
  };
  const warnings: string[] = [];
  if (unknown.size > 0) {
    warnings.push(
      `labels ${[...unknown].sort((a, b) => a - b).join(", ")} are not part of the ${preset.name} preset and were ignored`,
    );
  }
  if (borders.length > 0) {
    warnings.push(
      `${borders.join(", ")} ${borders.length === 1 ? "touches" : "touch"} the image border and may be truncated: check the field of view`,
    );
  }
  if (warnings.length > 0) result.warnings = warnings;
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

/** Centroid of the runs (the mean voxel index, from each run's arithmetic series), in world mm. */
function centroid(volume: LabelVolume, lr: LesionRuns): Vec3 {
  let si = 0;
  let sj = 0;
  let sk = 0;
  let n = 0;
  for (let r = 0; r < lr.count; r++) {
    const len = lr.i1[r]! - lr.i0[r]! + 1;
    si += ((lr.i0[r]! + lr.i1[r]!) * len) / 2;
    sj += lr.j[r]! * len;
    sk += lr.k[r]! * len;
    n += len;
  }
  const c = n || 1;
  return toWorld(volume, [si / c, sj / c, sk / c]);
}

/** The grid faces a component's bounding box reaches, e.g. "i = 0", "k = 154". */
function borderFaces(
  min: ArrayLike<number>,
  max: ArrayLike<number>,
  dims: readonly [number, number, number],
  fieldOfView: readonly boolean[] = [true, true, true],
): string[] {
  const out: string[] = [];
  ["i", "j", "k"].forEach((axis, d) => {
    if (!fieldOfView[d]) return;
    if (min[d] === 0) out.push(`${axis} = 0`);
    if (max[d] === dims[d]! - 1) out.push(`${axis} = ${dims[d]! - 1}`);
  });
  return out;
}

/** Component c's runs as the geometry's lesion runs (views of the grouped run arrays, no copy). */
function componentRuns(comps: RunComponents, c: number): LesionRuns {
  const a = comps.runFirst[c]!;
  const b = comps.runFirst[c + 1]!;
  return {
    count: b - a,
    j: comps.j.subarray(a, b),
    k: comps.k.subarray(a, b),
    i0: comps.i0.subarray(a, b),
    i1: comps.i1.subarray(a, b),
  };
}

/** Run flag: the run holds a truly enhancing voxel (not only necrosis). */
const ENHANCING = 1;

/**
 * The label grid as runs of part codes along i. Unscaled uint8 maps (the usual case) are scanned a
 * 32-bit word at a time through the background, which is most of a head; labels are classified once
 * each through a lookup table.
 */
export function scanParts(
  volume: LabelVolume,
  classify: (label: number) => number,
  unknown: Set<number>,
): PartRuns {
  const [ni] = volume.dims;
  const labels = volume.labels;
  const n = labels.length;
  const b = new RunBuilder();
  // classify: 0 unknown, 1 enhancing, 2 necrosis, 3 non-enhancing, 4 cavity → part 1, 1, 2, 3.
  const partOf = (c: number) => (c === 1 || c === 2 ? 1 : c === 3 ? 2 : c === 4 ? 3 : 0);
  if (labels instanceof Uint8Array) {
    const part = new Uint8Array(256);
    const flag = new Uint8Array(256);
    for (let l = 1; l < 256; l++) {
      const c = classify(l);
      part[l] = partOf(c);
      flag[l] = c === 1 ? ENHANCING : 0;
    }
    const head = (4 - (labels.byteOffset & 3)) & 3;
    const words = new Uint32Array(labels.buffer, labels.byteOffset + head, Math.max(0, (n - head) >> 2));
    const nw = words.length;
    let p = 0;
    while (p < n) {
      if (p >= head && ((p - head) & 3) === 0) {
        let w = (p - head) >> 2;
        // Background 16 bytes at a time, then word by word.
        while (w + 3 < nw && (words[w]! | words[w + 1]! | words[w + 2]! | words[w + 3]!) === 0) w += 4;
        while (w < nw && words[w] === 0) w++;
        p = head + (w << 2);
        if (p >= n) break;
      }
      const label = labels[p]!;
      if (label === 0) {
        p++;
        continue;
      }
      const c = part[label]!;
      if (c === 0) {
        unknown.add(label);
        p++;
        continue;
      }
      const row = (p / ni) | 0;
      const rowEnd = (row + 1) * ni;
      let f = flag[label]!;
      let q = p + 1;
      while (q < rowEnd) {
        const l = labels[q]!;
        if (part[l] !== c) break;
        f |= flag[l]!;
        q++;
      }
      b.push(row, p - row * ni, q - 1 - row * ni, c, f);
      p = q;
    }
    return b.finish(volume.dims);
  }
  // Wider label types: the same runs, one voxel at a time, classification cached per label.
  const cache = new Map<number, number>();
  const code = (l: number) => {
    let v = cache.get(l);
    if (v === undefined) {
      const c = classify(l);
      v = partOf(c) | (c === 1 ? ENHANCING << 4 : 0);
      cache.set(l, v);
      if (v === 0) unknown.add(l);
    }
    return v;
  };
  const rows = n / ni;
  for (let row = 0; row < rows; row++) {
    const base = row * ni;
    let i = 0;
    while (i < ni) {
      const l = labels[base + i]!;
      const v = l === 0 ? 0 : code(l);
      if ((v & 15) === 0) {
        i++;
        continue;
      }
      let f = v >> 4;
      let e = i;
      while (e + 1 < ni) {
        const m = labels[base + e + 1]!;
        const w = m === 0 ? 0 : code(m);
        if ((w & 15) !== (v & 15)) break;
        f |= w >> 4;
        e++;
      }
      b.push(row, i, e, v & 15, f);
      i = e + 1;
    }
  }
  return b.finish(volume.dims);
}
