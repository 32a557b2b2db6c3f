// Lesion tracking over time points (issue 6, section 3): see docs/lesion-tracking.md.
export {
  checkMatchOptions,
  DEFAULT_MATCH_OPTIONS,
  distanceMm,
  intersectionSize,
  type MatchOptions,
  type OverlapMeasure,
  overlapEdges,
  overlapScore,
  resolveLinks,
} from "./match.ts";
export {
  DEFAULT_TRACK_OPTIONS,
  lineageAt,
  type TimePointTracks,
  type TrackedComponent,
  type TrackedLesion,
  type TrackingResult,
  type TrackOptions,
  type TrackSummary,
  trackingReport,
  trackSeries,
} from "./track-series.ts";
