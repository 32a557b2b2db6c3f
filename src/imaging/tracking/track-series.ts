// Persistent lesion ids over a series of co-registered time points (issue 6, section 3).
//
// Rules (docs/lesion-tracking.md):
// - Lesions are matched only within their component (enhancing with enhancing, non-enhancing with
//   non-enhancing); cavities are not lesions and are not tracked.
// - Consecutive time points: a lesion continues a lesion of the previous time point when their voxels
//   overlap by at least `minOverlap` (overlap measure of match.ts) and their centroids are at most
//   `maxCentroidDistanceMm` apart.
// - Split: the largest fragment keeps the id; the others get the id plus a letter ("L1.b", "L1.c") and
//   share the lineage "L1". Merge: the merged lesion keeps the id of the largest parent; the others are
//   recorded as merged into it and their ids are retired.
// - A lesion that disappeared stays dormant with its last-seen voxels. A later lesion that overlaps
//   those voxels (same threshold and gate) is the same lesion reappearing and gets its id back; any
//   lesion without such overlap gets a new id — a disappeared lesion is never matched to an unrelated one.
import { ImagingInputError } from "../errors.ts";
import type { MaskMeasurement, MeasuredLesion } from "../types.ts";
import {
  checkMatchOptions,
  DEFAULT_MATCH_OPTIONS,
  type MatchOptions,
  type MatchShape,
  overlapEdges,
  resolveLinks,
} from "./match.ts";

export type TrackedComponent = "enhancing" | "non_enhancing";
const COMPONENTS: readonly TrackedComponent[] = ["enhancing", "non_enhancing"];

export interface TrackOptions extends MatchOptions {
  /** Prefix of persistent ids ("L" → L1, L2, …). */
  idPrefix: string;
}

export const DEFAULT_TRACK_OPTIONS: Readonly<TrackOptions> = { ...DEFAULT_MATCH_OPTIONS, idPrefix: "L" };

/** One lesion of one time point with its persistent id. */
export interface TrackedLesion {
  id: string;
  /** Id of the lesion it descends from by splits (its own id unless it is a split fragment). */
  lineage: string;
  component: TrackedComponent;
  lesion: MeasuredLesion;
}

export interface TimePointTracks {
  index: number;
  source: string;
  /** Voxel spacing of the mask, mm. */
  spacingMm: readonly [number, number, number];
  /** Every non-cavity lesion of the time point, exactly once, in the measurement's order. */
  lesions: TrackedLesion[];
  /** Ids first seen here (at index 0: every lesion). */
  newIds: string[];
  /** Ids present at the previous time point and absent here (not counting merges). */
  disappearedIds: string[];
  /** Ids absent at the previous time point that reappear here at the same place. */
  reappearedIds: string[];
  /** `into` starts with the id kept by the largest fragment. */
  splits: { from: string; into: string[] }[];
  merges: { into: string; from: string[] }[];
}

export interface TrackSummary {
  id: string;
  lineage: string;
  component: TrackedComponent;
  /** presence[t]: the lesion is seen at time point t. */
  presence: boolean[];
  splitFrom?: { id: string; index: number };
  mergedInto?: { id: string; index: number };
}

export interface TrackingResult {
  options: TrackOptions;
  sources: string[];
  timePoints: TimePointTracks[];
  tracks: TrackSummary[];
}

interface TrackState {
  summary: TrackSummary;
  shape: MatchShape;
  size: number;
  lastIndex: number;
  state: "active" | "dormant" | "merged";
  fragments: number;
}

const isTracked = (l: MeasuredLesion): l is MeasuredLesion & { component: TrackedComponent } =>
  l.component === "enhancing" || l.component === "non_enhancing";

/** Larger first, then the time point's own id: the order new ids are handed out in. */
const bySize = (a: MeasuredLesion, b: MeasuredLesion) =>
  b.voxelCount - a.voxelCount || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** "L1" → "L1.b", "L1.c", … (the largest fragment keeps "L1"), then "L1.27", … */
function fragmentId(parent: string, n: number): string {
  const k = n + 1; // fragment 1 is the parent itself
  return k <= 26 ? `${parent}.${String.fromCharCode(96 + k)}` : `${parent}.${k}`;
}

export function trackSeries(
  series: ReadonlyArray<MaskMeasurement>,
  options: Partial<TrackOptions> = {},
): TrackingResult {
  const o: TrackOptions = { ...DEFAULT_TRACK_OPTIONS, ...options };
  checkMatchOptions(o);
  const first = series[0];
  if (!first) throw new ImagingInputError("tracking", "no time points given");
  for (const m of series.slice(1)) {
    if (m.dims.some((d, i) => d !== first.dims[i])) {
      throw new ImagingInputError(
        m.source,
        `grid ${m.dims.join("×")} differs from ${first.source} (${first.dims.join("×")}); tracking needs co-registered masks on the same grid`,
      );
    }
  }
  const n = series.length;
  const tracks: TrackState[] = [];
  const byId = new Map<string, TrackState>();
  let counter = 0;
  const timePoints: TimePointTracks[] = [];

  const open = (
    lesion: MeasuredLesion,
    component: TrackedComponent,
    t: number,
    id: string,
    lineage: string,
  ): TrackState => {
    const s: TrackState = {
      summary: { id, lineage, component, presence: new Array<boolean>(n).fill(false) },
      shape: lesion,
      size: lesion.voxelCount,
      lastIndex: t,
      state: "active",
      fragments: 0,
    };
    s.summary.presence[t] = true;
    tracks.push(s);
    byId.set(id, s);
    return s;
  };
  const observe = (s: TrackState, lesion: MeasuredLesion, t: number) => {
    s.shape = lesion;
    s.size = lesion.voxelCount;
    s.lastIndex = t;
    s.state = "active";
    s.summary.presence[t] = true;
  };

  series.forEach((m, t) => {
    const assigned = new Map<MeasuredLesion, TrackedLesion>();
    const tp: TimePointTracks = {
      index: t,
      source: m.source,
      spacingMm: m.spacingMm,
      lesions: [],
      newIds: [],
      disappearedIds: [],
      reappearedIds: [],
      splits: [],
      merges: [],
    };
    const give = (lesion: MeasuredLesion, s: TrackState) =>
      assigned.set(lesion, {
        id: s.summary.id,
        lineage: s.summary.lineage,
        component: s.summary.component,
        lesion,
      });

    for (const component of COMPONENTS) {
      const children = m.lesions.filter((l) => isTracked(l) && l.component === component).sort(bySize);
      let pending = children.map((_, i) => i);

      // Continue, split or merge the lesions seen at the previous time point, then let dormant lesions
      // (disappeared earlier) reappear where they were last seen.
      for (const phase of ["active", "dormant"] as const) {
        const parents = tracks.filter(
          (s) =>
            s.summary.component === component &&
            (phase === "active"
              ? s.state === "active" && s.lastIndex === t - 1
              : s.state === "dormant" && s.lastIndex < t - 1),
        );
        const kids = pending.map((i) => children[i]!);
        const links = resolveLinks(
          parents.length,
          kids.length,
          overlapEdges(
            parents.map((p) => p.shape),
            kids,
            o,
          ),
          (i) => parents[i]!.size,
          (i) => kids[i]!.voxelCount,
        );
        const childTrack = new Map<number, TrackState>();
        for (const [p, c] of links.continued) {
          const s = parents[p]!;
          if (phase === "dormant") tp.reappearedIds.push(s.summary.id);
          observe(s, kids[c]!, t);
          childTrack.set(c, s);
          give(kids[c]!, s);
        }
        for (const [p, cs] of links.splitOff) {
          const parent = parents[p]!;
          const into = [parent.summary.id];
          for (const c of cs) {
            const id = fragmentId(parent.summary.id, ++parent.fragments);
            const s = open(kids[c]!, component, t, id, parent.summary.lineage);
            s.summary.splitFrom = { id: parent.summary.id, index: t };
            childTrack.set(c, s);
            give(kids[c]!, s);
            into.push(id);
          }
          tp.splits.push({ from: parent.summary.id, into });
        }
        if (phase === "active") {
          const merges = new Map<string, string[]>();
          for (const [p, c] of links.mergedInto) {
            const s = parents[p]!;
            const into = childTrack.get(c)!.summary.id;
            s.state = "merged";
            s.summary.mergedInto = { id: into, index: t };
            merges.set(into, [...(merges.get(into) ?? []), s.summary.id]);
          }
          for (const [into, from] of merges) tp.merges.push({ into, from });
          for (const p of links.unmatchedParents) {
            parents[p]!.state = "dormant";
            tp.disappearedIds.push(parents[p]!.summary.id);
          }
        }
        // A dormant lesion overlapped only by a reappearing larger one stays dormant (it may still
        // reappear later); merges are recorded only between consecutive time points.
        pending = links.unmatchedChildren.map((c) => pending[c]!);
      }
      for (const i of pending) {
        const id = `${o.idPrefix}${++counter}`;
        const s = open(children[i]!, component, t, id, id);
        give(children[i]!, s);
        tp.newIds.push(id);
      }
    }
    tp.lesions = m.lesions.filter(isTracked).map((l) => assigned.get(l)!);
    timePoints.push(tp);
  });

  return {
    options: o,
    sources: series.map((m) => m.source),
    timePoints,
    tracks: tracks.map((s) => s.summary),
  };
}

/** Observations of one lineage (the lesion and every fragment split off it) at one time point. */
export function lineageAt(tp: TimePointTracks, lineage: string): TrackedLesion[] {
  return tp.lesions.filter((l) => l.lineage === lineage);
}

/** A JSON-friendly summary of the tracking (no voxel lists): which lesion of which mask got which id. */
export function trackingReport(r: TrackingResult, dates?: ReadonlyArray<string>) {
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    options: r.options,
    timePoints: r.timePoints.map((tp) => ({
      ...(dates ? { date: dates[tp.index] } : {}),
      source: tp.source,
      lesions: tp.lesions.map((l) => ({
        id: l.id,
        lineage: l.lineage,
        component: l.component,
        maskLesionId: l.lesion.id,
        voxelCount: l.lesion.voxelCount,
        volumeMm3: round(l.lesion.volumeMm3),
        centroidWorldMm: l.lesion.centroidWorld.map(round),
      })),
      newIds: tp.newIds,
      disappearedIds: tp.disappearedIds,
      reappearedIds: tp.reappearedIds,
      splits: tp.splits,
      merges: tp.merges,
    })),
  };
}
