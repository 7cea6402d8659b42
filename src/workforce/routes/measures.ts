/** The workforce measures page (/workforce): vacancy, agency, turnover and caseload per FTE by team and month. */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppDeps } from '../../core/http/app.ts';
import { caseloadThreshold } from '../../indicators/settings.ts';
import { allows } from '../../core/auth/access.ts';
import { cached, dataVersion } from '../../core/cache.ts';
import { monthEndOnOrBefore } from '../../core/dates.ts';
import { monthlyLineChartSvg } from '../../core/charts.ts';
import { analyseIndicators } from '../../indicators/analysis.ts';
import { CATALOGUE } from '../../indicators/catalogue/index.ts';
import { asyeCaseloadPct, asyePipeline, workforceMeasuresOn, workforceTrend } from '../measures.ts';
import { selection, TREND_MONTHS, VIEW, type DateTeamQuery } from './common.ts';

const HEADCOUNT_INDICATORS = CATALOGUE.filter((indicator) => indicator.id === 'workforce.agency_pct' || indicator.id === 'workforce.turnover_pct');

export function measuresRoutes(app: FastifyInstance, deps: AppDeps) {
  const { database, config } = deps;

  app.get<{ Querystring: DateTeamQuery }>('/workforce', { config: VIEW }, async (request, reply) => {
    const threshold = await caseloadThreshold(database, config);
    const picked = await selection(deps, request);
    const page = { title: 'Workforce', form: picked.form, errorSummary: picked.errors.length ? picked.errors : undefined, action: '/workforce', threshold };
    if (picked.errors.length) return reply.code(400).render('workforce/views/workforce.njk', page);
    if (picked.emptyScope) return reply.render('workforce/views/workforce.njk', { ...page, emptyScope: true, asOf: picked.asOf });
    // No data is not zero: with neither funded posts nor team memberships (a statutory return alone), there is no workforce to measure.
    const held = await sql<{ posts: boolean; memberships: boolean }>`
      SELECT EXISTS (SELECT 1 FROM ks_post) AS posts, EXISTS (SELECT 1 FROM ks_team_membership) AS memberships`.execute(database.db);
    if (!held.rows[0]!.posts && !held.rows[0]!.memberships)
      return reply.render('workforce/views/workforce.njk', {
        ...page,
        asOf: picked.asOf,
        selectionName: picked.selectionName,
        unavailable:
          'Keystone holds no funded posts (Establishment) and no team memberships of workers (ks_team_membership): an SSDA903 return, a CIN census or an Annex A workbook does not carry them. Add posts on the Establishment pages or import the HR CSV there, or import an SSD extract with its professionals and teams.',
      });
    const asye = await asyeCaseloadPct(database);
    const options = { threshold, scope: picked.scope, asyeCaseloadPct: asye };
    const key = JSON.stringify({ asOf: picked.asOf, options });
    const version = await dataVersion(database);
    const measures = await cached(database, version, `workforce.on:${key}`, () => workforceMeasuresOn(database, picked.asOf, options));
    const trend = await cached(database, version, `workforce.trend:${key}`, () =>
      workforceTrend(database, monthEndOnOrBefore(picked.asOf), TREND_MONTHS, options),
    );
    const pipeline = await cached(database, version, `workforce.asye:${key}`, () => asyePipeline(database, picked.asOf, picked.scope));
    // The Performance overview's rates are by headcount; both definitions are legitimate, so both are shown, labelled.
    const headcount = Object.fromEntries(
      (
        await analyseIndicators(database, {
          asOf: picked.asOf,
          selection: { scope: picked.scope },
          threshold,
          indicators: HEADCOUNT_INDICATORS,
          months: 1,
          dataVersion: version,
        })
      ).map((result) => [
        result.indicator.id === 'workforce.agency_pct' ? 'agency' : 'turnover',
        { value: result.latest.value, numerator: result.latest.numerator, denominator: result.latest.denominator },
      ]),
    );
    const line = (id: string, title: string, pick: (total: (typeof trend)[number]['total']) => number | null, yAxisLabel: string, percent = false) =>
      monthlyLineChartSvg({
        id,
        title: `${title}, ${picked.selectionName}, at each month end`,
        description: `Line chart of ${title.toLowerCase()} at each month end. The figures are in the table below.`,
        points: trend.map((point) => ({ monthEnd: point.asOf, value: pick(point.total) })),
        yAxisLabel,
        ...(percent ? { format: (value: number) => `${value}%`, percent: true } : {}),
      });
    return reply.render('workforce/views/workforce.njk', {
      ...page,
      asOf: picked.asOf,
      selectionName: picked.selectionName,
      measures,
      headcount,
      trend,
      pipeline,
      canManage: allows('workforce.manage', request.user!.roles),
      charts: {
        vacancy: line('chart-vacancy', 'Vacancy rate', (total) => total.vacancyRatePct, 'Vacancy rate', true),
        agency: line('chart-agency', 'Agency rate', (total) => total.agencyRatePct, 'Agency rate', true),
        turnover: line('chart-turnover', 'Turnover rate (12 months)', (total) => total.turnoverRatePct, 'Turnover rate', true),
        perFte: line('chart-per-fte', 'Caseload per FTE', (total) => total.caseloadPerFte, 'Cases per FTE'),
      },
    });
  });
}
