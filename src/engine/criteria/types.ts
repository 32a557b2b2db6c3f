// The interface every criteria set implements. A criteria module is pure: case in, result out.
import type { Case, TumorType } from "../model/case.ts";
import type { PatientResult } from "../model/result.ts";

export interface CriteriaModule<Options extends object = object> {
  /** Short id used on the command line, e.g. "rano2". */
  id: string;
  /** Human name with year, e.g. "RANO 2.0 (Wen et al., J Clin Oncol 2023)". */
  name: string;
  /** Tumour types this criteria set is designed for. */
  tumorTypes: ReadonlyArray<TumorType>;
  /** Whom the criteria set is for, in words (named in the error when it does not apply). */
  scope: string;
  /** Whether the criteria set applies to this case (finer than tumour type, e.g. by grade). */
  appliesTo?: (c: Case) => boolean;
  /** Documented default options (every ambiguity-register choice is one of these). */
  defaults: Options;
  assess(c: Case, options?: Partial<Options>): PatientResult;
}
