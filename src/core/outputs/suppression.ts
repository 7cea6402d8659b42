/**
 * Small-number suppression for every output an elected member (or the public) can see: the one
 * place the rule lives. DfE convention: a count of 1 to 5 is published as `c`; other counts that
 * would let a reader work out a `c` from a total are suppressed too ("secondary suppression").
 * `z` = not applicable, `x` = not available. Zero is published: it discloses no individual.
 *
 * Tables are given with their totals: when `rowTotals` is set the last column of each row is the
 * sum of the others, and with `columnTotals` the last row is the sum of the rows above. Every such
 * sum is a constraint a reader can use. Secondary suppression repeats until no suppressed cell can
 * be recovered exactly from the published figures by linear algebra (checked, not assumed).
 * Not covered: bounds attacks that use the knowledge that a `c` lies between 1 and 5.
 */

export const SMALL_MIN = 1;
export const SMALL_MAX = 5;

export type Published = number | 'c' | 'z' | 'x';

export function isSmall(count: number): boolean {
  return count >= SMALL_MIN && count <= SMALL_MAX;
}

/** Primary suppression of a lone count with no total beside it. */
export function suppressCount(count: number | null | undefined): Published {
  if (count === null || count === undefined || Number.isNaN(count)) return 'x';
  return isSmall(count) ? 'c' : count;
}

/** A rate or percentage whose numerator or denominator is suppressed is suppressed as well. */
export function suppressRate(rate: number | null, numerator: number | null, denominator: number | null): Published {
  if (rate === null || numerator === null || denominator === null) return 'x';
  if (denominator === 0) return 'z';
  return isSmall(numerator) || isSmall(denominator) ? 'c' : rate;
}

export interface TableShape {
  rowTotals?: boolean;
  columnTotals?: boolean;
}

export type Cell = readonly [row: number, column: number];

/** The sum constraints of a table: each a list of cells that add up to the last cell in it. */
export function constraints(rows: number, columns: number, shape: TableShape): Cell[][] {
  const lines: Cell[][] = [];
  if (shape.rowTotals) for (let r = 0; r < rows; r++) lines.push(Array.from({ length: columns }, (_, c) => [r, c] as const));
  if (shape.columnTotals) for (let c = 0; c < columns; c++) lines.push(Array.from({ length: rows }, (_, r) => [r, c] as const));
  return lines;
}

export function suppressTable(counts: readonly (readonly number[])[], shape: TableShape = {}): Published[][] {
  const rows = counts.length;
  const columns = counts[0]?.length ?? 0;
  if (counts.some((row) => row.length !== columns)) throw new Error('suppressTable: rows must all have the same length');
  const suppressed = counts.map((row) => row.map(isSmall));
  const lines = constraints(rows, columns, shape);
  const isTotal = ([r, c]: Cell) => (shape.rowTotals && c === columns - 1) || (shape.columnTotals && r === rows - 1);
  const value = ([r, c]: Cell) => counts[r]![c]!;

  // Each round hides one more non-zero cell on a line through a recoverable cell: the one that
  // leaves fewest cells recoverable, then an inner cell before a total, then the smallest count.
  for (let guard = 0; guard <= rows * columns; guard++) {
    const recoverable = recoverableCells(suppressed, lines);
    if (recoverable.length === 0) break;
    const exposed = new Set(recoverable.map(([r, c]) => `${r},${c}`));
    const linesThroughExposed = lines.filter((line) => line.some(([r, c]) => exposed.has(`${r},${c}`)));
    const candidates = [...new Map(linesThroughExposed.flat().map((cell) => [`${cell[0]},${cell[1]}`, cell])).values()].filter(
      ([r, c]) => !suppressed[r]![c] && value([r, c]) > 0,
    );
    const scored = candidates.map((cell) => {
      suppressed[cell[0]]![cell[1]] = true;
      const left = recoverableCells(suppressed, lines).length;
      suppressed[cell[0]]![cell[1]] = false;
      return { cell, left };
    });
    scored.sort((a, b) => a.left - b.left || Number(isTotal(a.cell)) - Number(isTotal(b.cell)) || value(a.cell) - value(b.cell));
    const choice = scored[0]?.cell;
    if (!choice) break;
    suppressed[choice[0]]![choice[1]] = true;
  }
  return counts.map((row, r) => row.map((count, c) => (suppressed[r]![c] ? 'c' : count)));
}

/**
 * Suppressed cells whose value follows exactly from the published cells and the sum constraints.
 * Unknowns are the suppressed cells; each constraint gives one linear equation. A cell is
 * recoverable when its unit vector lies in the row space of the equations (reduced row echelon form).
 */
export function recoverableCells(suppressed: readonly (readonly boolean[])[], lines: Cell[][]): Cell[] {
  const unknowns: Cell[] = [];
  suppressed.forEach((row, r) => row.forEach((isSuppressed, c) => isSuppressed && unknowns.push([r, c])));
  if (unknowns.length === 0) return [];
  const index = new Map(unknowns.map(([r, c], i) => [`${r},${c}`, i]));
  // Each line: inner cells sum to its last cell, i.e. sum(inner) - last = 0.
  const matrix = lines
    .map((line) => {
      const coefficients = new Array<number>(unknowns.length).fill(0);
      line.forEach(([r, c], position) => {
        const i = index.get(`${r},${c}`);
        if (i !== undefined) coefficients[i] = position === line.length - 1 ? -1 : 1;
      });
      return coefficients;
    })
    .filter((coefficients) => coefficients.some((x) => x !== 0));
  const reduced = rref(matrix);
  return unknowns.filter((_, i) => reduced.some((row) => row[i] !== 0 && row.every((x, j) => j === i || Math.abs(x) < 1e-9)));
}

function rref(input: number[][]): number[][] {
  const m = input.map((row) => [...row]);
  let lead = 0;
  for (let r = 0; r < m.length && lead < (m[0]?.length ?? 0); r++, lead++) {
    let pivot = r;
    while (Math.abs(m[pivot]![lead]!) < 1e-9) {
      pivot++;
      if (pivot === m.length) {
        pivot = r;
        lead++;
        if (lead === m[0]!.length) return m;
      }
    }
    [m[pivot], m[r]] = [m[r]!, m[pivot]!];
    const divisor = m[r]![lead]!;
    m[r] = m[r]!.map((x) => x / divisor);
    for (let other = 0; other < m.length; other++) {
      if (other === r) continue;
      const factor = m[other]![lead]!;
      m[other] = m[other]!.map((x, j) => x - factor * m[r]![j]!);
    }
  }
  return m;
}
