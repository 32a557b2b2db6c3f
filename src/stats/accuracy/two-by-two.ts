// The 2×2 table of an index test against the reference standard.
//
//                 reference +   reference −
//   test +            tp            fp
//   test −            fn            tn

export interface TwoByTwo {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** One case: the reference standard and the index test result (true = positive). */
export interface PairedResult {
  reference: boolean;
  test: boolean;
}

export function twoByTwo(cases: readonly PairedResult[]): TwoByTwo {
  return twoByTwoOf(
    cases,
    (c) => c.reference,
    (c) => c.test,
  );
}

/** The 2×2 table of any case type, given how to read its reference and test result. */
export function twoByTwoOf<T>(
  cases: readonly T[],
  reference: (c: T) => boolean,
  test: (c: T) => boolean,
): TwoByTwo {
  const t: TwoByTwo = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const c of cases) {
    if (reference(c)) {
      if (test(c)) t.tp++;
      else t.fn++;
    } else if (test(c)) t.fp++;
    else t.tn++;
  }
  return t;
}

export const total = (t: TwoByTwo): number => t.tp + t.fp + t.fn + t.tn;
export const referencePositives = (t: TwoByTwo): number => t.tp + t.fn;
export const referenceNegatives = (t: TwoByTwo): number => t.fp + t.tn;
export const testPositives = (t: TwoByTwo): number => t.tp + t.fp;
export const testNegatives = (t: TwoByTwo): number => t.fn + t.tn;
