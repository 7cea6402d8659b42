/**
 * The disabled children's service page (/disabled-children: figures only, rendered once per data
 * version and scope) and who is waiting now (/disabled-children/waiting: a list of children for
 * managers, audited). Query strings carry only the as-of month end: never a child.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../core/http/app.ts';
import { teamScope, teamsInScope } from '../core/auth/scope.ts';
import { allows } from '../core/auth/access.ts';
import { accessToChildren } from '../core/children/access.ts';
import { actorFrom, recordAudit } from '../core/audit/trail.ts';
import { cached, settlesWithin } from '../core/cache.ts';
import { createViews } from '../core/http/views.ts';
import { analyseIndicators } from '../indicators/analysis.ts';
import { monthEndPeriod } from '../indicators/period.ts';
import { DISABLED } from '../indicators/catalogue/disabled.ts';
import { breakdownOn } from '../indicators/engine.ts';
import { formatValue } from '../indicators/format.ts';
import { readIndicatorSettings } from '../indicators/settings.ts';
import { ASSURANCE_TEXT, VARIATION_TEXT } from '../indicators/spc.ts';
import { byDisability, dataCoverage, NO_DATA, shortBreaksByKind, waitingChildren, waitsByMonth } from './queries.ts';

interface PageQuery {
  as_of?: unknown;
}

/** The page's sections: which catalogue indicators each shows. */
const SECTIONS = [
  {
    id: 'children',
    title: 'Disabled children open to children’s social care',
    ids: ['disabled.children_in_need', 'disabled.share_of_children_in_need_pct'],
    needs: 'disabilities',
  },
  {
    id: 'waiting',
    title: 'Waiting',
    ids: [
      'disabled.waiting_for_assessment',
      'disabled.assessment_wait_within_target_pct',
      'disabled.assessment_wait_average_wd',
      'disabled.waiting_for_service',
      'disabled.service_wait_within_target_pct',
    ],
    needs: 'disabilities',
  },
  {
    id: 'short-breaks',
    title: 'Short breaks',
    ids: [
      'disabled.short_breaks_children',
      'disabled.short_break_nights_per_child',
      'disabled.short_break_stays_per_child',
      'disabled.short_breaks_started',
      'disabled.short_breaks_ended',
      'disabled.series_became_looked_after',
    ],
    needs: 'shortBreaks',
  },
  {
    id: 'ehcp',
    title: 'Education, health and care plans',
    ids: [
      'disabled.ehcp_requests_decided_6_weeks_pct',
      'disabled.ehcp_20_weeks_pct',
      'disabled.ehcp_20_weeks_with_exceptions_pct',
      'disabled.ehcp_20_weeks_known_to_social_care_pct',
    ],
    needs: 'ehcp',
  },
  { id: 'transitions', title: 'Preparing for adulthood', ids: ['disabled.young_people_14_to_17'], needs: 'disabilities' },
] as const;

export function disabledChildrenRoutes(app: FastifyInstance, { database, config }: AppDeps) {
  const threshold = config.caseloadThreshold;
  const views = createViews();

  const period = (request: FastifyRequest<{ Querystring: PageQuery }>) => monthEndPeriod(database, request.query.as_of);

  app.get<{ Querystring: PageQuery }>('/disabled-children', { config: { access: { permission: 'disabled.view' } } }, async (request, reply) => {
    const { asOf, first, error, choices, version, today } = await period(request);
    const scope = await teamScope(database, request.user!, asOf, 'figures');
    const canList = allows('disabled.waiting', request.user!.roles);
    const key = JSON.stringify(['page', 'disabled-children', today, asOf, error, scope, canList]);
    const html = cached(
      database,
      version,
      key,
      async () => {
        const empty = scope.kind === 'teams' && scope.teamIds.length === 0;
        const [coverage, settings, teams] = await Promise.all([dataCoverage(database), readIndicatorSettings(database), teamsInScope(database, asOf, scope)]);
        const results = empty
          ? []
          : await analyseIndicators(database, { asOf, first, selection: { scope }, threshold, indicators: DISABLED, dataVersion: version });
        const byId = new Map(results.map((result) => [result.indicator.id, result]));
        const noData: Record<string, string | null> = {
          disabilities: coverage.disabilitiesRecorded ? null : NO_DATA.disabilities,
          shortBreaks: coverage.shortBreaksRecorded ? null : NO_DATA.shortBreaks,
          ehcp: coverage.ehcpLoaded ? null : NO_DATA.ehcp,
        };
        const context = { selection: { scope }, threshold, dataVersion: version };
        const inNeed = DISABLED.find((indicator) => indicator.id === 'disabled.children_in_need')!;
        const waitingAssessment = DISABLED.find((indicator) => indicator.id === 'disabled.waiting_for_assessment')!;
        const waitingService = DISABLED.find((indicator) => indicator.id === 'disabled.waiting_for_service')!;
        const [byTeam, byAge, assessmentByTeam, serviceByTeam, disabilities, waits, kinds] = empty
          ? [[], [], [], [], { total: 0, rows: [] }, [], null]
          : await Promise.all([
              breakdownOn(database, inNeed, asOf, 'team', context),
              breakdownOn(database, inNeed, asOf, 'age_band', context),
              breakdownOn(database, waitingAssessment, asOf, 'team', context),
              breakdownOn(database, waitingService, asOf, 'team', context),
              byDisability(database, asOf, scope),
              waitsByMonth(database, asOf, scope),
              shortBreaksByKind(database, asOf, scope),
            ]);
        const teamNames = [...new Set([...byTeam, ...assessmentByTeam, ...serviceByTeam].map((row) => row.label))].sort();
        const countFor = (rows: typeof byTeam, label: string) => rows.find((row) => row.label === label)?.numerator ?? 0;
        return views.render('disabled/views/disabled.njk', {
          asOf,
          error,
          choices,
          empty,
          scopeText: scope.kind === 'all' ? 'the whole council' : teams.map((team) => team.name).join(', ') || 'no team',
          targets: { assessment: settings.parameters.disabledAssessmentWaitWorkingDays, service: settings.parameters.disabledServiceWaitWorkingDays },
          sections: SECTIONS.map((section) => ({
            id: section.id,
            title: section.title,
            noData: noData[section.needs],
            rows: section.ids.map((id) => {
              const result = byId.get(id);
              const indicator = DISABLED.find((entry) => entry.id === id)!;
              return {
                id,
                title: indicator.title,
                href: `/indicators/${encodeURIComponent(id)}?as_of=${asOf}`,
                value: result ? formatValue(result.latest.value, indicator.unit) : '–',
                // The data do not cover the figure (src/indicators/coverage.ts): say why, as "No data".
                noData: result?.coverage?.status === 'none' ? `No data: ${result.coverage.reason}` : null,
                previous: result?.previous ? formatValue(result.previous.value, indicator.unit) : '–',
                yearBefore: result?.yearBefore ? formatValue(result.yearBefore.value, indicator.unit) : '–',
                variation: result ? VARIATION_TEXT[result.spc.variation] : '–',
                assurance: result ? ASSURANCE_TEXT[result.spc.assurance] : '–',
                england: result?.benchmarks.england?.value != null ? formatValue(result.benchmarks.england.value, indicator.unit) : '–',
              };
            }),
          })),
          teams: teamNames.map((label) => ({
            label,
            inNeed: countFor(byTeam, label),
            waitingAssessment: countFor(assessmentByTeam, label),
            waitingService: countFor(serviceByTeam, label),
          })),
          ages: byAge,
          disabilities,
          waits,
          kinds,
          transitionsNoData: NO_DATA.transitions,
          waitingHref: canList ? `/disabled-children/waiting?as_of=${asOf}` : null,
        });
      },
      'pages',
    );
    if (!(await settlesWithin(html, config.figureWaitMs))) {
      return reply.code(error ? 400 : 200).render('indicators/views/calculating.njk', { title: 'Disabled children', refreshSeconds: 3, figures: {} });
    }
    return reply.code(error ? 400 : 200).render('indicators/views/page.njk', { title: 'Disabled children', content: await html });
  });

  app.get<{ Querystring: PageQuery }>('/disabled-children/waiting', { config: { access: { permission: 'disabled.waiting' } } }, async (request, reply) => {
    const { asOf, error } = await period(request);
    if (error) return reply.code(400).render('core/views/error.njk', { title: 'There is a problem with your request', message: error });
    const user = request.user!;
    const scope = await teamScope(database, user, asOf, 'figures');
    const settings = await readIndicatorSettings(database);
    const targets = { assessment: settings.parameters.disabledAssessmentWaitWorkingDays, service: settings.parameters.disabledServiceWaitWorkingDays };
    const rows = await waitingChildren(database, asOf, scope, targets);
    // The central access rule has the last word on every child listed.
    const access = await accessToChildren(database, user, [...new Set(rows.map((row) => row.childId))], asOf);
    const shown = rows.filter((row) => access.get(row.childId) === 'full');
    const restricted = rows.filter((row) => access.get(row.childId) === 'restricted').length;
    const hidden = rows.length - shown.length - restricted;
    await recordAudit(database, actorFrom(request), {
      action: 'child.list',
      subjectType: 'disabled_waiting',
      childIds: [...new Set(shown.map((row) => row.childId))],
      details: { as_of: asOf, shown: shown.length, restricted, out_of_scope: hidden },
    });
    return reply.render('disabled/views/waiting.njk', {
      title: 'Disabled children waiting',
      asOf,
      targets,
      backHref: `/disabled-children?as_of=${asOf}`,
      assessment: shown.filter((row) => row.waitingFor === 'assessment'),
      service: shown.filter((row) => row.waitingFor === 'service'),
      restricted,
      hidden,
    });
  });
}
