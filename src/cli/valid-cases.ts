// Splits read records into valid cases and invalid ones; invalid records are reported on stderr (by
// source and JSON path, never by patient id) and make the command exit with code 2 at the end, after
// the valid ones have been processed.
import type { Case } from "../engine/index.ts";
import { type CaseRecord, formatInputErrors } from "../io/read-cases.ts";
import { plural } from "./format/layout.ts";

export interface ValidCase {
  case: Case;
  /** Position of the record in the input (stable key across criteria sets). */
  index: number;
}

export function validCases(records: ReadonlyArray<CaseRecord>): ValidCase[] {
  const valid: ValidCase[] = [];
  let invalid = 0;
  records.forEach((record, index) => {
    if (record.result.ok) valid.push({ case: record.result.value, index });
    else {
      invalid++;
      for (const line of formatInputErrors(record)) process.stderr.write(`${line}\n`);
    }
  });
  if (invalid > 0) {
    process.stderr.write(
      `${invalid} of ${plural(records.length, "record")} invalid; the others were processed\n`,
    );
    process.exitCode = 2;
  }
  return valid;
}
