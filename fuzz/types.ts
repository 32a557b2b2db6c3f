// The fuzzer's vocabulary. A target turns a generator into an input (a few files and a command line),
// runs the library and the CLI path on it and returns the failures its oracles find.
import type { Rng } from "./rng.ts";

/** One input: files (text or bytes) written to a scratch folder, and the CLI arguments after `ranokit`. */
export interface FuzzInput {
  /** Files by name relative to the scratch folder; `{dir}` in argv is replaced by that folder. */
  files: Record<string, string | Uint8Array>;
  argv: string[];
  /**
   * Parts the minimiser may remove (pristine records, each with the expectation it carries) and
   * target-specific expectations; serialised with the input as a fixture.
   */
  meta: Record<string, unknown>;
  /** Human-readable summary of the mutations applied, e.g. "row 4 tp: hex". */
  mutations: string[];
}

export interface Failure {
  /** Failure class: internal-error, stack-trace, hang, non-finite, negative-duration, record-lost, … */
  cls: string;
  detail: string;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** An exception that escaped the CLI's own error handling (never expected). */
  thrown?: unknown;
  ms: number;
}

export interface RunContext {
  /** Runs `ranokit <argv>` in-process on the input's files, with `{dir}` substituted. */
  cli(argv: string[]): Promise<CliResult>;
  /** The scratch folder the input's files are written to. */
  dir: string;
  /** Replaces the scratch folder's files by another input's (for a comparison run). */
  write(input: FuzzInput): void;
}

export interface Target {
  name: string;
  /** Who owns the code under test, for the report (stats, case-input, csv-folder, nifti). */
  area: string;
  /**
   * Set while the target is known to fail in another engineer's area: the issue item and what fails.
   * Pending targets run only with --include-pending (or --targets naming them) and stay out of npm test.
   */
  pending?: string;
  /** Harness self-tests (a target that must be reported failing); only run when named. */
  selfTest?: boolean;
  generate(rng: Rng): FuzzInput;
  check(input: FuzzInput, ctx: RunContext): Promise<Failure[]>;
  /** Smaller variants of a failing input (each must keep its own expectations consistent). */
  shrink?(input: FuzzInput): Iterable<FuzzInput>;
}
