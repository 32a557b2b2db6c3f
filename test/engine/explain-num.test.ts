// Numbers in explanations: the integer-built text must equal the shortest round-trip text of the value
// rounded to 0.001 (what the explanations printed before decision 0019 made it cheaper).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { num } from "../../src/engine/core/timeline/explain.ts";

const reference = (v: number) => (Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000));

describe("num", () => {
  it("matches String(round(v, 3)) for any double", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (v) => {
        expect(num(v)).toBe(reference(v));
      }),
      { numRuns: 20_000 },
    );
  });
  it("matches on thousandths, half-thousandths and mm² sums", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.constantFrom(0, 0.0004, 0.0005, -0.0005),
        (n, d) => {
          const v = n / 1000 + d;
          expect(num(v)).toBe(reference(v));
        },
      ),
      { numRuns: 20_000 },
    );
    expect(num(12.5)).toBe("12.5");
    expect(num(-0.05)).toBe("-0.05");
    expect(num(1234.0006)).toBe("1234.001");
  });
});
