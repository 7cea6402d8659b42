/**
 * Form reading shared by the inspection register, the improvement plan and casework audits:
 * GOV.UK date inputs named `<prefix>-day|month|year`, trimmed text, and GOV.UK error lists.
 */
import { readDateInput, inputValues, type DatePart } from '../caseloads/date-input.ts';
import type { IsoDate } from '../core/dates.ts';

export type Body = Record<string, unknown>;
export interface FieldError {
  text: string;
  href: string;
}

const LATEST = '2100-12-31';

export function text(body: Body, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** Collects errors by field; `summary` is the GOV.UK error summary list, `field(name)` an error message. */
export class Errors {
  readonly byField = new Map<string, string>();
  private readonly anchors = new Map<string, string>();
  add(field: string, message: string, anchor = field): void {
    if (!this.byField.has(field)) this.byField.set(field, message);
    this.anchors.set(field, anchor);
  }
  get any(): boolean {
    return this.byField.size > 0;
  }
  get summary(): FieldError[] | undefined {
    return this.any ? [...this.byField].map(([field, message]) => ({ text: message, href: `#${this.anchors.get(field) ?? field}` })) : undefined;
  }
  field(name: string): { text: string } | undefined {
    const message = this.byField.get(name);
    return message ? { text: message } : undefined;
  }
  /** Every field's message, for templates: `errors.<field>.text`. */
  get fields(): Record<string, { text: string }> {
    return Object.fromEntries([...this.byField].map(([field, message]) => [field, { text: message }]));
  }
}

/** A GOV.UK date input; records an error (named with `label`) when wrong or, if required, empty. */
export function readDate(body: Body, prefix: string, label: string, errors: Errors, options: { required: boolean; earliest?: IsoDate; latest?: IsoDate }): IsoDate | null {
  const raw = { day: body[`${prefix}-day`], month: body[`${prefix}-month`], year: body[`${prefix}-year`] };
  const result = readDateInput(raw, { earliest: options.earliest ?? '1990-01-01', today: options.latest ?? LATEST });
  if (result.kind === 'date') return result.date;
  if (result.kind === 'empty') {
    if (options.required) errors.add(prefix, `Enter ${label}`, `${prefix}-day`);
    return null;
  }
  const message = result.message.replace(/^Date/, label.replace(/^./, (letter) => letter.toUpperCase()));
  errors.add(prefix, options.latest && result.message.includes('today') ? `${label.replace(/^./, (l) => l.toUpperCase())} must be today or in the past` : message, `${prefix}-${result.parts[0]}`);
  return null;
}

/** Items for govukDateInput: the values as typed (or from an ISO date), error parts highlighted. */
export function dateItems(prefix: string, source: Body | IsoDate | null, hasError: boolean) {
  const values =
    typeof source === 'string' || source === null
      ? source
        ? { day: String(Number(source.slice(8, 10))), month: String(Number(source.slice(5, 7))), year: source.slice(0, 4) }
        : { day: '', month: '', year: '' }
      : inputValues({ day: source[`${prefix}-day`], month: source[`${prefix}-month`], year: source[`${prefix}-year`] });
  const widths: Record<DatePart, number> = { day: 2, month: 2, year: 4 };
  return (['day', 'month', 'year'] as const).map((name) => ({
    name,
    label: name[0]!.toUpperCase() + name.slice(1),
    value: values[name],
    classes: `govuk-input--width-${widths[name]}${hasError ? ' govuk-input--error' : ''}`,
  }));
}

/** A positive whole-number route parameter (record numbers in URLs), else undefined. */
export function recordNumber(value: unknown): number | undefined {
  return typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : undefined;
}
