// Pooling diagnostic accuracy across published studies.
export {
  derSimonianLaird,
  type PooledAccuracy,
  type PooledProportion,
  poolAccuracy,
  type StudyCounts,
  type StudyEstimate,
} from "./random-effects.ts";
