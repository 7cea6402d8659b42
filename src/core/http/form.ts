/**
 * Reading forms, shared by every capability's pages: GOV.UK date inputs (day, month, year, named
 * `<prefix>-day|month|year` or bare `day|month|year`) with the GOV.UK Design System's error messages
 * (https://design-system.service.gov.uk/components/date-input/, "If there's an error"), trimmed
 * text, GOV.UK error lists, record numbers in URLs and the team picker's choices.
 */
import { isRealDate, longDate, makeDate, monthNumber, type IsoDate } from '../dates.ts';

export type Body = Record<string, unknown>;
export interface FieldError {
  text: string;
  href: string;
}

export type DatePart = 'day' | 'month' | 'year';
export type DateInputValues = Record<DatePart, string>;
export type DateInputResult =
  | { kind: 'empty' }
  | { kind: 'date'; date: IsoDate }
  /** `parts`: the inputs to highlight. */
  | { kind: 'error'; message: string; parts: DatePart[] };

const PARTS: DatePart[] = ['day', 'month', 'year'];
const LATEST = '2100-12-31';

export function text(body: Body, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** The longest free text each form takes (GOV.UK: say the limit in the error). */
export const MAX_LENGTH = { title: 200, name: 100, lineText: 2_000, reason: 1_000, commentary: 5_000 } as const;

/** GOV.UK's error for text longer than `max` ("The title must be 200 characters or fewer"), or undefined when it fits. */
export function tooLong(value: string, max: number, what: string): string | undefined {
  return value.length > max ? `${what} must be ${max.toLocaleString('en-GB')} characters or fewer` : undefined;
}

/** A field sent more than once (a doubled or tampered form), which text() reads as blank: an optional field must refuse it, not take it as left empty. */
export function sentTwice(body: Body, name: string): boolean {
  return Array.isArray(body[name]);
}

/**
 * Collects errors by field; `summary` is the GOV.UK error summary list, `field(name)` an error message,
 * `dateParts(name)` the parts of a date input to highlight.
 */
export class Errors {
  readonly byField = new Map<string, string>();
  private readonly anchors = new Map<string, string>();
  private readonly parts = new Map<string, readonly DatePart[]>();
  /** `parts`: for a date input, the parts that are wrong (all three when not given). */
  add(field: string, message: string, anchor = field, parts?: readonly DatePart[]): void {
    if (!this.byField.has(field)) {
      this.byField.set(field, message);
      if (parts) this.parts.set(field, parts);
    }
    this.anchors.set(field, anchor);
  }
  /** The parts of date input `field` to highlight: none without an error, all three unless the error named some. */
  dateParts(field: string): readonly DatePart[] {
    return this.byField.has(field) ? (this.parts.get(field) ?? PARTS) : [];
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

const listParts = (parts: DatePart[]) => (parts.length === 2 ? `${parts[0]} and ${parts[1]}` : parts[0]!);

/** Reads the three inputs: a real date from `earliest` to `today` inclusive, or nothing at all. */
export function readDateInput(raw: Partial<Record<DatePart, unknown>>, { earliest, today }: { earliest: IsoDate; today: IsoDate }): DateInputResult {
  const values = inputValues(raw);
  const missing = PARTS.filter((part) => values[part] === '');
  if (missing.length === 3) return { kind: 'empty' };
  if (missing.length > 0) return { kind: 'error', message: `Date must include a ${listParts(missing)}`, parts: missing };

  const day = /^\d{1,2}$/.test(values.day) ? Number(values.day) : NaN;
  const month = monthNumber(values.month);
  if (/^\d+$/.test(values.year) && values.year.length !== 4) return { kind: 'error', message: 'Year must include 4 numbers', parts: ['year'] };
  const year = /^\d{4}$/.test(values.year) ? Number(values.year) : NaN;
  const wrong = PARTS.filter((part, index) => {
    const value = [day, month, year][index]!;
    return Number.isNaN(value) || (part === 'day' && (value < 1 || value > 31)) || (part === 'month' && (value < 1 || value > 12));
  });
  if (wrong.length > 0) return { kind: 'error', message: 'Date must be a real date', parts: wrong };
  // Each part possible alone, the whole date impossible (31 2 2026): GOV.UK highlights the whole date.
  if (!isRealDate(year, month, day)) return { kind: 'error', message: 'Date must be a real date', parts: PARTS };

  const date = makeDate(year, month, day);
  if (date < earliest) return { kind: 'error', message: `Date must be the same as or after ${longDate(earliest)}`, parts: PARTS };
  if (date > today) return { kind: 'error', message: 'Date must be today or in the past', parts: PARTS };
  return { kind: 'date', date };
}

/** The inputs as typed (trimmed), to show back in the form. */
export function inputValues(raw: Partial<Record<DatePart, unknown>>): DateInputValues {
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
  return { day: text(raw.day), month: text(raw.month), year: text(raw.year) };
}

/** The date input's three raw values in a form body: `<prefix>-day` and so on, or `day` with no prefix. */
function rawDate(body: Body, prefix: string): Partial<Record<DatePart, unknown>> {
  const name = (part: DatePart) => (prefix ? `${prefix}-${part}` : part);
  return { day: body[name('day')], month: body[name('month')], year: body[name('year')] };
}

/** A GOV.UK date input; records an error (named with `label`) when wrong or, if required, empty. */
export function readDate(
  body: Body,
  prefix: string,
  label: string,
  errors: Errors,
  options: { required: boolean; earliest?: IsoDate; latest?: IsoDate },
): IsoDate | null {
  const result = readDateInput(rawDate(body, prefix), { earliest: options.earliest ?? '1990-01-01', today: options.latest ?? LATEST });
  if (result.kind === 'date') return result.date;
  if (result.kind === 'empty') {
    if (options.required) errors.add(prefix, `Enter ${label}`, `${prefix}-day`, PARTS);
    return null;
  }
  const message = result.message.replace(
    /^Date/,
    label.replace(/^./, (letter) => letter.toUpperCase()),
  );
  errors.add(
    prefix,
    options.latest && result.message.includes('today') ? `${label.replace(/^./, (l) => l.toUpperCase())} must be today or in the past` : message,
    `${prefix}-${result.parts[0]}`,
    result.parts,
  );
  return null;
}

/**
 * Items for govukDateInput: the values as typed in `source` (a form body or query, read with
 * `prefix`) or from an ISO date; `error` highlights every part (true), the parts named, or the parts
 * the form's errors name for `prefix` (only the wrong part, as GOV.UK asks, or all for a whole-date error).
 */
export function dateItems(prefix: string, source: Body | IsoDate | null, error: boolean | readonly DatePart[] | Errors) {
  const wrong = error instanceof Errors ? error.dateParts(prefix) : error;
  const values =
    typeof source === 'string' || source === null
      ? source
        ? { day: String(Number(source.slice(8, 10))), month: String(Number(source.slice(5, 7))), year: source.slice(0, 4) }
        : { day: '', month: '', year: '' }
      : inputValues(rawDate(source, prefix));
  const widths: Record<DatePart, number> = { day: 2, month: 2, year: 4 };
  return PARTS.map((name) => ({
    name,
    label: name[0]!.toUpperCase() + name.slice(1),
    value: values[name],
    classes: `govuk-input--width-${widths[name]}${wrong === true || (wrong !== false && wrong.includes(name)) ? ' govuk-input--error' : ''}`,
  }));
}

/** A positive whole-number route parameter (record numbers in URLs), else undefined. */
export function recordNumber(value: unknown): number | undefined {
  return typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : undefined;
}

/** Items for a team govukSelect: a first empty choice (`blank`: "All teams", "Choose a team"), then the teams, `selected` chosen. */
export function teamItems(teams: readonly { id: string; name: string }[], selected: unknown, blank: string) {
  return [{ value: '', text: blank }, ...teams.map((team) => ({ value: team.id, text: team.name, selected: team.id === selected }))];
}
