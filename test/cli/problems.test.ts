// Per-patient isolation (issue 11, item 1): any exception while processing one patient becomes that
// patient's one-line error entry and the batch goes on; the exit code is 2.
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { jsonChunks } from "../../src/cli/output.ts";
import { ProblemReport, validCases } from "../../src/cli/problems.ts";
import { type CaseRecord, readNdjson } from "../../src/io/read-cases.ts";
import { caseJsonWithId } from "../support/case-builder.ts";

const line = caseJsonWithId;

async function* stream(records: CaseRecord[]) {
  yield* records;
}

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe("ProblemReport.isolate", () => {
  it("turns a throw in one patient's work into that patient's error entry; the others are processed", async () => {
    const stderr: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((s) => {
      stderr.push(String(s));
      return true;
    });
    const records = await readNdjson([line("PT-A"), line("PT-B"), "{", line("PT-C")].join("\n"), "in.ndjson");
    const report = new ProblemReport();
    const done: string[] = [];
    for await (const v of validCases(stream(records), report)) {
      const r = report.isolate(v, "assessing under a test criteria set", () => {
        if (v.case.patient.id === "PT-B") throw new RangeError("invalid time -3 for PT-B\n    at somewhere");
        return v.case.patient.id;
      });
      if (r) done.push(r);
    }
    report.finish();
    expect(done).toEqual(["PT-A", "PT-C"]);
    expect(stderr).toEqual([
      "in.ndjson:2: $: internal error while assessing under a test criteria set: invalid time -3 for <patient>; the patient is not assessed (please report it; RANOKIT_DEBUG=1 shows the stack)\n",
      "in.ndjson:3: $: invalid JSON at line 1, column 2: Expected property name or '}'\n",
      "1 of 4 records invalid; 1 could not be assessed (internal error); the others were processed\n",
    ]);
    expect(process.exitCode).toBe(2);
  });
  it("says nothing was processed when every record failed", async () => {
    const stderr: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((s) => {
      stderr.push(String(s));
      return true;
    });
    const report = new ProblemReport();
    for await (const v of validCases(stream(await readNdjson([line("A"), "{"].join("\n"), "in")), report))
      report.isolate(v, "x", () => {
        throw new Error("boom");
      });
    report.finish();
    expect(stderr.at(-1)).toBe(
      "1 of 2 records invalid; 1 could not be assessed (internal error); nothing was processed\n",
    );
  });
  it("leaves the exit code alone when every record was fine", async () => {
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const report = new ProblemReport();
    for await (const v of validCases(stream(await readNdjson(line("X"), "in")), report))
      report.isolate(v, "x", () => 1);
    report.finish();
    expect(process.exitCode).toBeUndefined();
  });
});

describe("jsonChunks", () => {
  it("joins to exactly JSON.stringify(value, null, 2) (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect([...jsonChunks(v)].join("")).toBe(JSON.stringify(v, null, 2));
      }),
      { numRuns: 1000 },
    );
    const odd = { a: undefined, b: [undefined, () => 1], c: { toJSON: () => "x" }, d: -0 };
    expect([...jsonChunks(odd)].join("")).toBe(JSON.stringify(odd, null, 2));
  });
});
