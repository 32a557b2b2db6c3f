// Key slices for reports: a lesion's measured slice as a grayscale PNG (window from the image's robust
// intensity range), with the geometry to draw on top of it as vector graphics — the mask outline per
// label and the two measurement lines (longest diameter and its perpendicular) from the end points the
// read stores (lesion.measurement, world mm). Pure: bytes in, PNG bytes and coordinates out.
//
// Display: in-plane grid axes are laid out like the web viewer (NiiVue, neurological convention): the
// axis mostly along world x (else y) runs left → right with world + on the right, the other runs
// bottom → top with world + at the top (axial: R on the right, A at the top). Coordinates returned are
// display millimetres from the crop's top-left corner, so non-square voxels keep their true shape.
import { PNG } from "pngjs";
import { GRID_TOLERANCE_MM } from "./grid-check.ts";
import type { ImageVolume } from "./nifti/read-label-volume.ts";
import type { LabelVolume, Vec3, VoxelGrid } from "./types.ts";

export interface IntensityWindow {
  low: number;
  high: number;
}

/** The lowPct–highPct percentile range of an image's finite intensities (a display window that ignores
 * a few outlier voxels). Exact for integer data spanning up to 65,536 values; otherwise from a
 * 4,096-bin histogram (bin centres). A constant image gets [v, v + 1]. */
export function robustWindow(values: ArrayLike<number>, lowPct = 1, highPct = 99): IntensityWindow {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let n = 0;
  let integer = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    n++;
    if (v < min) min = v;
    if (v > max) max = v;
    if (integer && !Number.isInteger(v)) integer = false;
  }
  if (n === 0) return { low: 0, high: 1 };
  if (max === min) return { low: min, high: min + 1 };
  const exact = integer && max - min < 65_536;
  const bins = exact ? max - min + 1 : 4096;
  const width = exact ? 1 : (max - min) / bins;
  const hist = new Float64Array(bins);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    hist[Math.min(bins - 1, Math.floor((v - min) / width))]!++;
  }
  const at = (pct: number) => {
    const rank = Math.max(1, Math.ceil((pct / 100) * n));
    let seen = 0;
    for (let b = 0; b < bins; b++) {
      seen += hist[b]!;
      if (seen >= rank) return exact ? min + b : min + (b + 0.5) * width;
    }
    return max;
  };
  const low = at(lowPct);
  const high = at(highPct);
  return high > low ? { low, high } : { low, high: low + (exact ? 1 : width) };
}

/** 0–255 grey of an intensity under a window (NaN → black). */
export const grey = (v: number, w: IntensityWindow) =>
  Number.isNaN(v) ? 0 : Math.round(255 * Math.min(1, Math.max(0, (v - w.low) / (w.high - w.low))));

/** World mm → fractional voxel index (voxel centres at integers) through the inverse affine. */
export function worldToVoxel(grid: VoxelGrid, p: Vec3): Vec3 {
  const a = grid.affine;
  const m = [0, 1, 2].map((r) => [a[r]![0]!, a[r]![1]!, a[r]![2]!]);
  const d = [p[0] - a[0]![3]!, p[1] - a[1]![3]!, p[2] - a[2]![3]!];
  const [[a0, a1, a2], [b0, b1, b2], [c0, c1, c2]] = m as [number[], number[], number[]];
  const det = a0! * (b1! * c2! - b2! * c1!) - a1! * (b0! * c2! - b2! * c0!) + a2! * (b0! * c1! - b1! * c0!);
  const inv = [
    [b1! * c2! - b2! * c1!, a2! * c1! - a1! * c2!, a1! * b2! - a2! * b1!],
    [b2! * c0! - b0! * c2!, a0! * c2! - a2! * c0!, a2! * b0! - a0! * b2!],
    [b0! * c1! - b1! * c0!, a1! * c0! - a0! * c1!, a0! * b1! - a1! * b0!],
  ];
  return [0, 1, 2].map((r) => (inv[r]![0]! * d[0]! + inv[r]![1]! * d[1]! + inv[r]![2]! * d[2]!) / det) as [
    number,
    number,
    number,
  ];
}

const sameGrid = (a: VoxelGrid, b: VoxelGrid) =>
  a.dims.every((d, i) => d === b.dims[i]) &&
  a.affine.every((row, r) =>
    row.every((x, c) => Math.abs(x - (b.affine[r]?.[c] ?? Number.NaN)) <= GRID_TOLERANCE_MM),
  );

export interface KeySliceInput {
  image: ImageVolume;
  /** The time point's segmentation; outlined when it is on the image's grid. */
  mask?: LabelVolume | null;
  /** Grid axis normal to the slice and the slice index along it (lesion.measurement). */
  planeAxis: 0 | 1 | 2;
  slice: number;
  /** The two lines' end points, world mm (lesion.measurement.longestMm / perpendicularMm). */
  longestMm: readonly [Vec3, Vec3];
  perpendicularMm: readonly [Vec3, Vec3];
  window: IntensityWindow;
  /** Side of the square field of view around the longest line's centre, mm (default: the larger of
   * 60 mm and 3 × the longest line; never more than the image). */
  fovMm?: number;
  /** The PNG's larger side is at least this many pixels (integer nearest-neighbour upsampling, so each
   * voxel stays a sharp block); default 256. */
  minPx?: number;
}

export interface DisplayLine {
  from: [number, number];
  to: [number, number];
  /** Length of the drawn line in world mm (from its stored end points). */
  lengthMm: number;
}

export interface KeySlice {
  png: Uint8Array;
  pngWidth: number;
  pngHeight: number;
  /** Display size, mm (the PNG is stretched over it). */
  widthMm: number;
  heightMm: number;
  /** Grey value (0–255) of each displayed voxel, row-major, before upsampling: what the PNG holds. */
  voxels: { columns: number; rows: number; grey: Uint8Array };
  longest: DisplayLine;
  perpendicular: DisplayLine;
  /** SVG path data (display mm) of the mask's label boundaries on this slice, per label value. */
  outline: Array<{ label: number; path: string }>;
  /** Orientation letters at the four edges. */
  orientation: { left: string; right: string; top: string; bottom: string };
  /** Whether the mask was outlined: null without a mask, false when it lies on another grid. */
  maskOutlined: boolean | null;
}

const LETTERS = [
  ["L", "R"],
  ["P", "A"],
  ["I", "S"],
] as const;

/** Renders one key slice (throws a RangeError naming the field when the slice is outside the image). */
export function renderKeySlice(o: KeySliceInput): KeySlice {
  const { image, planeAxis: p } = o;
  const dims = image.dims;
  if (!Number.isInteger(o.slice) || o.slice < 0 || o.slice >= dims[p])
    throw new RangeError(
      `measurement.slice ${o.slice} is outside the image (0–${dims[p] - 1} along axis ${p})`,
    );
  const inPlane = ([0, 1, 2] as const).filter((g) => g !== p);
  const col = (g: number) => [0, 1, 2].map((r) => image.affine[r]![g]!);
  const dominant = (g: number) => {
    const c = col(g).map(Math.abs);
    return c.indexOf(Math.max(...c));
  };
  const [h, v] = dominant(inPlane[0]!) <= dominant(inPlane[1]!) ? inPlane : [inPlane[1]!, inPlane[0]!];
  const dh = dominant(h!);
  const dv = dominant(v!);
  const flipH = col(h!)[dh]! < 0;
  const flipV = col(v!)[dv]! > 0; // row 0 is the top: world + at the top
  const sh = image.spacingMm[h!];
  const sv = image.spacingMm[v!];

  const ends = [...o.longestMm, ...o.perpendicularMm].map((w) => worldToVoxel(image, w));
  const lengthOf = (a: Vec3, b: Vec3) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
  const ld = lengthOf(o.longestMm[0], o.longestMm[1]);
  const fov = o.fovMm ?? Math.max(60, 3 * ld);
  const centre = [(ends[0]![h!]! + ends[1]![h!]!) / 2, (ends[0]![v!]! + ends[1]![v!]!) / 2];
  const range = (axis: number, c: number, spacing: number) => {
    const n = Math.min(dims[axis]!, Math.max(1, Math.round(fov / spacing)));
    const lo = Math.min(dims[axis]! - n, Math.max(0, Math.round(c - n / 2)));
    return [lo, lo + n - 1] as const;
  };
  const [h0, h1] = range(h!, centre[0]!, sh);
  const [v0, v1] = range(v!, centre[1]!, sv);
  const columns = h1 - h0 + 1;
  const rows = v1 - v0 + 1;
  const minPx = o.minPx ?? 256;
  const f = Math.max(1, Math.ceil(minPx / Math.max(columns, rows)));

  // Voxel (column c, row r) of the display ↔ grid index along h and v.
  const hIndex = (c: number) => (flipH ? h1 - c : h0 + c);
  const vIndex = (r: number) => (flipV ? v1 - r : v0 + r);
  const stride = [1, dims[0], dims[0] * dims[1]];
  const at = (hi: number, vi: number) => hi * stride[h!]! + vi * stride[v!]! + o.slice * stride[p]!;

  const grey8 = new Uint8Array(columns * rows);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < columns; c++)
      grey8[r * columns + c] = grey(image.values[at(hIndex(c), vIndex(r))]!, o.window);
  const png = new PNG({
    width: columns * f,
    height: rows * f,
    colorType: 0,
    inputColorType: 0,
    inputHasAlpha: false,
  });
  const data = Buffer.alloc(columns * f * rows * f);
  for (let y = 0; y < rows * f; y++) {
    const r = Math.floor(y / f);
    for (let x = 0; x < columns * f; x++) data[y * columns * f + x] = grey8[r * columns + Math.floor(x / f)]!;
  }
  png.data = data;
  const bytes = PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false });

  // Fractional grid coordinates → display mm (voxel centre of column c at (c + 0.5) × spacing).
  const toDisplay = (g: Vec3): [number, number] => [
    ((flipH ? h1 - g[h!]! : g[h!]! - h0) + 0.5) * sh,
    ((flipV ? v1 - g[v!]! : g[v!]! - v0) + 0.5) * sv,
  ];
  const line = (a: Vec3, b: Vec3, w: readonly [Vec3, Vec3]): DisplayLine => ({
    from: toDisplay(a),
    to: toDisplay(b),
    lengthMm: lengthOf(w[0], w[1]),
  });

  let maskOutlined: boolean | null = null;
  const outline: KeySlice["outline"] = [];
  if (o.mask) {
    maskOutlined = sameGrid(o.mask, image);
    if (maskOutlined)
      outline.push(
        ...outlinePaths(
          columns,
          rows,
          (c, r) => {
            if (c < 0 || r < 0 || c >= columns || r >= rows) {
              // Beyond the crop: the volume's own label (so a lesion cut by the crop gets no false edge).
              const hi = flipH ? h1 - c : h0 + c;
              const vi = flipV ? v1 - r : v0 + r;
              return hi < 0 || vi < 0 || hi >= dims[h!]! || vi >= dims[v!]! ? 0 : o.mask!.labels[at(hi, vi)]!;
            }
            return o.mask!.labels[at(hIndex(c), vIndex(r))]!;
          },
          sh,
          sv,
        ),
      );
  }
  return {
    png: bytes,
    pngWidth: columns * f,
    pngHeight: rows * f,
    widthMm: columns * sh,
    heightMm: rows * sv,
    voxels: { columns, rows, grey: grey8 },
    longest: line(ends[0]!, ends[1]!, o.longestMm),
    perpendicular: line(ends[2]!, ends[3]!, o.perpendicularMm),
    outline,
    orientation: {
      left: LETTERS[dh]![0],
      right: LETTERS[dh]![1],
      top: LETTERS[dv]![1],
      bottom: LETTERS[dv]![0],
    },
    maskOutlined,
  };
}

/** Boundary edges between a voxel of label L ≠ 0 and a neighbour of another label, merged into runs,
 * as SVG path data per label (display mm). */
function outlinePaths(
  columns: number,
  rows: number,
  label: (c: number, r: number) => number,
  sh: number,
  sv: number,
): Array<{ label: number; path: string }> {
  const parts = new Map<number, string[]>();
  const add = (l: number, d: string) => {
    const list = parts.get(l) ?? [];
    list.push(d);
    parts.set(l, list);
  };
  const n = (x: number) => String(Math.round(x * 1000) / 1000);
  // Edges along one direction: for each line (a row, or a column when transposed) the edges on its
  // side 0 (above / left) and side 1 (below / right), merged into runs of one label.
  const edges = (transposed: boolean) => {
    const [lines, length] = transposed ? [columns, rows] : [rows, columns];
    const at = (line: number, pos: number) => (transposed ? label(line, pos) : label(pos, line));
    for (let line = 0; line < lines; line++)
      for (const side of [0, 1]) {
        let start = -1;
        let runLabel = 0;
        for (let pos = 0; pos <= length; pos++) {
          const l = pos < length ? at(line, pos) : 0;
          const edge = l !== 0 && at(side === 0 ? line - 1 : line + 1, pos) !== l ? l : 0;
          if (edge === runLabel) continue;
          if (runLabel !== 0)
            add(
              runLabel,
              transposed
                ? `M${n((line + side) * sh)} ${n(start * sv)}V${n(pos * sv)}`
                : `M${n(start * sh)} ${n((line + side) * sv)}H${n(pos * sh)}`,
            );
          start = pos;
          runLabel = edge;
        }
      }
  };
  edges(false);
  edges(true);
  return [...parts.entries()].sort((a, b) => a[0] - b[0]).map(([l, d]) => ({ label: l, path: d.join("") }));
}
