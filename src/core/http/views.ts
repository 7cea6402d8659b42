import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { tableHtml } from './table-html.ts';
import { londonDate, londonDateTime } from '../dates.ts';
import { AUDIT_ACTIONS, auditSubject, CATEGORY_OF_ABUSE, CLOSURE_REASON, ETHNICITY, LEGAL_STATUS, PRIMARY_NEED, wordsFor } from '../words.ts';
import { PLACEMENT_TYPES } from '../../local-codes/codes.ts';
import { CHANGE_REASONS } from '../../workforce/changes.ts';

const require = createRequire(import.meta.url);
export const SRC_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const GOVUK_DIST = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist');

// Formatters are costly to create: make each once.
const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
/** Ends with a time and its offset: Z, +01, +01:00, -0500 (not a date's "-14"). */
const OFFSET = /\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/;
/** A Date, or a timestamp with its offset as PostgreSQL or toISOString writes it; null for anything else. */
function momentOf(value: unknown): Date | null {
  const moment = value instanceof Date ? value : typeof value === 'string' && OFFSET.test(value) ? new Date(value) : null;
  return moment && !Number.isNaN(moment.getTime()) ? moment : null;
}
const numberFormats = new Map<number, Intl.NumberFormat>();
function numberFormat(digits: number): Intl.NumberFormat {
  let format = numberFormats.get(digits);
  if (!format) numberFormats.set(digits, (format = new Intl.NumberFormat('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits })));
  return format;
}

/**
 * Templates are named from `src/`, e.g. `caseloads/views/index.njk`, so the page's template sits
 * with its capability; GOV.UK Frontend's macros resolve as `govuk/components/...`.
 */
export function createViews(): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([SRC_DIR, GOVUK_DIST], { noCache: false }), {
    autoescape: true,
    throwOnUndefined: false,
  });
  env.addGlobal('ksTableHtml', tableHtml); // core/views/macros/table.njk
  env.addFilter('number', (value: unknown, digits = 0) => (typeof value === 'number' && Number.isFinite(value) ? numberFormat(digits).format(value) : '–'));
  // 1st, 2nd, 3rd, 4th; 11th to 13th; 262nd.
  env.addFilter('ordinal', (value: unknown) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) return '–';
    const suffix = [11, 12, 13].includes(value % 100) ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[value % 10] ?? 'th');
    return `${numberFormat(0).format(value)}${suffix}`;
  });
  env.addFilter('percent', (value: unknown, digits = 1) =>
    typeof value === 'number' && Number.isFinite(value) ? `${numberFormat(digits).format(value)}%` : '–',
  );
  // Words for codes (src/core/words.ts): a page shows the words, never the bare code.
  const lists = {
    legalStatus: LEGAL_STATUS,
    ethnicity: ETHNICITY,
    need: PRIMARY_NEED,
    abuseCategory: CATEGORY_OF_ABUSE,
    closureReason: CLOSURE_REASON,
    placementType: PLACEMENT_TYPES,
    changeReason: CHANGE_REASONS,
    auditAction: AUDIT_ACTIONS,
  };
  for (const [name, list] of Object.entries(lists)) env.addFilter(name, (value: unknown) => (typeof value === 'string' ? wordsFor(list, value) : value));
  env.addFilter('auditSubject', (type: unknown, id: unknown) =>
    auditSubject(typeof type === 'string' ? type : null, id === null || id === undefined ? null : String(id)),
  );
  // A moment (a Date, or a timestamp with its offset as PostgreSQL or toISOString writes it) as the clock in England
  // read then, GOV.UK style: "7 July 2026 at 2:05pm" for 13:05 UTC in summer time. A time without an offset is left as it is.
  env.addFilter('londonTime', (value: unknown) => {
    const moment = momentOf(value);
    return moment ? londonDateTime(moment) : value;
  });
  // A moment's date on the clock in England: "8 July 2026" for 23:30 UTC on 7 July. For timestamps; a calendar date takes longDate.
  env.addFilter('londonDate', (value: unknown) => {
    const moment = momentOf(value);
    return moment ? londonDate(moment) : value;
  });
  env.addFilter('longDate', (value: unknown) => {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return value;
    const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
    return LONG_DATE.format(new Date(Date.UTC(y, m - 1, d)));
  });
  return env;
}
