// The error side of every batch command: invalid records and per-patient internal errors are written
// to stderr as they occur (`source: JSON path: problem`, never the patient identifier), and the command
// ends with exit code 2 after the valid records have been processed.
import type { Case } from "../engine/index.ts";
import { type CaseRecord, formatInputErrors, formatRecordError } from "../io/read-cases.ts";
import { plural } from "./format/layout.ts";

export interface ValidCase {
  case: Case;
  /** Position of the record in the input (stable key across criteria sets). */
  index: number;
  source: string;
}

export class ProblemReport {
  records = 0;
  invalid = 0;
  failed = 0;
  /** Inputs that held no record at all (empty stdin or file). */
  empty = 0;

  /** Every problem line; the exit code is set at once, so a command cut short (closed pipe) still says 2. */
  private line(text: string): void {
    process.exitCode = 2;
    process.stderr.write(`${text}\n`);
  }

  /** Counts a record; reports it and returns null when it is invalid. */
  accept(record: CaseRecord): ValidCase | null {
    if (record.noInput) {
      this.empty++;
      for (const line of formatInputErrors(record)) this.line(line);
      return null;
    }
    const index = this.records++;
    if (record.result.ok) return { case: record.result.value, index, source: record.source };
    this.invalid++;
    for (const line of formatInputErrors(record)) this.line(line);
    return null;
  }

  /**
   * Runs one patient's work; an exception becomes that patient's error entry (one line, with the
   * source) and the batch goes on. The patient id is masked in case an engine message quoted it.
   */
  isolate<T>(v: ValidCase, what: string | (() => string), work: () => T): T | undefined {
    try {
      return work();
    } catch (e) {
      this.failed++;
      const message = String((e as Error)?.message ?? e)
        .split("\n")[0]!
        .replaceAll(v.case.patient.id, "<patient>");
      this.line(
        formatRecordError(v.source, {
          path: "$",
          message: `internal error while ${typeof what === "string" ? what : what()}: ${message}; the patient is not assessed (please report it; RANOKIT_DEBUG=1 shows the stack)`,
        }),
      );
      if (process.env.RANOKIT_DEBUG) this.line(String((e as Error)?.stack));
      return undefined;
    }
  }

  /** A valid record that the command still cannot process (e.g. no criteria set applies to it). */
  reject(v: ValidCase, path: string, message: string): void {
    this.invalid++;
    this.line(formatRecordError(v.source, { path, message }));
  }

  /** The closing summary on stderr and the exit code: 2 when any record was invalid or failed. */
  finish(): void {
    if (this.empty > 0) process.exitCode = 2;
    // One record: its own error line says it all; the count is for batches.
    if (this.invalid + this.failed === 0 || this.records < 2) return;
    const parts = [
      this.invalid > 0 ? `${this.invalid} of ${plural(this.records, "record")} invalid` : "",
      this.failed > 0 ? `${this.failed} could not be assessed (internal error)` : "",
    ].filter(Boolean);
    const rest =
      this.invalid + this.failed === this.records ? "nothing was processed" : "the others were processed";
    this.line(`${parts.join("; ")}; ${rest}`);
    process.exitCode = 2;
  }
}

/** The valid cases of a record stream, the invalid ones reported as they pass. */
export async function* validCases(
  records: AsyncIterable<CaseRecord>,
  report: ProblemReport,
): AsyncGenerator<ValidCase> {
  for await (const record of records) {
    const v = report.accept(record);
    if (v) yield v;
  }
}
