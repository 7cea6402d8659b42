import { describe, expect, it } from 'vitest';
import { constraints, recoverableCells, suppressCount, suppressRate, suppressTable, type Published } from './suppression.ts';

/** Checks the published table: no count 1–5 shows, and no suppressed cell follows from the others. */
function assertSafe(published: Published[][], shape: { rowTotals?: boolean; columnTotals?: boolean }) {
  for (const row of published) for (const cell of row) if (typeof cell === 'number') expect(cell < 1 || cell > 5).toBe(true);
  const lines = constraints(published.length, published[0]!.length, shape);
  expect(
    recoverableCells(
      published.map((row) => row.map((cell) => cell === 'c')),
      lines,
    ),
  ).toEqual([]);
}

describe('small-number suppression', () => {
  it('publishes 1 to 5 as c, and zero and 6+ as they are', () => {
    expect([0, 1, 5, 6, 120].map(suppressCount)).toEqual([0, 'c', 'c', 6, 120]);
    expect(suppressCount(null)).toBe('x');
  });

  it('suppresses a rate built on a small count', () => {
    expect(suppressRate(40, 2, 5)).toBe('c');
    expect(suppressRate(25, 10, 40)).toBe(25);
    expect(suppressRate(null, 0, 0)).toBe('x');
    expect(suppressRate(0, 0, 0)).toBe('z');
  });

  it('suppresses a second cell so a total cannot give the small one away', () => {
    // Teams A, B, C and the total: 3 + 10 + 12 = 25. Hiding only the 3 leaves 25 − 10 − 12 = 3.
    const published = suppressTable([[3, 10, 12, 25]], { rowTotals: true });
    expect(published).toEqual([['c', 'c', 12, 25]]);
    assertSafe(published, { rowTotals: true });
  });

  it('protects a two-way table with row and column totals', () => {
    // Rows: age bands; columns: boys, girls, total. Last row: totals.
    const counts = [
      [2, 14, 16],
      [9, 11, 20],
      [30, 7, 37],
      [41, 32, 73],
    ];
    const shape = { rowTotals: true, columnTotals: true };
    const published = suppressTable(counts, shape);
    expect(published[0]![0]).toBe('c');
    assertSafe(published, shape);
    // Only what is needed is hidden: the grand total stays.
    expect(published[3]![2]).toBe(73);
  });

  it('hides a total when nothing else in its line can be suppressed', () => {
    const published = suppressTable([[4, 0, 4]], { rowTotals: true });
    expect(published).toEqual([['c', 0, 'c']]);
    assertSafe(published, { rowTotals: true });
  });

  it('leaves a table with no small numbers alone', () => {
    expect(suppressTable([[6, 7, 13]], { rowTotals: true })).toEqual([[6, 7, 13]]);
  });

  it('finds no small number recoverable in random tables', () => {
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const shape = { rowTotals: true, columnTotals: true };
    for (let trial = 0; trial < 200; trial++) {
      const width = 2 + Math.floor(random() * 4);
      const inner = Array.from({ length: 2 + Math.floor(random() * 4) }, () => Array.from({ length: width }, () => Math.floor(random() * 14)));
      const withRowTotals = inner.map((row) => [...row, row.reduce((a, b) => a + b, 0)]);
      const totals = withRowTotals[0]!.map((_, c) => withRowTotals.reduce((sum, row) => sum + row[c]!, 0));
      assertSafe(suppressTable([...withRowTotals, totals], shape), shape);
    }
  });
});
