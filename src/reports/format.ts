/** How a report writes its figures: the dashboards' number format, and the DfE symbols for what is not published. */
import type { IsoDate } from '../core/dates.ts';
import type { Published } from '../core/outputs/suppression.ts';
import { formatValue } from '../indicators/format.ts';
import type { Unit } from '../indicators/types.ts';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "September 2025" */
export function monthName(date: IsoDate): string {
  return `${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}

/** A published figure as text: numbers as the dashboards write them, `c`, `z` and `x` as themselves. */
export function formatFigure(value: Published | null | undefined, unit: Unit): string {
  if (value === null || value === undefined) return '–';
  return typeof value === 'number' ? formatValue(value, unit) : value;
}

/** The size of a difference between two values: percentage points for percentages. */
export function formatDifference(difference: number, unit: Unit): string {
  const size = formatValue(Math.abs(difference), unit === '%' ? 'per 10,000' : unit);
  return unit === '%' ? `${size} percentage points` : unit === 'per 10,000' ? `${size} per 10,000 children` : size;
}

export const SYMBOLS = [
  { symbol: 'c', meaning: 'not published: fewer than 6 children or cases, or a figure that would let a reader work one out (DfE small-number rule)' },
  { symbol: 'x', meaning: 'not available' },
  { symbol: 'z', meaning: 'not applicable' },
];
