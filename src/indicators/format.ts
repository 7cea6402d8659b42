/** How the dashboards and reports write an indicator's values. */
import type { Unit } from './types.ts';

// toLocaleString makes a new formatter on every call (tens of microseconds): a page formats hundreds of values.
const NUMBER_FORMATS = [0, 1, 2].map((digits) => new Intl.NumberFormat('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits }));

export function formatValue(value: number | null | undefined, unit: Unit): string {
  if (value === null || value === undefined) return '–';
  const text = NUMBER_FORMATS[unit === 'count' ? 0 : unit === 'ratio' ? 2 : 1]!.format(value);
  return unit === '%' ? `${text}%` : text;
}
