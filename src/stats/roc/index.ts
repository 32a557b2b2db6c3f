// ROC analysis of continuous markers: curve, AUC with DeLong CI, paired DeLong test, operating points.
// The reference standard is read like any binary result (src/stats/binary-values.ts).
export {
  ACCEPTED_BINARY_VALUES as BINARY_REFERENCE_SPELLINGS,
  parseBinary as parseBinaryReference,
} from "../binary-values.ts";
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
