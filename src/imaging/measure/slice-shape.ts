// One lesion's cross-section on one slice, in physical in-plane coordinates. The two in-plane grid
// axes are mapped through the affine's columns onto an orthonormal 2-D frame, so lengths and angles are
// physical (anisotropic pixels, oblique and sheared grids) — never pixel counts.
import type { VoxelGrid } from "../types.ts";

export interface SliceShape {
  /** In-plane grid axes (u, v) and the slice axis. */
  axes: readonly [number, number, number];
  slice: number;
  /** Bounding box of the pixels in (u, v) grid indices, and a bitmap over it. */
  u0: number;
  v0: number;
  width: number;
  height: number;
  mask: Uint8Array;
  pixelCount: number;
  /** Physical 2-D coordinates (mm) of grid offset (du, dv): x = du·ux + dv·vx, y = du·uy + dv·vy. */
  ux: number;
  uy: number;
  vx: number;
  vy: number;
}

/** The in-plane axes for a slice axis, in increasing order. */
export function inPlaneAxes(planeAxis: 0 | 1 | 2): [number, number] {
  return planeAxis === 0 ? [1, 2] : planeAxis === 1 ? [0, 2] : [0, 1];
}

export function buildSliceShape(
  grid: VoxelGrid,
  planeAxis: 0 | 1 | 2,
  slice: number,
  pixels: ReadonlyArray<readonly [number, number]>,
  fillHoles: boolean,
): SliceShape {
  const [a, b] = inPlaneAxes(planeAxis);
  let u0 = Number.POSITIVE_INFINITY;
  let v0 = Number.POSITIVE_INFINITY;
  let u1 = Number.NEGATIVE_INFINITY;
  let v1 = Number.NEGATIVE_INFINITY;
  for (const [u, v] of pixels) {
    if (u < u0) u0 = u;
    if (u > u1) u1 = u;
    if (v < v0) v0 = v;
    if (v > v1) v1 = v;
  }
  const width = u1 - u0 + 1;
  const height = v1 - v0 + 1;
  const mask = new Uint8Array(width * height);
  for (const [u, v] of pixels) mask[u - u0 + width * (v - v0)] = 1;
  let pixelCount = pixels.length;
  if (fillHoles) pixelCount += fillEnclosedHoles(mask, width, height);
  // Orthonormal frame of the slice plane from the affine's in-plane columns (Gram–Schmidt).
  const col = (c: number) => [grid.affine[0]![c]!, grid.affine[1]![c]!, grid.affine[2]![c]!];
  const cu = col(a);
  const cv = col(b);
  const nu = Math.hypot(cu[0]!, cu[1]!, cu[2]!);
  const e1 = cu.map((x) => x / nu);
  const dot = (p: number[], q: number[]) => p[0]! * q[0]! + p[1]! * q[1]! + p[2]! * q[2]!;
  const along = dot(cv, e1);
  const rest = cv.map((x, i) => x - along * e1[i]!);
  const nr = Math.hypot(rest[0]!, rest[1]!, rest[2]!);
  return {
    axes: [a, b, planeAxis],
    slice,
    u0,
    v0,
    width,
    height,
    mask,
    pixelCount,
    ux: nu,
    uy: 0,
    vx: along,
    vy: nr,
  };
}

/** Sets background pixels not connected to the bounding-box border (holes) to 1; returns how many. */
function fillEnclosedHoles(mask: Uint8Array, w: number, h: number): number {
  const outside = new Uint8Array(w * h);
  const queue = new Int32Array(w * h);
  let tail = 0;
  const seed = (p: number) => {
    if (mask[p] === 0 && outside[p] === 0) {
      outside[p] = 1;
      queue[tail++] = p;
    }
  };
  for (let x = 0; x < w; x++) {
    seed(x);
    seed(x + w * (h - 1));
  }
  for (let y = 0; y < h; y++) {
    seed(w * y);
    seed(w - 1 + w * y);
  }
  for (let head = 0; head < tail; head++) {
    const p = queue[head]!;
    const x = p % w;
    const y = (p - x) / w;
    if (x > 0) seed(p - 1);
    if (x < w - 1) seed(p + 1);
    if (y > 0) seed(p - w);
    if (y < h - 1) seed(p + w);
  }
  let filled = 0;
  for (let p = 0; p < w * h; p++) {
    if (mask[p] === 0 && outside[p] === 0) {
      mask[p] = 1;
      filled++;
    }
  }
  return filled;
}

/** Whether grid point (u, v) (fractional grid indices) lies in a lesion pixel, or within `tolU` /
 * `tolV` grid units of one (the containment tolerance). */
export function containsPoint(s: SliceShape, u: number, v: number, tolU: number, tolV: number): boolean {
  const test = (uu: number, vv: number) => {
    const x = Math.round(uu) - s.u0;
    const y = Math.round(vv) - s.v0;
    return x >= 0 && y >= 0 && x < s.width && y < s.height && s.mask[x + s.width * y] === 1;
  };
  if (test(u, v)) return true;
  if (tolU === 0 && tolV === 0) return false;
  return (
    test(u - tolU, v - tolV) ||
    test(u + tolU, v - tolV) ||
    test(u - tolU, v + tolV) ||
    test(u + tolU, v + tolV)
  );
}

/** Physical coordinates (mm) of grid point (u, v) relative to the slice's (u0, v0). */
export function toPhysical(s: SliceShape, u: number, v: number): [number, number] {
  const du = u - s.u0;
  const dv = v - s.v0;
  return [du * s.ux + dv * s.vx, du * s.uy + dv * s.vy];
}

/** Grid point (u, v) of physical coordinates (inverse of toPhysical). */
export function toGrid(s: SliceShape, x: number, y: number): [number, number] {
  const dv = y / s.vy;
  const du = (x - dv * s.vx) / s.ux;
  return [du + s.u0, dv + s.v0];
}
