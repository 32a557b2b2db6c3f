// Sums of target measurements over time for one tumour component (MEAS-3, MEAS-5, MEAS-9), shared by
// every sum-based criteria set. The tracked set grows when new lesions or progressing non-targets are
// added to the sum; their contribution before they were added is 0 (new lesions, MEAS-9) or, for a
// non-target, its retrospective measurement where one exists (RANO2-NT-1, AMB-7).
import type { NormalisedLesion } from "./lesions.ts";
import { productUm2 } from "./lesions.ts";

export type SumMethod = "bidimensional" | "volumetric" | "unidimensional";

/** One imaging time point: its lesions by id. */
export interface ScanLesions {
  date: string;
  lesions: ReadonlyMap<string, NormalisedLesion>;
}

type TrackedKind = "target" | "new" | "promoted";

export interface SumValue {
  /** Sum of the known contributions (a lower bound when incomplete). */
  value: number;
  /** False when a tracked lesion has no usable measurement at this time point. */
  complete: boolean;
  missing: string[];
  /** New lesions not reported at this time point, counted as 0. */
  missingNew: string[];
}

export function lesionValue(l: NormalisedLesion, method: SumMethod): number | null {
  if (l.status === "absent") return 0;
  if (method === "volumetric") return l.volume;
  if (method === "unidimensional") return l.ldUm;
  return productUm2(l);
}

const NONE: string[] = [];

export class SumTrack {
  private readonly tracked = new Map<string, { kind: TrackedKind; fromPos: number }>();
  /** Sums are recomputed only when the tracked set changes (nadir look-ups revisit every time point). */
  // By method (bidimensional, volumetric, unidimensional), then by position.
  private cache: Array<Array<SumValue | undefined>> = [[], [], []];
  private readonly idList: string[] = [];
  private targets = 0;

  constructor(
    private readonly scans: ReadonlyArray<ScanLesions>,
    targets: ReadonlyArray<string>,
    private readonly retrospectiveNonTargets: boolean,
  ) {
    for (const id of targets) {
      this.tracked.set(id, { kind: "target", fromPos: 0 });
      this.idList.push(id);
    }
    this.targets = targets.length;
  }

  has(id: string): boolean {
    return this.tracked.has(id);
  }
  kindOf(id: string): TrackedKind | undefined {
    return this.tracked.get(id)?.kind;
  }
  /** Ids in the sum (a live, read-only view: do not modify). */
  ids(): ReadonlyArray<string> {
    return this.idList;
  }
  targetCount(): number {
    return this.targets;
  }

  /** MEAS-9: a new measurable lesion joins the sum from the time point it is first seen. */
  addNew(id: string, pos: number): void {
    if (!this.tracked.has(id)) {
      this.tracked.set(id, { kind: "new", fromPos: pos });
      this.idList.push(id);
      this.cache = [[], [], []];
    }
  }
  /** RANO2-NT-1: a progressing non-target is measured and added to the sum. */
  promote(id: string, pos: number): void {
    if (!this.tracked.has(id)) {
      this.tracked.set(id, { kind: "promoted", fromPos: pos });
      this.idList.push(id);
      this.cache = [[], [], []];
    }
  }

  sumAt(pos: number, method: SumMethod): SumValue {
    const byPos = this.cache[method === "bidimensional" ? 0 : method === "volumetric" ? 1 : 2]!;
    const hit = byPos[pos];
    if (hit) return hit;
    const computed = this.computeSum(pos, method);
    byPos[pos] = computed;
    return computed;
  }

  private computeSum(pos: number, method: SumMethod): SumValue {
    let value = 0;
    let complete = true;
    // Allocated when a lesion is missing (rare); NONE is shared and never written to.
    let missing: string[] = NONE;
    let missingNew: string[] = NONE;
    const scan = this.scans[pos]!;
    // idList holds the tracked ids in the Map's insertion order (ids are only ever added to both).
    for (let i = 0; i < this.idList.length; i++) {
      const id = this.idList[i]!;
      const t = this.tracked.get(id)!;
      const lesion = scan.lesions.get(id);
      if (pos < t.fromPos) {
        if (t.kind === "promoted" && this.retrospectiveNonTargets && lesion) {
          value += lesionValue(lesion, method) ?? 0;
        }
        continue;
      }
      // A new lesion left out of a later scan's list is taken as gone (reported as a warning by the walk).
      if (!lesion && t.kind === "new") {
        if (missingNew === NONE) missingNew = [];
        missingNew.push(id);
        continue;
      }
      const v = lesion ? lesionValue(lesion, method) : null;
      if (v === null) {
        complete = false;
        if (missing === NONE) missing = [];
        missing.push(id);
      } else value += v;
    }
    return { value, complete, missing, missingNew };
  }

  /** Smallest complete sum among the given earlier time points (MEAS-5); ties go to the earliest. */
  nadir(positions: ReadonlyArray<number>, method: SumMethod): { value: number; pos: number } | null {
    let bestPos = -1;
    let bestValue = 0;
    for (let i = 0; i < positions.length; i++) {
      const p = positions[i]!;
      const s = this.sumAt(p, method);
      if (!s.complete) continue;
      if (bestPos < 0 || s.value < bestValue) {
        bestPos = p;
        bestValue = s.value;
      }
    }
    return bestPos < 0 ? null : { value: bestValue, pos: bestPos };
  }
}
