/**
 * Teams closed to new cases (/workforce/closures): the closures, the children awaiting allocation
 * (the one child-level list: src/core/children/access.ts decides, and it is audited) and the forms
 * that record and change a closure.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../core/http/app.ts';
import { teamScope, teamsInScope } from '../../core/auth/scope.ts';
import { allows } from '../../core/auth/access.ts';
import { cached, dataVersion } from '../../core/cache.ts';
import { parseIsoDate, todayInEngland, monthEndOnOrBefore } from '../../core/dates.ts';
import { actorFrom, recordAudit } from '../../core/audit/trail.ts';
import { accessToChildren } from '../../core/children/access.ts';
import { sealChildRef } from '../../core/children/ref.ts';
import { monthlyLineChartSvg } from '../../core/charts.ts';
import { monthEndsBack } from '../measures.ts';
import {
  allocationWaits,
  awaitingTrend,
  childrenAwaitingAllocation,
  closedOn,
  daysClosed,
  listClosures,
  saveClosure,
  validateClosure,
  whereWorkWent,
} from '../closures.ts';
import { CLOSURES, dateInputs, fieldErrors, readDateFields, selection, summary, TREND_MONTHS, VIEW, type DateTeamQuery } from './common.ts';
import { teamItems } from '../../core/http/form.ts';

const CLOSURE_DATES = [
  { field: 'start', label: 'the date the team closed', required: true },
  { field: 'end', label: 'the date the team reopened', required: false },
] as const;

export function closuresRoutes(app: FastifyInstance, deps: AppDeps) {
  const { database } = deps;

  app.get<{ Querystring: DateTeamQuery }>('/workforce/closures', { config: VIEW }, async (request, reply) => {
    const picked = await selection(deps, request);
    const page = {
      title: 'Teams closed to new cases',
      form: picked.form,
      errorSummary: picked.errors.length ? picked.errors : undefined,
      action: '/workforce/closures',
    };
    if (picked.errors.length) return reply.code(400).render('workforce/views/closures.njk', page);
    const asOf = picked.asOf;
    const closures = await listClosures(database, picked.scope);
    const months = monthEndsBack(monthEndOnOrBefore(asOf), TREND_MONTHS);
    const version = await dataVersion(database);
    const trend = await cached(database, version, `workforce.awaiting:${months.join()}`, () => awaitingTrend(database, months));
    const awaiting = await childrenAwaitingAllocation(database, asOf);
    const waits = await cached(database, version, `workforce.waits:${asOf}`, () => allocationWaits(database, asOf));
    const destinations = await Promise.all(
      closures
        .filter((closure) => closure.start <= asOf)
        .slice(0, 5)
        .map(async (closure) => ({ closure, ...(await whereWorkWent(database, closure, asOf)) })),
    );
    return reply.render('workforce/views/closures.njk', {
      ...page,
      asOf,
      closures: closures.map((closure) => ({ ...closure, closedNow: closedOn(closure, asOf), days: closure.start <= asOf ? daysClosed(closure, asOf) : 0 })),
      closedNow: closures.filter((closure) => closedOn(closure, asOf)),
      trend,
      awaitingCount: awaiting.length,
      awaitingOver20: awaiting.filter((child) => child.waitingDays > 20).length,
      longestWait: awaiting[0]?.waitingDays ?? null,
      waits,
      destinations,
      canRecord: allows('workforce.closures', request.user!.roles),
      changeable: (await closureTeams(request)).map((team) => team.id),
      canListChildren: allows('children.view', request.user!.roles),
      awaitingChart: monthlyLineChartSvg({
        id: 'chart-awaiting',
        title: 'Children awaiting allocation at each month end',
        description: 'Line chart of the children with an open referral and no allocated worker at each month end. The figures are in the table below.',
        points: trend.map((point) => ({ monthEnd: point.date, value: point.children })),
        yAxisLabel: 'Children awaiting allocation',
      }),
    });
  });

  app.get<{ Querystring: { date?: unknown } }>('/workforce/closures/awaiting', { config: VIEW }, async (request, reply) => {
    const user = request.user!;
    if (!allows('children.view', user.roles))
      return reply
        .code(403)
        .render('core/views/error.njk', { title: 'You cannot see children’s records', message: 'Your role does not include children’s records.' });
    const today = todayInEngland();
    const asOf = (typeof request.query.date === 'string' && parseIsoDate(request.query.date)) || today;
    const awaiting = await childrenAwaitingAllocation(database, asOf > today ? today : asOf);
    const access = await accessToChildren(
      database,
      user,
      awaiting.map((child) => child.personId),
      asOf,
    );
    const shown = awaiting.filter((child) => access.get(child.personId) === 'full').map((child) => child.personId);
    await recordAudit(database, actorFrom(request), {
      action: 'child.list',
      childIds: shown,
      details: { list: 'children awaiting allocation', as_of: asOf, shown: shown.length, not_shown: awaiting.length - shown.length },
    });
    const rows = await Promise.all(
      awaiting.map(async (child) => {
        const level = access.get(child.personId);
        return {
          full: level === 'full',
          restricted: level === 'restricted',
          personId: level === 'full' ? child.personId : null,
          referralDate: child.referralDate,
          referralTeam: child.referralTeam,
          waitingDays: child.waitingDays,
          ref: level === 'full' ? await sealChildRef(database, user.userId, { personId: child.personId, asOf }) : null,
        };
      }),
    );
    return reply.render('workforce/views/awaiting.njk', { title: 'Children awaiting allocation', asOf, rows, hidden: rows.filter((row) => !row.full).length });
  });

  /**
   * The teams a user may record closures for: a team manager their own team, a service manager the
   * teams of their service (both from teamScope on today's structure), senior leaders and analysts
   * every team; administrators, who keep the establishment, any team.
   */
  const closureTeams = async (request: FastifyRequest) => {
    const user = request.user!;
    const today = todayInEngland();
    if (!allows('workforce.closures', user.roles)) return [];
    return teamsInScope(database, today, user.roles.includes('administrator') ? { kind: 'all' } : await teamScope(database, user, today, 'casework'));
  };
  const closureForm = async (
    reply: FastifyReply,
    teams: { id: string; name: string }[],
    values: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ) =>
    reply.render('workforce/views/closure.njk', {
      title: extra.closureId ? 'Change a closure' : 'Record a team closed to new cases',
      values,
      noTeams: teams.length === 0,
      teamItems: teamItems(teams, values.team, 'Choose a team'),
      dates: dateInputs(['start', 'end'], values, (extra.errors as Record<string, unknown> | undefined) ?? {}),
      canViewClosures: allows('workforce.view', reply.request.user!.roles),
      ...extra,
    });
  const ownClosure = async (id: string | undefined, teams: { id: string }[]) =>
    id && /^\d{1,12}$/.test(id)
      ? (await listClosures(database)).find((row) => row.id === Number(id) && teams.some((team) => team.id === row.teamId))
      : undefined;
  app.get('/workforce/closures/new', { config: CLOSURES }, async (request, reply) => closureForm(reply, await closureTeams(request), {}));
  app.get<{ Params: { id: string } }>('/workforce/closures/:id', { config: CLOSURES }, async (request, reply) => {
    const teams = await closureTeams(request);
    const closure = await ownClosure(request.params.id, teams);
    if (!closure)
      return reply
        .code(404)
        .render('core/views/error.njk', { title: 'Closure not found', message: 'There is no closure with that number for a team you manage.' });
    return closureForm(reply, teams, { team: closure.teamId, start: closure.start, end: closure.end ?? '', reason: closure.reason }, { closureId: closure.id });
  });
  app.post<{ Body: Record<string, string | undefined> }>('/workforce/closures', { config: CLOSURES }, async (request, reply) => {
    const body = request.body ?? {};
    const teams = await closureTeams(request);
    const closureId = body.closureId ? (await ownClosure(body.closureId, teams))?.id : undefined;
    if (body.closureId && closureId === undefined)
      return reply
        .code(404)
        .render('core/views/error.njk', { title: 'Closure not found', message: 'There is no closure with that number for a team you manage.' });
    const dates = readDateFields(body, CLOSURE_DATES);
    const validated = await validateClosure(database, { ...body, ...dates.values }, { teamIds: new Set(teams.map((team) => team.id)), ignoreId: closureId });
    const errors = dates.merge(validated.errors);
    const closure = errors.length ? undefined : validated.closure;
    if (!closure) return closureForm(reply.code(400), teams, body, { closureId, errorSummary: summary(errors), errors: fieldErrors(errors) });
    const id = await saveClosure(database, closure, closureId);
    if (id === null) {
      // Another request saved an overlapping closure since the check above: say which.
      const overlap = (await validateClosure(database, { ...body, ...dates.values }, { teamIds: new Set(teams.map((team) => team.id)), ignoreId: closureId }))
        .errors;
      return closureForm(reply.code(400), teams, body, { closureId, errorSummary: summary(overlap), errors: fieldErrors(overlap) });
    }
    await recordAudit(database, actorFrom(request), {
      action: 'data.change',
      subjectType: 'team_closure',
      subjectId: String(id),
      details: { change: closureId ? 'closure updated' : 'closure recorded', closure },
    });
    // An administrator records closures but does not see the workforce pages: back to the closure saved.
    return reply.redirect(allows('workforce.view', request.user!.roles) ? '/workforce/closures' : `/workforce/closures/${id}`, 303);
  });
}
