// Shared contract of the imaging package (issue 6). The NIfTI reader and the measurement code
// produce these; lesion tracking and case building consume them. All lengths in mm, volumes in mm³.
// Voxel coordinates are [i, j, k] grid indices; world coordinates are scanner mm from the affine.

/** A 3-D integer label map on a voxel grid, with the voxel→world affine (row-major 4 × 4, mm). */
export interface LabelVolume {
  /** Grid size [ni, nj, nk]. Linear index = i + ni * (j + nj * k). */
  dims: readonly [number, number, number];
  /** Voxel spacing along the grid axes, mm (derived from the affine's column norms). */
  spacingMm: readonly [number, number, number];
  /** Voxel (i, j, k, 1) → world (x, y, z, 1) in mm: qform or sform, as the reader chose. */
  affine: readonly (readonly number[])[];
  /** One integer label per voxel. */
  labels: Uint8Array | Uint16Array | Int16Array | Int32Array | Uint32Array;
  /** Where it came from, for error messages (file name, never a patient identifier beyond it). */
  source?: string;
  /** Whether the grid's extent along each axis is the image's field of view (default: all true). A
   * lesion reaching such a face may be truncated; a DICOM SEG stores only its frames, so along its
   * frame axis the grid's end says nothing about the field of view. */
  fieldOfView?: readonly [boolean, boolean, boolean];
}

/** Which tumour part a lesion belongs to once the label preset has been applied. */
export type ImagingComponent = "enhancing" | "non_enhancing" | "cavity";

export type Vec3 = readonly [number, number, number];

export interface DiameterLine {
  lengthMm: number;
  /** End points in voxel (fractional, on the chosen edge convention) and in world coordinates. */
  fromVoxel: Vec3;
  toVoxel: Vec3;
  fromWorld: Vec3;
  toWorld: Vec3;
}

export interface BidimensionalMeasurement {
  /** Grid axis normal to the measurement plane (2 = axial k-slices by default). */
  planeAxis: 0 | 1 | 2;
  /** Slice index along planeAxis where the measurement was made. */
  slice: number;
  longest: DiameterLine;
  perpendicular: DiameterLine;
  /** longest × perpendicular, mm². */
  productMm2: number;
}

/** One connected lesion of one component at one time point. */
export interface MeasuredLesion {
  /** Stable within the time point ("E1", "N2", "C1" …); tracking assigns persistent ids. */
  id: string;
  component: ImagingComponent;
  /** Sorted linear voxel indices of the lesion (for overlap between co-registered time points). */
  voxels: Uint32Array;
  voxelCount: number;
  volumeMm3: number;
  centroidWorld: Vec3;
  /** Number of slices (along the measurement axis) the lesion appears on. */
  sliceCount: number;
  /** Extents of the lesion along the 3 grid axes, mm (for volumetric measurability). */
  extentsMm: Vec3;
  bidimensional?: BidimensionalMeasurement;
  /** Longest in-plane diameter (RANO-BM unidimensional), mm. */
  longestDiameterMm?: number;
  measurable: boolean;
  /** Why not measurable (or other conventions applied), one line each. */
  notes: string[];
  /** True when the lesion is a rim around (touches) a cavity/cyst label. */
  cavityWall?: boolean;
}

/** All lesions found in one mask (one time point). */
export interface MaskMeasurement {
  source: string;
  dims: readonly [number, number, number];
  spacingMm: readonly [number, number, number];
  lesions: MeasuredLesion[];
  /** Problems that did not stop the measurement (e.g. labels the preset does not know). */
  warnings?: string[];
}

/** The voxel grid a lesion lives on (a LabelVolume without its labels). */
export interface VoxelGrid {
  dims: readonly [number, number, number];
  spacingMm: readonly [number, number, number];
  affine: readonly (readonly number[])[];
}

/** Options of the per-lesion geometry (docs/measurement.md explains each). */
export interface GeometryOptions {
  /** Grid axis normal to the measurement plane (2 = k-slices, axial for an axial acquisition). */
  planeAxis: 0 | 1 | 2;
  /** "longest-perpendicular" (RANO: longest diameter, then the longest perpendicular crossing it) or
   * "max-product" (the perpendicular pair with the largest product). */
  method: "longest-perpendicular" | "max-product";
  /** How far (mm) a diameter may leave the lesion and still count as inside it. */
  containmentToleranceMm: number;
  /** Largest deviation from 90° accepted for the perpendicular diameter, degrees. */
  perpendicularityToleranceDeg: number;
  /** Diameters between voxel centres, or between voxel edges (centres + one voxel). */
  edgeConvention: "centres" | "edges";
}

/** What the geometry module measures for one lesion (sorted linear voxel indices on a grid). */
export interface LesionGeometry {
  bidimensional?: BidimensionalMeasurement;
  /** Longest in-plane diameter over all slices (RANO-BM unidimensional), mm. */
  longestDiameterMm?: number;
  /** Slices along planeAxis the lesion appears on. */
  sliceCount: number;
  extentsMm: Vec3;
}
