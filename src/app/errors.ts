// The one error type of the application layer: the input of a use case is wrong. It lists every
// problem at once (a user fixes the file in one go; a statistic computed on silently dropped rows
// would mislead), each naming its place: file:line (column) for a table cell, or the request field.
// The CLI prints the problems and exits 2; the server answers problem+json. Unexpected failures stay
// ordinary errors.

/** One problem: `message` is complete (it already names the place, e.g. "t.csv:3 (PET): …"). */
export interface InputProblem {
  readonly message: string;
  readonly file?: string | undefined;
  readonly line?: number | undefined;
  readonly column?: string | undefined;
  /** The request field at fault (e.g. "combinations") when the problem is not in a table cell. */
  readonly field?: string | undefined;
}

export class AnalysisInputError extends Error {
  readonly problems: readonly InputProblem[];
  constructor(problems: readonly InputProblem[]) {
    super(problems.map((p) => p.message).join("\n"));
    this.name = "AnalysisInputError";
    this.problems = problems;
  }
}

/** Throws AnalysisInputError when any problem was collected. */
export function failOnProblems(problems: readonly InputProblem[]): void {
  if (problems.length > 0) throw new AnalysisInputError(problems);
}

/** A problem with the request rather than a cell, e.g. a combination rule naming no test. */
export const fieldProblem = (field: string, message: string): InputProblem => ({ field, message });
