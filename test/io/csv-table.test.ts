import { describe, expect, it } from "vitest";
import { numberCell, parseCsvTable, requireColumns, TableError } from "../../src/io/csv-table.ts";

describe("generic CSV table", () => {
  it("keeps the line of every row and trims the header", () => {
    const t = parseCsvTable(" id , value\nA,1\n\nB,2.5\n", "t.csv");
    expect(t.header).toEqual(["id", "value"]);
    expect(t.rows.map((r) => r.line)).toEqual([2, 4]);
    expect(numberCell(t, t.rows[1]!, "value")).toBe(2.5);
  });

  it("names file, line and column of a bad number", () => {
    const t = parseCsvTable("id,value\nA,x\n", "t.csv");
    expect(() => numberCell(t, t.rows[0]!, "value")).toThrow('t.csv:2 (value): "x" is not a number');
  });

  it("lists missing columns", () => {
    const t = parseCsvTable("id\nA\n", "t.csv");
    expect(() => requireColumns(t, ["id", "reference", "test"])).toThrow("missing column(s) reference, test");
  });

  it("reports malformed CSV as a TableError, not a crash", () => {
    expect(() => parseCsvTable('id,value\nA,"unclosed\n', "t.csv")).toThrow(TableError);
  });
});
