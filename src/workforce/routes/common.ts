/** What the workforce pages share: their access rules, the date and team picker, and form errors. */
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../core/http/app.ts';
import { teamScope, teamsInScope, type TeamScope } from '../../core/auth/scope.ts';
import { parseIsoDate, todayInEngland, monthEndOnOrBefore } from '../../core/dates.ts';
import { dataPeriod } from '../../indicators/analysis.ts';
import { dateItems, Errors, readDate, readDateInput, teamItems, type Body, type DateInputResult, type DatePart } from '../../core/http/form.ts';

export const VIEW = { access: { permission: 'workforce.view' as const } };
export const MANAGE = { access: { permission: 'workforce.manage' as const } };
export const CLOSURES = { access: { permission: 'workforce.closures' as const } };
export const TREND_MONTHS = 24;

export interface DateTeamQuery {
  /** YYYY-MM-DD, as links carry it; the form sends the date input's date-day, date-month and date-year. */
  date?: unknown;
  'date-day'?: unknown;
  'date-month'?: unknown;
  'date-year'?: unknown;
  team?: unknown;
}

const EARLIEST = '1990-01-01';

/**
 * Reads the date (the GOV.UK date input's three fields, or ?date=YYYY-MM-DD from a link; default: the
 * data period's month end) and ?team=ID (kept to the user's scope).
 */
export async function selection(deps: AppDeps, request: FastifyRequest<{ Querystring: DateTeamQuery }>) {
  const today = todayInEngland();
  const query = request.query as Body;
  const fromInput = ['date-day', 'date-month', 'date-year'].some((name) => typeof query[name] === 'string');
  const linked = typeof query.date === 'string' && query.date !== '' ? parseIsoDate(query.date) : null;
  const input: DateInputResult = fromInput
    ? readDateInput({ day: query['date-day'], month: query['date-month'], year: query['date-year'] }, { earliest: EARLIEST, today })
    : linked === undefined
      ? { kind: 'error', message: 'Date must be a real date', parts: ['day', 'month', 'year'] }
      : linked === null
        ? { kind: 'empty' }
        : readDateInput({ day: linked.slice(8), month: linked.slice(5, 7), year: linked.slice(0, 4) }, { earliest: EARLIEST, today });
  const typed = input.kind === 'date' ? input.date : null;
  // One default date everywhere: the last month end with data (as the Performance overview), not today's.
  const range = typed ? undefined : await dataPeriod(deps.database, today);
  const asOf = typed ?? range?.defaultAsOf ?? monthEndOnOrBefore(today);
  const userScope = await teamScope(deps.database, request.user!, asOf, 'casework');
  const visible = await teamsInScope(deps.database, asOf, userScope);
  const teamId = typeof request.query.team === 'string' ? request.query.team : '';
  const team = visible.find((candidate) => candidate.id === teamId);
  const teamError = teamId !== '' && !team ? 'Select a team from the list' : undefined;
  const scope: TeamScope = team ? { kind: 'teams', teamIds: [team.id] } : userScope;
  const dateError = input.kind === 'error' ? input.message : undefined;
  return {
    asOf,
    scope,
    userScope,
    errors: [
      ...(input.kind === 'error' ? [{ text: input.message, href: `#date-${input.parts[0]}` }] : []),
      ...(teamError ? [{ text: teamError, href: '#team' }] : []),
    ],
    form: {
      // As typed when sent from the form (so a wrong date can be put right), else the date shown.
      dateItems: dateItems('date', fromInput ? query : input.kind === 'error' ? { date: '' } : asOf, input.kind === 'error' ? input.parts : false),
      dateError,
      teamError,
      teamItems: teamItems(visible, teamId, userScope.kind === 'all' ? 'All teams' : 'All your teams'),
    },
    selectionName: team?.name ?? (userScope.kind === 'all' ? 'All teams' : 'Your teams'),
    emptyScope: scope.kind === 'teams' && scope.teamIds.length === 0,
  };
}

/** `parts`: a date input's parts to highlight. */
type FormError<F extends string> = { field: F; message: string; href?: string; parts?: readonly DatePart[] };
export const fieldErrors = <F extends string>(errors: FormError<F>[]) =>
  Object.fromEntries(errors.map((error) => [error.field, { text: error.message, ...(error.parts ? { parts: error.parts } : {}) }]));
export const summary = <F extends string>(errors: FormError<F>[]) => errors.map((error) => ({ text: error.message, href: `#${error.href ?? error.field}` }));

export interface DateField<F extends string> {
  field: F;
  /** Names the date in messages: "Enter the date the team closed", "The date the team closed must be a real date". */
  label: string;
  required: boolean;
}

/**
 * A form's GOV.UK date inputs (`<field>-day`, `-month`, `-year`) read into the YYYY-MM-DD text its
 * validator takes, and `merge`, which puts each date's own GOV.UK error in place of what the
 * validator said about that field (or after the validator's errors).
 */
export function readDateFields<F extends string>(body: Body, fields: readonly DateField<F>[]) {
  const errors = new Errors();
  const values: Record<string, string> = {};
  for (const { field, label, required } of fields) values[field] = readDate(body, field, label, errors, { required }) ?? '';
  const dateErrors = (errors.summary ?? []).map((error, index) => {
    const field = [...errors.byField.keys()][index] as F;
    return { field, message: error.text, href: error.href.slice(1), parts: errors.dateParts(field) };
  });
  const merge = <G extends string>(validated: FormError<G>[]): FormError<F | G>[] => {
    const own = new Map(dateErrors.map((error) => [error.field as string, error]));
    const merged: FormError<F | G>[] = validated.map((error) => own.get(error.field) ?? error);
    for (const error of dateErrors) if (!validated.some((other) => (other.field as string) === error.field)) merged.push(error);
    return merged;
  };
  return { values, errors: dateErrors, merge };
}

/** Items for each date input: as typed (a form sent back), else from the ISO date held (`values[field]`), else empty. */
export function dateInputs(fields: readonly string[], values: Record<string, unknown>, errors: Record<string, unknown> = {}) {
  return Object.fromEntries(
    fields.map((field) => {
      const held = values[field];
      const source = typeof held === 'string' ? held || null : (values as Body);
      const error = errors[field] as { parts?: readonly DatePart[] } | undefined;
      return [field, dateItems(field, source, error?.parts ?? field in errors)];
    }),
  );
}
