import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { suppressSmallCounts, type Cell } from "~/domain/dashboards/suppression";

// What a reader of a page can work out from a line of cells (a chart's bars, a column of the
// schools table) when they know its exact total, as they may from elsewhere on the page or
// from another filter: "<5" is 1..4, "×" is 5 or more (it was not small), a withheld line's
// cells are anything from 0. For every hidden cell we compute every value it could take with
// the others still adding up (an exact subset-sum search, not the module's own interval
// reasoning), and require at least two.

function possibleValues(cells: Cell[], total: number): Array<Set<number>> {
  const shownSum = cells.reduce((s, c) => s + (c.kind === "shown" ? c.value : 0), 0);
  const rest = total - shownSum;
  const range = (c: Cell): number[] => {
    const [lo, hi] = c.kind === "small" ? [1, 4] : c.kind === "hidden" ? [5, rest] : [0, rest];
    return Array.from({ length: Math.max(0, hi - lo + 1) }, (_, i) => lo + i);
  };
  const hidden = cells.map((c, i) => ({ c, i })).filter(({ c }) => c.kind !== "shown");
  return cells.map((c, i) => {
    if (c.kind === "shown") return new Set([c.value]);
    const others = hidden.filter((h) => h.i !== i);
    // Sums the other hidden cells can make together.
    let sums = new Set([0]);
    for (const o of others) {
      const next = new Set<number>();
      for (const s of sums) for (const v of range(o.c)) if (s + v <= rest) next.add(s + v);
      sums = next;
    }
    return new Set(range(c).filter((v) => sums.has(rest - v)));
  });
}

const counts = fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 40 })), { minLength: 2, maxLength: 8 });

describe("small-number suppression", () => {
  it("hides every count from 1 to 4 and shows every other shown count as it is", () => {
    fc.assert(
      fc.property(counts, (values) => {
        const cells = suppressSmallCounts(values);
        cells.forEach((c, i) => {
          if (values[i]! >= 1 && values[i]! <= 4) expect(c.kind).not.toBe("shown");
          if (c.kind === "shown") expect(c.value).toBe(values[i]);
          if (c.kind === "small") expect(values[i]).toBeLessThan(5);
          if (c.kind === "hidden") expect(values[i]).toBeGreaterThanOrEqual(5);
        });
      }),
      { numRuns: 2000 },
    );
  });

  it("leaves no hidden count derivable from the line's total minus what is shown", () => {
    fc.assert(
      fc.property(counts, (values) => {
        const cells = suppressSmallCounts(values);
        const total = values.reduce((s, v) => s + v, 0);
        possibleValues(cells, total).forEach((possible, i) => {
          expect(possible.has(values[i]!), "the true value stays possible").toBe(true);
          if (cells[i]!.kind !== "shown") expect(possible.size, `cell ${i} of ${JSON.stringify(values)}`).toBeGreaterThanOrEqual(2);
        });
      }),
      { numRuns: 2000 },
    );
  });

  it("withholds a line that cannot be protected, and leaves lines without small counts alone", () => {
    expect(suppressSmallCounts([1, 1, 5]).map((c) => c.kind)).toEqual(["withheld", "withheld", "withheld"]);
    expect(suppressSmallCounts([3, 0, 0]).map((c) => c.kind)).toEqual(["withheld", "withheld", "withheld"]);
    expect(suppressSmallCounts([2, 14])).toEqual([{ kind: "small" }, { kind: "hidden" }]);
    expect(suppressSmallCounts([0, 12, 5])).toEqual([
      { kind: "shown", value: 0 },
      { kind: "shown", value: 12 },
      { kind: "shown", value: 5 },
    ]);
  });
});
