// ROC analysis of continuous markers: curve, AUC with DeLong CI, paired DeLong test, operating points.
export { BINARY_REFERENCE_SPELLINGS, parseBinaryReference } from "./binary-reference.ts";
export { type AucEstimate, deLongAuc, type PairedDeLong, pairedDeLong } from "./delong.ts";
export {
  auc,
  type Direction,
  type LabelledMarker,
  type RocCurve,
  type RocPoint,
  rocCurve,
  UndefinedStatisticError,
} from "./roc-curve.ts";
export {
  type OperatingPoint,
  type OperatingPointResult,
  operatingPoint,
  type ThresholdRule,
} from "./thresholds.ts";
