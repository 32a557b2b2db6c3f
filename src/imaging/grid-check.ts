// Co-registered time points must share one voxel grid: lesion matching compares voxel indices.
import { ImagingInputError } from "./errors.ts";
import type { VoxelGrid } from "./types.ts";

/** World-coordinate tolerance for "the same affine", mm (float32 headers round at ~1e-5 mm). */
export const GRID_TOLERANCE_MM = 1e-3;

export function assertSameGrid(a: VoxelGrid & { source?: string }, b: VoxelGrid & { source?: string }): void {
  const name = (v: { source?: string }, fallback: string) => v.source ?? fallback;
  if (a.dims.some((d, i) => d !== b.dims[i])) {
    throw new ImagingInputError(
      name(b, "second mask"),
      `grid ${b.dims.join(" × ")} differs from ${name(a, "first mask")} (${a.dims.join(" × ")}): resample the masks to one grid (co-register) before tracking`,
    );
  }
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 4; c++) {
      const diff = Math.abs(a.affine[r]![c]! - b.affine[r]![c]!);
      if (diff > GRID_TOLERANCE_MM) {
        throw new ImagingInputError(
          name(b, "second mask"),
          `voxel-to-world affine differs from ${name(a, "first mask")} (row ${r + 1}, column ${c + 1}: ${b.affine[r]![c]} vs ${a.affine[r]![c]}): the masks are not on one co-registered grid`,
        );
      }
    }
  }
}
