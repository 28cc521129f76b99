/**
 * Small-number suppression for counts of children's reports, cases and answers.
 *
 * A count from 1 to 4 is shown as "<5" (`small`). Every line of cells a page shows adds up to a
 * total the reader may know from elsewhere on the page (or another filter), so one hidden cell
 * could be worked out as the total minus the shown ones. Complementary suppression hides more
 * cells (`hidden`, the smallest counts of 5 or more first) until, given the exact total, no
 * hidden cell has only one possible value: a "<5" cell lies in 1..4, a hidden one is ≥ 5.
 * When even hiding every other cell would not do (say 1, 1 and 5 with the total known), the
 * whole line is hidden (`withheld`, zeros too), and then nothing about a cell can be inferred.
 */
export type Cell = { kind: "shown"; value: number } | { kind: "small" } | { kind: "hidden" } | { kind: "withheld" };

export const SMALL_LIMIT = 5;

const isSmall = (v: number) => v >= 1 && v < SMALL_LIMIT;

type Bounds = { lo: number; hi: number };

/** Whether, knowing the sum of the hidden cells and each one's bounds, every hidden cell could take two values. */
function everyHiddenAmbiguous(hidden: Bounds[], sum: number): boolean {
  return hidden.every((b, i) => {
    const others = hidden.filter((_, j) => j !== i);
    const min = Math.max(b.lo, sum - others.reduce((s, o) => s + o.hi, 0));
    const max = Math.min(b.hi, sum - others.reduce((s, o) => s + o.lo, 0));
    return max > min;
  });
}

export function suppressSmallCounts(values: readonly number[]): Cell[] {
  const small = values.map(isSmall);
  if (!small.some(Boolean)) return values.map((value) => ({ kind: "shown", value }));
  const hidden = new Set(values.flatMap((v, i) => (small[i] ? [i] : [])));
  // The smallest counts of five or more first: hiding them costs the reader least.
  const candidates = values
    .map((v, i) => ({ v, i }))
    .filter(({ v }) => v >= SMALL_LIMIT)
    .sort((a, b) => a.v - b.v || a.i - b.i);
  const sumOf = () => [...hidden].reduce((s, i) => s + values[i]!, 0);
  const bounds = () => [...hidden].map((i) => (small[i] ? { lo: 1, hi: SMALL_LIMIT - 1 } : { lo: SMALL_LIMIT, hi: Infinity }));
  while (!everyHiddenAmbiguous(bounds(), sumOf())) {
    const next = candidates.shift();
    if (!next) return values.map(() => ({ kind: "withheld" }));
    hidden.add(next.i);
  }
  return values.map((value, i) => (!hidden.has(i) ? { kind: "shown", value } : small[i] ? { kind: "small" } : { kind: "hidden" }));
}

/** The value of a cell when it is shown, else undefined. */
export function shownValue(cell: Cell): number | undefined {
  return cell.kind === "shown" ? cell.value : undefined;
}

/** One count on its own (a total): "<5" when small, as it is. */
export function suppressOne(value: number): Cell {
  return isSmall(value) ? { kind: "small" } : { kind: "shown", value };
}
