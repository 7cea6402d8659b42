/** From a request (template or indicators, and a month) to a report's member-safe figures: the web form and the CLI share this. */
import type { Database } from '../core/db/database.ts';
import { addMonths, monthEnd, type IsoDate } from '../core/dates.ts';
import { dataPeriod, SERIES_MONTHS } from '../indicators/analysis.ts';
import { reportFigures, type ReportFigures } from './figures.ts';
import { CUSTOM_TEMPLATE, CUSTOM_TITLE, findTemplate, knownIndicatorIds } from './templates.ts';

/** A mistake in what was asked for, named by the form field it concerns. */
export class ReportRequestError extends Error {
  readonly field: 'template' | 'period' | 'indicators';
  constructor(field: 'template' | 'period' | 'indicators', message: string) {
    super(message);
    this.field = field;
  }
}

export interface ResolvedRequest {
  templateId: string;
  title: string;
  /** YYYY-MM */
  period: string;
  indicatorIds: string[];
}

/** Months (YYYY-MM, newest first) that have data: the latest complete month with data and up to 71 before it. */
export async function availablePeriods(database: Database, today: IsoDate): Promise<string[]> {
  const range = await dataPeriod(database, today);
  if (!range) return [];
  const periods: string[] = [];
  for (let back = 0; back < SERIES_MONTHS; back++) {
    const date = monthEnd(addMonths(`${range.defaultAsOf.slice(0, 8)}01`, -back));
    if (date < range.first) break;
    periods.push(date.slice(0, 7));
  }
  return periods;
}

export async function resolveRequest(
  database: Database,
  request: { templateId?: string; period?: string; indicatorIds?: readonly string[] },
  today: IsoDate,
): Promise<ResolvedRequest> {
  const template = request.templateId ? findTemplate(request.templateId) : undefined;
  if (!template && request.templateId !== CUSTOM_TEMPLATE) throw new ReportRequestError('template', 'Select the kind of report');
  const indicatorIds = template ? [...template.indicatorIds] : knownIndicatorIds(request.indicatorIds ?? []);
  if (indicatorIds.length === 0) throw new ReportRequestError('indicators', 'Select at least one indicator');
  const periods = await availablePeriods(database, today);
  if (!request.period || !periods.includes(request.period)) {
    throw new ReportRequestError(
      'period',
      periods.length ? `Select a month with data, from ${periods.at(-1)} to ${periods[0]}` : 'There are no data yet: import the case data first',
    );
  }
  return { templateId: template?.id ?? CUSTOM_TEMPLATE, title: template?.title ?? CUSTOM_TITLE, period: request.period, indicatorIds };
}

/** The month's figures: as at its last day. */
export function produceFigures(database: Database, request: { indicatorIds: readonly string[]; period: string }, threshold: number): Promise<ReportFigures> {
  return reportFigures(database, { indicatorIds: request.indicatorIds, asOf: monthEnd(`${request.period}-01`), threshold });
}
