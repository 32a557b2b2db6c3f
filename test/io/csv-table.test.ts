import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  countCell,
  isMissingValue,
  notDecimalReason,
  numberCell,
  parseCsvTable,
  requireColumns,
  TableError,
} from "../../src/io/csv-table.ts";

describe("generic CSV table", () => {
  it("keeps the line of every row and trims the header", () => {
    const t = parseCsvTable(" id , value\nA,1\n\nB,2.5\n", "t.csv");
    expect(t.header).toEqual(["id", "value"]);
    expect(t.rows.map((r) => r.line)).toEqual([2, 4]);
    expect(numberCell(t, t.rows[1]!, "value")).toBe(2.5);
  });

  it("names file, line and column of a bad number", () => {
    const t = parseCsvTable("id,value\nA,x\n", "t.csv");
    expect(() => numberCell(t, t.rows[0]!, "value")).toThrow(
      't.csv:2 (value): "x" is not a plain decimal number',
    );
  });

  it("lists missing columns", () => {
    const t = parseCsvTable("id\nA\n", "t.csv");
    expect(() => requireColumns(t, ["id", "reference", "test"])).toThrow("missing column(s) reference, test");
  });

  it("reports malformed CSV as a TableError, not a crash", () => {
    expect(() => parseCsvTable('id,value\nA,"unclosed\n', "t.csv")).toThrow(TableError);
  });

  // Issue 11 item 11: Number() reads "0x10" as 16 and "1e1" as 10; a table cell must not.
  it("reads plain decimal numbers only, with a reason for everything else", () => {
    const t = parseCsvTable("id,v\nA,0x10\nB,1e1\nC,Infinity\nD,x\nE,NA\nF, -.5 \nG,+12.\nH,0b11\n", "t.csv");
    const cell = (i: number) => () => numberCell(t, t.rows[i]!, "v");
    expect(cell(0)).toThrow('t.csv:2 (v): "0x10" is not a plain decimal number');
    expect(cell(1)).toThrow('t.csv:3 (v): "1e1" is in exponent notation');
    expect(cell(2)).toThrow('"Infinity" is not a plain decimal number');
    expect(cell(4)).toThrow('t.csv:6 (v): missing value ("NA")');
    expect(cell(5)()).toBe(-0.5);
    expect(cell(6)()).toBe(12);
    expect(cell(7)).toThrow(TableError);
    expect(notDecimalReason("1,5")).toContain("decimal comma");
    expect(notDecimalReason(`1${"0".repeat(400)}`)).toContain("out of range");
  });

  it("reads counts as digits only", () => {
    const t = parseCsvTable("n\n12\n1.0\n-3\n1e1\n99999999999999999999\n", "t.csv");
    expect(countCell(t, t.rows[0]!, "n")).toBe(12);
    expect(() => countCell(t, t.rows[1]!, "n")).toThrow('t.csv:3 (n): "1.0" is not a whole number');
    expect(() => countCell(t, t.rows[2]!, "n")).toThrow('"-3" is negative');
    expect(() => countCell(t, t.rows[3]!, "n")).toThrow("exponent notation");
    expect(() => countCell(t, t.rows[4]!, "n")).toThrow("a count is a whole number");
  });

  it("knows the usual missing-value spellings", () => {
    for (const v of ["", "NA", "n/a", "#N/A", "NaN", "NULL", "none", "."])
      expect(isMissingValue(v)).toBe(true);
    for (const v of ["0", "PR", "nab"]) expect(isMissingValue(v)).toBe(false);
  });

  it("a decimal accepted is read exactly as written (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e15, max: 1e15, noNaN: true }), (x) => {
        const text = x.toFixed(6);
        expect(notDecimalReason(text)).toBeNull();
        expect(Number(text)).toBe(Number.parseFloat(text));
      }),
    );
    // Whatever Number() accepts that is not digits-sign-point is refused.
    fc.assert(
      fc.property(fc.string(), (s) => {
        const plain = /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s.trim());
        expect(notDecimalReason(s) === null).toBe(plain && Number.isFinite(Number(s)));
      }),
    );
  });
});

describe("table structure problems are listed, each with its line", () => {
  it("ragged and short rows, a repeated header name, a semicolon export", () => {
    let err: unknown;
    try {
      parseCsvTable("id,ref,m\n1,1,2\n2,0,3,4\n3,1\n4,0,5\n", "t.csv");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TableError);
    expect((err as Error).message).toBe(
      "t.csv:3: 4 cell(s); the header has 3\nranokit: t.csv:4: 2 cell(s); the header has 3",
    );
    expect(() => parseCsvTable("id,m,m\n1,2,3\n", "t.csv")).toThrow(
      't.csv:1 (m): column "m" is in the header twice',
    );
    expect(() => parseCsvTable("id;m\n1;2\n", "t.csv")).toThrow("looks semicolon-separated");
  });
});
