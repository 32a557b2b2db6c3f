// Numbers in explanations: the integer-built text must equal the shortest round-trip text of the value
// rounded to 0.001 (what the explanations printed before decision 0019 made it cheaper).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatPercent } from "../../src/engine/core/exact.ts";
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

// formatPercent builds one-decimal changes from integers: the text must equal the String-based one.
const referencePercent = (p: number) => {
  const digits = Number.isInteger(p) ? `${p}.0` : String(p);
  return p > 0 ? `+${digits}%` : `${digits}%`;
};

describe("formatPercent", () => {
  it("matches the String conversion for any double and for displayed changes", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (p) => {
        expect(formatPercent(p)).toBe(referencePercent(p));
      }),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), fc.integer({ min: 1, max: 4 }), (q, digits) => {
        const p = q / 10 ** digits;
        expect(formatPercent(p)).toBe(referencePercent(p));
      }),
      { numRuns: 20_000 },
    );
    expect(formatPercent(-0.3)).toBe("-0.3%");
    expect(formatPercent(24.998)).toBe("+24.998%");
    expect(formatPercent(-50)).toBe("-50.0%");
  });
});
