/**
 * Performance dashboards: the leadership overview (/indicators), an indicator's page
 * (/indicators/ID), a team's page (/indicators/teams/ID), the children behind a number
 * (/indicators/ID/children, audited) and a social worker's "my work" (/my-work).
 * Query strings carry only the as-of date, service area and team: never a child.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../core/http/app.ts';
import type { Database } from '../core/db/database.ts';
import { teamScope, teamsInScope, type TeamScope } from '../core/auth/scope.ts';
import { allows } from '../core/auth/access.ts';
import { accessToChildren } from '../core/children/access.ts';
import { actorFrom, recordAudit } from '../core/audit/trail.ts';
import { addMonths, monthEnd, parseIsoDate, todayInEngland, type IsoDate } from '../core/dates.ts';
import { barChartSvg, pointColour, spcChartSvg } from '../core/charts.ts';
import { CATALOGUE, FAMILY_NAMES, findIndicator, isServiceArea, SERVICE_AREA_NAMES } from './catalogue/index.ts';
import { analyseIndicators, dataPeriod, isSmallBase, SERIES_MONTHS, SMALL_BASE, type IndicatorResult } from './analysis.ts';
import { breakdownOn, childrenBehind, type Selection } from './engine.ts';
import { fillCalendar } from './calendar.ts';
import { monthEndPeriod } from './period.ts';
import { createViews } from '../core/http/views.ts';
import { cached, dataVersion, settlesWithin } from '../core/cache.ts';
import { cachedCaseloads, figureJob, TEAM_PAGE_INDICATORS } from './precompute.ts';
import { caseloadThreshold, readIndicatorSettings } from './settings.ts';
import { ASSURANCE_TEXT, VARIATION_TEXT } from './spc.ts';
import { COMING_DUE_WORKING_DAYS, myWork } from './my-work.ts';
import type { IndicatorDefinition, Unit } from './types.ts';
import { notAvailableText } from './coverage.ts';
import { LEGAL_STATUS, wordsFor } from '../core/words.ts';
import { pageHref, paged } from '../core/http/paging.ts';

interface PageQuery {
  as_of?: unknown;
  page?: unknown;
  area?: unknown;
  team?: unknown;
}

// toLocaleString makes a new formatter on every call (tens of microseconds): a page formats hundreds of values.
const NUMBER_FORMATS = [0, 1, 2].map((digits) => new Intl.NumberFormat('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits }));

export function formatValue(value: number | null | undefined, unit: Unit): string {
  if (value === null || value === undefined) return '–';
  const text = NUMBER_FORMATS[unit === 'count' ? 0 : unit === 'ratio' ? 2 : 1]!.format(value);
  return unit === '%' ? `${text}%` : text;
}

const UNIT_TEXT: Record<Unit, string> = { count: 'number', '%': 'per cent', 'per 10,000': 'per 10,000 children', ratio: 'average' };
const TAG_FOR_VARIATION: Record<string, string> = {
  special_cause_improving: 'govuk-tag--blue',
  special_cause_concerning: 'govuk-tag--orange',
  special_cause_high: 'govuk-tag--purple',
  special_cause_low: 'govuk-tag--purple',
  common_cause: 'govuk-tag--grey',
  insufficient_data: 'govuk-tag--grey',
};
const TAG_FOR_ASSURANCE: Record<string, string> = {
  consistently_passing: 'govuk-tag--blue',
  consistently_failing: 'govuk-tag--orange',
  hit_and_miss: 'govuk-tag--grey',
  no_target: 'govuk-tag--grey',
  insufficient_data: 'govuk-tag--grey',
};

function rowOf(result: IndicatorResult, asOf: IsoDate) {
  const { indicator } = result;
  const notAvailable = result.coverage?.status === 'none';
  return {
    id: indicator.id,
    href: `/indicators/${encodeURIComponent(indicator.id)}?as_of=${asOf}`,
    title: indicator.title,
    family: FAMILY_NAMES[indicator.family],
    value: result.coverage && notAvailable ? notAvailableText(result.coverage) : formatValue(result.latest.value, indicator.unit),
    /** "Partial: …" when the data cover part of the figure's period. */
    partial: result.coverage?.status === 'partial' ? `Partial: ${result.coverage.reason}` : undefined,
    target: formatValue(result.target, indicator.unit),
    england: result.benchmarks.england ? formatValue(result.benchmarks.england.value, indicator.unit) : '–',
    englandLabel: result.benchmarks.england?.label ?? '',
    direction: result.direction
      ? `${result.direction.change === 'up' ? 'Up' : result.direction.change === 'down' ? 'Down' : 'Level'}${result.direction.meaning === 'neutral' ? '' : ` (${result.direction.meaning})`} from ${formatValue(result.previous?.value, indicator.unit)}`
      : '–',
    counts: countsText(result.latest, indicator.unit),
    smallBase: isSmallBase(indicator, result.latest) ? `Fewer than ${SMALL_BASE} children` : '',
    ...verdicts(result),
  };
}

/** "2 of 6" beside a rate (per 10,000: the count of children), so a reader sees what the rate rests on. */
function countsText(point: { numerator: number | null; denominator: number | null; value: number | null }, unit: Unit): string {
  if (point.value === null || point.numerator === null || unit === 'count') return '';
  if (unit === 'per 10,000') return `${NUMBER_FORMATS[0]!.format(point.numerator)} children`;
  if (point.denominator === null) return '';
  return unit === 'ratio' ? `${NUMBER_FORMATS[0]!.format(point.numerator)} across ${NUMBER_FORMATS[0]!.format(point.denominator)}` : `${NUMBER_FORMATS[0]!.format(point.numerator)} of ${NUMBER_FORMATS[0]!.format(point.denominator)}`;
}

/** The SPC verdicts in words; none where the latest month's base is too small to support one. */
function verdicts(result: IndicatorResult) {
  if (result.coverage?.status === 'none') {
    const none = { text: 'No verdict: no data', classes: 'govuk-tag--grey' };
    return { variation: none, assurance: none };
  }
  if (result.latest.value !== null && isSmallBase(result.indicator, result.latest)) {
    const none = { text: `No verdict: fewer than ${SMALL_BASE} children`, classes: 'govuk-tag--grey' };
    return { variation: none, assurance: none };
  }
  return {
    variation: { text: VARIATION_TEXT[result.spc.variation], classes: TAG_FOR_VARIATION[result.spc.variation] },
    assurance: { text: ASSURANCE_TEXT[result.spc.assurance], classes: TAG_FOR_ASSURANCE[result.spc.assurance] },
  };
}


export function indicatorRoutes(app: FastifyInstance, { database, config }: AppDeps) {
  const views = createViews();
  const figures = figureJob(database, config.caseloadThreshold);
  if (config.precomputeFigures) {
    app.addHook('onReady', async () => figures.start());
    app.addHook('onClose', () => figures.stop());
  }

  const period = (request: FastifyRequest<{ Querystring: PageQuery }>) => monthEndPeriod(database, request.query.as_of);

  /**
   * A dashboard page: the main content (aggregate figures only, never a child) is rendered once per
   * data version, day and the parameters in `key` (which must hold everything the content depends
   * on, the user's scope included), then put in the layout for each request.
   */
  async function renderPage(reply: FastifyReply, status: number, title: string, version: number, key: unknown[], content: () => Promise<{ template: string; context: Record<string, unknown> }>) {
    const html = cached(database, version, JSON.stringify(['page', ...key]), async () => {
      const { template, context } = await content();
      return views.render(template, context);
    }, 'pages');
    // Figures not ready within a moment: say so, and look again shortly (the computation goes on).
    if (!(await settlesWithin(html, config.figureWaitMs))) {
      return reply.code(status).render('indicators/views/calculating.njk', { title, refreshSeconds: 3, figures: figures.status() });
    }
    return reply.code(status).render('indicators/views/page.njk', { title, content: await html });
  }

  function notFound(reply: FastifyReply) {
    return reply.code(404).render('core/views/error.njk', { title: 'Page not found', message: 'There is no such indicator or team, or it is not in your scope.' });
  }

  app.get<{ Querystring: PageQuery }>('/indicators', { config: { access: { permission: 'indicators.view' } } }, async (request, reply) => {
    const threshold = await caseloadThreshold(database, config);
    const { asOf, first, error, choices, version, today } = await period(request);
    const scope = await teamScope(database, request.user!, asOf);
    const area = typeof request.query.area === 'string' && isServiceArea(request.query.area) ? request.query.area : null;
    return renderPage(reply, error ? 400 : 200, 'Performance overview', version, ['overview', today, asOf, error, area, scope], async () => {
      const wanted = CATALOGUE.filter((indicator) => !area || indicator.serviceArea === area);
      const results = scope.kind === 'teams' && scope.teamIds.length === 0 ? [] : await analyseIndicators(database, { asOf, first, selection: { scope }, threshold, indicators: wanted, dataVersion: version });
      const groups = Object.entries(SERVICE_AREA_NAMES)
        .map(([key, name]) => ({ key, name, rows: results.filter((result) => result.indicator.serviceArea === key).map((result) => rowOf(result, asOf)) }))
        .filter((group) => group.rows.length);
      const teams = await cached(database, version, JSON.stringify(['teams', asOf, scope]), () => teamsInScope(database, asOf, scope));
      // The page leads with what needs attention (a concerning signal, or failing the target) and what changed (a signal this month).
      const summary = (result: IndicatorResult) => ({ ...rowOf(result, asOf), area: SERVICE_AREA_NAMES[result.indicator.serviceArea] });
      const attention = results
        .filter((result) => !isSmallBase(result.indicator, result.latest) && result.latest.value !== null && (result.spc.variation === 'special_cause_concerning' || result.spc.assurance === 'consistently_failing'))
        .map((result) => ({ ...summary(result), why: [result.spc.variation === 'special_cause_concerning' ? 'a concerning signal' : '', result.spc.assurance === 'consistently_failing' ? 'consistently failing its target' : ''].filter(Boolean).join(' and ') }));
      const improving = results
        .filter((result) => !isSmallBase(result.indicator, result.latest) && result.latest.value !== null && result.spc.variation === 'special_cause_improving')
        .map(summary);
      return {
        template: 'indicators/views/overview.njk',
        context: {
          attention,
          improving,
          asOf,
          error,
          choices,
          areas: [{ value: '', text: 'All service areas' }, ...Object.entries(SERVICE_AREA_NAMES).map(([value, text]) => ({ value, text, selected: value === area }))],
          groups,
          scopeText: scope.kind === 'all' ? 'the whole council' : teams.map((team) => team.name).join(', ') || 'no team',
          emptyScope: scope.kind === 'teams' && scope.teamIds.length === 0,
          teams: teams.map((team) => ({ ...team, href: `/indicators/teams/${encodeURIComponent(team.id)}?as_of=${asOf}` })),
        },
      };
    });
  });

  app.get<{ Querystring: PageQuery; Params: { teamId: string } }>('/indicators/teams/:teamId', { config: { access: { permission: 'indicators.view' } } }, async (request, reply) => {
    const threshold = await caseloadThreshold(database, config);
    const { asOf, first, error, choices, version, today } = await period(request);
    const scope = await teamScope(database, request.user!, asOf);
    const team = (await cached(database, version, JSON.stringify(['teams', asOf, scope]), () => teamsInScope(database, asOf, scope))).find((candidate) => candidate.id === request.params.teamId);
    if (!team) return notFound(reply);
    // The team is in the user's scope: its page is the same for everyone who may see it.
    return renderPage(reply, error ? 400 : 200, `${team.name}: performance`, version, ['team', today, asOf, error, team], async () => {
      const selection: Selection = { scope: { kind: 'teams', teamIds: [team.id] } };
      const results = await analyseIndicators(database, { asOf, first, selection, threshold, indicators: TEAM_PAGE_INDICATORS, dataVersion: version });
      const caseloads = await cachedCaseloads(database, version, asOf, selection.scope, threshold);
      return {
        template: 'indicators/views/team.njk',
        context: {
          team,
          asOf,
          error,
          choices,
          rows: results.map((result) => rowOf(result, asOf)).map((row) => ({ ...row, href: `${row.href}&team=${encodeURIComponent(team.id)}` })),
          workers: caseloads.workers,
          threshold,
        },
      };
    });
  });

  app.get<{ Querystring: PageQuery; Params: { id: string } }>('/indicators/:id', { config: { access: { permission: 'indicators.view' } } }, async (request, reply) => {
    const threshold = await caseloadThreshold(database, config);
    const indicator = findIndicator(request.params.id);
    if (!indicator) return notFound(reply);
    const { asOf, first, error, choices, version, today } = await period(request);
    const userScope = await teamScope(database, request.user!, asOf);
    const teams = await cached(database, version, JSON.stringify(['teams', asOf, userScope]), () => teamsInScope(database, asOf, userScope));
    const teamId = typeof request.query.team === 'string' && request.query.team !== '' ? request.query.team : null;
    const team = teamId ? teams.find((candidate) => candidate.id === teamId) : undefined;
    if (teamId && !team) return notFound(reply);
    const scope: TeamScope = team ? { kind: 'teams', teamIds: [team.id] } : userScope;
    const canList = indicator.kind === 'sql' && allows('children.view', request.user!.roles) && indicator.id !== 'workforce.agency_pct' && indicator.id !== 'workforce.turnover_pct';
    // The user's scope is in the key even with a team chosen: the page names the scope's teams.
    return renderPage(reply, error ? 400 : 200, indicator.title, version, ['indicator', indicator.id, today, asOf, error, userScope, team?.id ?? null, canList], async () => {
      const selection: Selection = { scope };
      const [result] = await analyseIndicators(database, { asOf, first, selection, threshold, indicators: [indicator], dataVersion: version });
      const breakdowns = await Promise.all(
        (['team', 'age_band', 'legal_status'] as const)
          .filter((by) => indicator.breakdowns.includes(by) && !(by === 'team' && team))
          .map(async (by) => ({ by, title: by === 'team' ? 'By team' : by === 'age_band' ? 'By age' : 'By legal status', rows: await breakdownOn(database, indicator, asOf, by, { selection, threshold, dataVersion: version }) })),
      );
      const childrenHref = (forTeam?: string) => `/indicators/${encodeURIComponent(indicator.id)}/children?as_of=${asOf}${forTeam ? `&team=${encodeURIComponent(forTeam)}` : ''}`;
      return {
        template: 'indicators/views/indicator.njk',
        context: {
          smallBase: SMALL_BASE,
          indicator,
          family: FAMILY_NAMES[indicator.family],
          unitText: UNIT_TEXT[indicator.unit],
          asOf,
          error,
          choices,
          team,
          selectionText: team?.name ?? (scope.kind === 'all' ? 'the whole council' : teams.map((candidate) => candidate.name).join(', ')),
          result: result
            ? {
                ...rowOf(result, asOf),
                benchmarks: result.benchmarks,
                region: result.benchmarks.region?.value == null ? '' : formatValue(result.benchmarks.region.value, indicator.unit),
                neighbours: result.benchmarks.neighbours?.value == null ? '' : formatValue(result.benchmarks.neighbours.value, indicator.unit),
                events: result.events,
                provisional: result.spc.provisional,
              }
            : undefined,
          chart: result
            ? spcChartSvg({
                id: 'spc-chart',
                title: `${indicator.title}: each month end with its mean and process limits`,
                description: 'Statistical process control chart. Grey points are common cause variation; blue points special cause improving, orange concerning, purple special cause where higher is neither better nor worse. The solid line is the mean, the dashed lines the process limits, the red dotted line the target. The figures are in the table below.',
                spc: result.spc,
                polarity: indicator.polarity,
                yAxisLabel: indicator.unit === '%' ? 'Per cent' : indicator.unit === 'per 10,000' ? 'Per 10,000 children' : indicator.unit === 'ratio' ? 'Average' : 'Number',
                format: (value) => formatValue(value, indicator.unit),
                percent: indicator.unit === '%',
                events: result.events,
              })
            : undefined,
          table: result
            ? result.spc.points
                .map((point, index) => ({
                  date: point.date,
                  value: result.series[index]!.coverage?.status === 'none' ? 'No data' : `${formatValue(point.value, indicator.unit)}${result.series[index]!.coverage ? ' (partial)' : ''}`,
                  numerator: result.series[index]!.numerator,
                  denominator: result.series[index]!.denominator,
                  smallBase: result.smallBaseMonths.includes(point.date),
                  mean: formatValue(point.mean, indicator.unit === 'count' ? 'ratio' : indicator.unit),
                  limits: point.lower === null ? '–' : `${formatValue(point.lower, indicator.unit === 'count' ? 'ratio' : indicator.unit)} to ${formatValue(point.upper, indicator.unit === 'count' ? 'ratio' : indicator.unit)}`,
                  special: result.smallBaseMonths.includes(point.date) ? `No verdict: fewer than ${SMALL_BASE} children` : point.special ? `${point.special === 'high' ? 'High' : 'Low'}: ${point.rules.join(', ').replaceAll('_', ' ')}` : '',
                  colour: pointColour(point.special, indicator.polarity),
                }))
                .reverse()
            : [],
          breakdowns: breakdowns.map((breakdown) => ({
            ...breakdown,
            chart:
              breakdown.by === 'team' && breakdown.rows.length
                ? barChartSvg({
                    id: 'chart-teams',
                    title: `${indicator.title} by team on ${asOf}`,
                    description: 'Bar chart of the value for each team. The figures are in the table beside it.',
                    bars: breakdown.rows.map((row) => ({ label: row.label, value: row.value ?? 0, text: formatValue(row.value, indicator.unit === 'per 10,000' ? 'count' : indicator.unit) })),
                  })
                : undefined,
            rows: breakdown.rows.map((row) => ({
              ...row,
              label: breakdown.by === 'legal_status' ? (wordsFor(LEGAL_STATUS, row.label) ?? row.label) : row.label,
              value: formatValue(row.value, indicator.unit === 'per 10,000' ? 'count' : indicator.unit),
              childrenHref: canList && breakdown.by === 'team' ? childrenHref(row.key) : undefined,
            })),
          })),
          childrenHref: canList ? childrenHref(team?.id) : undefined,
          trajectory: indicator.trajectory,
          formatTarget: indicator.target === null ? '–' : formatValue(indicator.target, indicator.unit),
        },
      };
    });
  });

  app.get<{ Querystring: PageQuery; Params: { id: string } }>('/indicators/:id/children', { config: { access: { permission: 'children.view' } } }, async (request, reply) => {
    const threshold = await caseloadThreshold(database, config);
    const indicator = findIndicator(request.params.id);
    if (!indicator || indicator.kind !== 'sql') return notFound(reply);
    const { asOf, error } = await period(request);
    if (error) return reply.code(400).render('core/views/error.njk', { title: 'There is a problem with your request', message: error });
    const user = request.user!;
    const teamId = typeof request.query.team === 'string' && request.query.team !== '' ? request.query.team : null;
    // Who the list may show: senior leaders and analysts everyone; managers their teams; a social
    // worker only their own allocated children. The central access rule then has the last word.
    const isWorkerOnly = !user.roles.some((role) => ['team_manager', 'service_manager', 'senior_leader', 'performance_analyst'].includes(role));
    const scope = await teamScope(database, user, asOf);
    const selection: Selection = isWorkerOnly ? { scope: { kind: 'all' }, workerId: user.professionalId ?? '-' } : { scope };
    if (teamId && scope.kind === 'teams' && !scope.teamIds.includes(teamId)) return notFound(reply);
    const rows = await childrenBehind(database, indicator, asOf, { selection, threshold, teamId });
    const access = await accessToChildren(database, user, rows.map((row) => row.childId), asOf);
    const shown = rows.filter((row) => access.get(row.childId) === 'full');
    const restricted = rows.filter((row) => access.get(row.childId) === 'restricted').length;
    const hidden = rows.length - shown.length - restricted;
    // 50 children a page: the trail records the children this page shows.
    const page = paged(shown, request.query.page, (number) => pageHref(`/indicators/${encodeURIComponent(indicator.id)}/children`, { as_of: asOf, team: teamId ?? '' }, number));
    await recordAudit(database, actorFrom(request), {
      action: 'child.list',
      subjectType: 'indicator',
      subjectId: indicator.id,
      childIds: page.items.map((row) => row.childId),
      details: { indicator: indicator.id, as_of: asOf, team: teamId, shown: page.items.length, of: shown.length, restricted, out_of_scope: hidden },
    });
    return reply.render('indicators/views/children.njk', {
      title: `Children behind: ${indicator.title}`,
      indicator,
      asOf,
      teamId,
      backHref: `/indicators/${encodeURIComponent(indicator.id)}?as_of=${asOf}`,
      rows: page.items,
      total: shown.length,
      pagination: page.pagination,
      showing: page.showing,
      restricted,
      hidden,
      percentage: indicator.unit === '%' || indicator.unit === 'ratio',
    });
  });

  app.get('/my-work', { config: { access: { permission: 'mywork.view' } } }, async (request, reply) => {
    await fillCalendar(database);
    const user = request.user!;
    const today = todayInEngland();
    const range = await dataPeriod(database, today, await dataVersion(database));
    const asOf = range && range.last < today ? range.last : today;
    if (!user.professionalId) {
      return reply.render('indicators/views/my-work.njk', { title: 'My work', asOf, noRecord: true });
    }
    const children = await myWork(database, user.professionalId, asOf, await readIndicatorSettings(database));
    const access = await accessToChildren(database, user, children.map((child) => child.childId), asOf);
    const shown = children.filter((child) => access.get(child.childId) === 'full');
    await recordAudit(database, actorFrom(request), {
      action: 'child.list',
      subjectType: 'my_work',
      childIds: shown.map((child) => child.childId),
      details: { as_of: asOf, shown: shown.length },
    });
    const items = shown.flatMap((child) => child.items.map((item) => ({ ...item, child: child.name })));
    return reply.render('indicators/views/my-work.njk', {
      title: 'My work',
      asOf,
      children: shown,
      overdue: items.filter((item) => item.workingDaysLeft < 0),
      comingDue: items.filter((item) => item.workingDaysLeft >= 0 && item.workingDaysLeft <= COMING_DUE_WORKING_DAYS),
      comingDueDays: COMING_DUE_WORKING_DAYS,
    });
  });
}

export type { IndicatorDefinition };
