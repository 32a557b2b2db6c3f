// Loading the accuracy fixtures through the same reader the CLI uses.
import { join } from "node:path";
import { accuracyCases } from "../../../src/io/accuracy-table.ts";
import { readCsvTable } from "../../../src/io/csv-table.ts";
import type { AccuracyCase } from "../../../src/stats/accuracy/index.ts";

export const FIXTURES = join(import.meta.dirname, "../../fixtures/stats");

export function loadCases(file: string, tests: string[]): AccuracyCase[] {
  return accuracyCases(readCsvTable(join(FIXTURES, file)), {
    reference: "reference",
    tests,
    patient: "patient_id",
  });
}
