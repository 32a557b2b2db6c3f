// One error type for every problem with an imaging input (broken, truncated, mismatched or non-label
// files, bad options): the CLI prints its message — which names the file and the problem — and exits 2.
export class ImagingInputError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = "ImagingInputError";
  }
}
