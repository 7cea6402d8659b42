/** Words and formats shared by the plan pages and the Word document. */
import type { Unit } from '../indicators/types.ts';
import type { Rag } from './rag.ts';

export const RAG_NAMES: Record<Rag, string> = { red: 'Red', amber: 'Amber', green: 'Green', blue: 'Blue' };

/** GOV.UK tag colour for each rating (the text always names the rating too). */
export const RAG_TAG_CLASSES: Record<Rag, string> = { red: 'govuk-tag--red', amber: 'govuk-tag--orange', green: 'govuk-tag--green', blue: 'govuk-tag--blue' };

export function formatMeasure(value: number | 'c' | null | undefined, unit: Unit): string {
  if (value === 'c') return 'c';
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const rounded = Math.round(value * 10) / 10;
  return unit === '%' ? `${rounded}%` : unit === 'per 10,000' ? `${rounded} per 10,000` : String(rounded);
}
