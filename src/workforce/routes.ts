/**
 * Workforce pages: measures by team and month, the establishment (posts, HR import, edit), teams
 * closed to new cases with the children awaiting allocation, changes of social worker, and the
 * capacity model. Staff figures follow the user's team scope; the one child-level list (children
 * awaiting allocation) asks src/core/children/access.ts and is audited.
 */
import { caseloadThreshold } from '../indicators/settings.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../core/http/app.ts';
import { teamScope, teamsInScope, type TeamScope } from '../core/auth/scope.ts';
import { allows } from '../core/auth/access.ts';
import { cached, dataVersion, memo } from '../core/cache.ts';
import { longDate, monthEndOnOrBefore, parseIsoDate, todayInEngland, type IsoDate } from '../core/dates.ts';
import { actorFrom, recordAudit } from '../core/audit/trail.ts';
import { accessToChildren } from '../core/children/access.ts';
import { sealChildRef } from '../core/children/ref.ts';
import { barChartSvg, monthlyLineChartSvg } from '../core/charts.ts';
import { indicatorReport } from '../indicators/report.ts';
import { asyeCaseloadPct, asyePipeline, monthEndsBack, workforceMeasuresOn, workforceTrend } from './measures.ts';
import {
  createPostsFromProfessionals, getPost, HR_CSV_COLUMNS, importHrCsv, listPosts, POST_ROLES, professionalExists, professionalsForPost, savePost, setPostHolder, teamIdsOf, unitsForPosts, validatePost, type PostField, type PostRow,
} from './establishment.ts';
import { allocationWaits, awaitingTrend, childrenAwaitingAllocation, closedOn, daysClosed, listClosures, saveClosure, validateClosure, whereWorkWent, type ClosureField } from './closures.ts';
import { CHANGE_REASONS, workerChangesOn } from './changes.ts';
import { project, workersNeeded } from './capacity.ts';
import { capacityInputs } from './planning.ts';
import { acceptMultipart, fileTypeOf, multipartOf, uploadedFile } from '../core/http/upload.ts';
import { analyseIndicators, dataPeriod } from '../indicators/analysis.ts';
import { pageHref, paged } from '../core/http/paging.ts';
import { teamItems } from '../core/http/form.ts';
import { CATALOGUE } from '../indicators/catalogue/index.ts';

const VIEW = { access: { permission: 'workforce.view' as const } };
const MANAGE = { access: { permission: 'workforce.manage' as const } };
const CLOSURES = { access: { permission: 'workforce.closures' as const } };
const TREND_MONTHS = 24;
const MAX_CSV_BYTES = 5 * 1024 * 1024;

interface DateTeamQuery {
  date?: unknown;
  team?: unknown;
}

/** Reads ?date=YYYY-MM-DD (default: the last month-end) and ?team=ID (kept to the user's scope). */
async function selection(deps: AppDeps, request: FastifyRequest<{ Querystring: DateTeamQuery }>) {
  const today = todayInEngland();
  const typed = typeof request.query.date === 'string' && request.query.date !== '' ? parseIsoDate(request.query.date) : null;
  const dateError = typed === undefined || (typed && typed > today) ? 'Enter a real date, today or earlier, as YYYY-MM-DD' : undefined;
  // One default date everywhere: the last month end with data (as the Performance overview), not today's.
  const range = typed && !dateError ? undefined : await dataPeriod(deps.database, today);
  const asOf = typed && !dateError ? typed : (range?.defaultAsOf ?? monthEndOnOrBefore(today));
  const userScope = await teamScope(deps.database, request.user!, asOf);
  const visible = await teamsInScope(deps.database, asOf, userScope);
  const teamId = typeof request.query.team === 'string' ? request.query.team : '';
  const team = visible.find((candidate) => candidate.id === teamId);
  const teamError = teamId !== '' && !team ? 'Select a team from the list' : undefined;
  const scope: TeamScope = team ? { kind: 'teams', teamIds: [team.id] } : userScope;
  return {
    asOf,
    scope,
    userScope,
    errors: [...(dateError ? [{ text: dateError, href: '#date' }] : []), ...(teamError ? [{ text: teamError, href: '#team' }] : [])],
    form: {
      date: typeof request.query.date === 'string' ? request.query.date : asOf,
      dateError,
      teamError,
      teamItems: teamItems(visible, teamId, userScope.kind === 'all' ? 'All teams' : 'All your teams'),
    },
    selectionName: team?.name ?? (userScope.kind === 'all' ? 'All teams' : 'Your teams'),
    emptyScope: scope.kind === 'teams' && scope.teamIds.length === 0,
  };
}

const HEADCOUNT_INDICATORS = CATALOGUE.filter((indicator) => indicator.id === 'workforce.agency_pct' || indicator.id === 'workforce.turnover_pct');

const fieldErrors = <F extends string>(errors: { field: F; message: string }[]) => Object.fromEntries(errors.map((error) => [error.field, { text: error.message }]));
const summary = <F extends string>(errors: { field: F; message: string }[]) => errors.map((error) => ({ text: error.message, href: `#${error.field}` }));

export function workforceRoutes(app: FastifyInstance, deps: AppDeps) {
  const { database, config } = deps;

  app.get<{ Querystring: DateTeamQuery }>('/workforce', { config: VIEW }, async (request, reply) => {
    const threshold = await caseloadThreshold(database, config);
    const picked = await selection(deps, request);
    const page = { title: 'Workforce', form: picked.form, errorSummary: picked.errors.length ? picked.errors : undefined, action: '/workforce', threshold };
    if (picked.errors.length) return reply.code(400).render('workforce/views/workforce.njk', page);
    if (picked.emptyScope) return reply.render('workforce/views/workforce.njk', { ...page, emptyScope: true, asOf: picked.asOf });
    const asye = await asyeCaseloadPct(database);
    const options = { threshold, scope: picked.scope, asyeCaseloadPct: asye };
    const key = JSON.stringify({ asOf: picked.asOf, options });
    const version = await dataVersion(database);
    const measures = await cached(database, version, `workforce.on:${key}`, () => workforceMeasuresOn(database, picked.asOf, options));
    const trend = await cached(database, version, `workforce.trend:${key}`, () => workforceTrend(database, monthEndOnOrBefore(picked.asOf), TREND_MONTHS, options));
    const pipeline = await cached(database, version, `workforce.asye:${key}`, () => asyePipeline(database, picked.asOf, picked.scope));
    // The Performance overview's rates are by headcount; both definitions are legitimate, so both are shown, labelled.
    const headcount = Object.fromEntries(
      (await analyseIndicators(database, { asOf: picked.asOf, selection: { scope: picked.scope }, threshold, indicators: HEADCOUNT_INDICATORS, months: 1, dataVersion: version })).map((result) => [
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

  // ----- Establishment ------------------------------------------------------------------------

  // The establishment page. Posts can name who fills them (the post page); "Create posts from the
  // SSD professionals table" adds a linked post for each current case-holding member of a team who
  // fills none. Vacancies then count post by post where posts are linked (measures.ts).
  const establishmentPage = async (reply: FastifyReply, query: { date?: unknown; created?: unknown; team?: unknown; in_team?: unknown; page?: unknown }, extra: Record<string, unknown> = {}) => {
    const onDate = typeof query.date === 'string' && query.date ? parseIsoDate(query.date) : undefined;
    const all = await listPosts(database, onDate ? { on: onDate } : {});
    const today = todayInEngland();
    const funded = all.filter((post) => post.fundedFrom <= today && (post.fundedTo === null || post.fundedTo > today));
    const teams = await teamsInScope(database, today, { kind: 'all' });
    const chosenTeam = typeof query.team === 'string' ? query.team : '';
    // A long establishment: filtered by team, 50 posts a page.
    const inTeam = typeof query.in_team === 'string' ? query.in_team : '';
    const page = paged(inTeam ? all.filter((post) => post.teamId === inTeam) : all, query.page, (number) => pageHref('/workforce/establishment', { date: onDate ?? '', in_team: inTeam }, number));
    return reply.render('workforce/views/establishment.njk', {
      title: 'Establishment',
      posts: page.items,
      pagination: page.pagination,
      showing: page.showing,
      filterItems: teamItems([...new Map(all.map((post) => [post.teamId, post.teamName])).entries()].sort((a, b) => String(a[1]).localeCompare(String(b[1]))).map(([id, name]) => ({ id, name })), inTeam, 'All teams'),
      roles: POST_ROLES,
      onDate,
      funded,
      filled: funded.filter((post) => post.holder).length,
      totalFte: Math.round(funded.reduce((sum, post) => sum + post.fte, 0) * 100) / 100,
      created: typeof query.created === 'string' && /^\d{1,4}$/.test(query.created) ? { count: Number(query.created), team: teams.find((team) => team.id === chosenTeam)?.name ?? chosenTeam } : undefined,
      teamItems: teamItems(teams, chosenTeam, 'Choose a team'),
      ...extra,
    });
  };

  app.get<{ Querystring: { date?: unknown; created?: unknown; team?: unknown; in_team?: unknown; page?: unknown } }>('/workforce/establishment', { config: MANAGE }, (request, reply) => establishmentPage(reply, request.query));

  app.post<{ Body: { team?: string } }>('/workforce/establishment/from-professionals', { config: MANAGE }, async (request, reply) => {
    const teamId = typeof request.body?.team === 'string' ? request.body.team.trim() : '';
    const today = todayInEngland();
    if (!(await teamsInScope(database, today, { kind: 'all' })).some((team) => team.id === teamId)) {
      const message = 'Select the team to create posts for';
      return establishmentPage(reply.code(400), {}, { errorSummary: [{ text: message, href: '#team' }], teamError: { text: message } });
    }
    const created = await createPostsFromProfessionals(database, teamId, today);
    await recordAudit(database, actorFrom(request), {
      action: 'data.change', subjectType: 'team_posts', subjectId: teamId,
      details: { change: 'posts created from SSD professionals', posts: created.map((post) => post.postId) },
    });
    return reply.redirect(`/workforce/establishment?created=${created.length}&team=${encodeURIComponent(teamId)}`, 303);
  });

  const postForm = async (reply: FastifyReply, values: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    reply.render('workforce/views/post.njk', {
      title: extra.editing ? `Post ${String(values.post_id)}` : 'Add a post',
      values,
      roleItems: [{ value: '', text: 'Choose a role' }, ...Object.entries(POST_ROLES).map(([value, text]) => ({ value, text, selected: value === values.role }))],
      teamItems: teamItems((await unitsForPosts(database)).map((unit) => ({ id: unit.id, name: unit.valid_to ? `${unit.name} (closed ${unit.valid_to})` : unit.name })), values.team_id, 'Choose a team'),
      ...extra,
    });

  app.get('/workforce/establishment/new', { config: MANAGE }, (_request, reply) => postForm(reply, { funding_source: 'Base budget', fte: '1' }));

  const noPost = (reply: FastifyReply) => reply.code(404).render('core/views/error.njk', { title: 'Post not found', message: 'There is no post with that ID.' });
  const postPage = async (reply: FastifyReply, post: PostRow, extra: Record<string, unknown> = {}) => {
    const professionals = await professionalsForPost(database, post.teamId, todayInEngland());
    const describe = (person: (typeof professionals)[number]) =>
      `${person.name} (${person.agency ? 'agency' : 'employed'}${person.teamName ? `, ${person.teamName}` : ', in no team today'}${person.postId && person.postId !== post.postId ? `, fills ${person.postId}` : ''})`;
    return postForm(reply, {
      post_id: post.postId, team_id: post.teamId, role: post.role, fte: String(post.fte), funded_from: post.fundedFrom, funded_to: post.fundedTo ?? '',
      funding_source: post.fundingSource, investment: post.investment ?? '', notes: post.notes ?? '',
    }, {
      editing: true,
      holder: post.holder,
      holderItems: [
        { value: '', text: 'Nobody: the post is vacant', selected: !post.holder },
        ...professionals.map((person) => ({ value: person.professionalId, text: describe(person), selected: person.professionalId === post.holder?.professionalId })),
      ],
      ...extra,
    });
  };

  app.get<{ Params: { postId: string } }>('/workforce/establishment/posts/:postId', { config: MANAGE }, async (request, reply) => {
    const post = await getPost(database, request.params.postId);
    return post ? postPage(reply, post) : noPost(reply);
  });

  app.post<{ Params: { postId: string }; Body: { holder?: string } }>('/workforce/establishment/posts/:postId/holder', { config: MANAGE }, async (request, reply) => {
    const post = await getPost(database, request.params.postId);
    if (!post) return noPost(reply);
    const holderId = typeof request.body?.holder === 'string' ? request.body.holder.trim() : '';
    if (holderId && !(await professionalExists(database, holderId))) {
      const message = 'Select a professional from the list, or nobody';
      return postPage(reply.code(400), post, { errorSummary: [{ text: message, href: '#holder' }], holderError: { text: message } });
    }
    const takenFrom = await setPostHolder(database, post.postId, holderId || null);
    await recordAudit(database, actorFrom(request), {
      action: 'data.change', subjectType: 'post', subjectId: post.postId,
      details: { change: holderId ? 'post holder named' : 'post holder removed', from: post.holder?.professionalId ?? null, to: holderId || null, taken_from_post: takenFrom },
    });
    return reply.redirect(`/workforce/establishment/posts/${encodeURIComponent(post.postId)}`, 303);
  });

  app.post<{ Body: Partial<Record<PostField | 'editing', string>> }>('/workforce/establishment', { config: MANAGE }, async (request, reply) => {
    const body = request.body ?? {};
    const editing = body.editing === 'yes';
    const { post, errors } = validatePost(body, await teamIdsOf(database));
    if (!errors.length && !editing && post && (await getPost(database, post.postId))) errors.push({ field: 'post_id', message: `There is already a post ${post.postId}: open it from the establishment to change it` });
    if (errors.length || !post) return postForm(reply.code(400), body, { editing, errorSummary: summary(errors), errors: fieldErrors(errors) });
    await savePost(database.db, post);
    await recordAudit(database, actorFrom(request), { action: 'data.change', subjectType: 'post', subjectId: post.postId, details: { change: editing ? 'post updated' : 'post added', post } });
    return reply.redirect('/workforce/establishment', 303);
  });

  const importPage = (reply: FastifyReply, extra: Record<string, unknown> = {}) =>
    reply.render('workforce/views/import.njk', { title: 'Import posts from HR', columns: HR_CSV_COLUMNS, ...extra });
  app.get('/workforce/establishment/import', { config: MANAGE }, (_request, reply) => importPage(reply));

  void app.register(async (scope) => {
    acceptMultipart(scope, { maxBytes: MAX_CSV_BYTES });
    scope.post('/workforce/establishment/import', { config: MANAGE, bodyLimit: MAX_CSV_BYTES }, async (request, reply) => {
      const body = multipartOf(request);
      const file = await uploadedFile(request, 'file');
      const problem = body.problem ? body.problem : !file ? 'Choose the HR CSV file of posts' : !fileTypeOf(file, ['csv']) ? 'The file must be a .csv file saved as UTF-8 text (in Excel: Save as, CSV UTF-8)' : undefined;
      if (problem || !file) return importPage(reply.code(400), { errorSummary: [{ text: problem, href: '#file' }], fileError: { text: problem } });
      const result = await importHrCsv(database, file.bytes, { dryRun: body.fields.dryRun === 'yes' });
      await recordAudit(database, actorFrom(request), {
        action: 'import',
        subjectType: 'hr_posts',
        details: { file: file.name, rows: result.rows, inserted: result.inserted, updated: result.updated, unchanged: result.unchanged, problems: result.problems.length, committed: result.committed },
      });
      return importPage(result.problems.length ? reply.code(400) : reply, { result, fileName: file.name });
    });
  });

  // ----- Teams closed to new cases --------------------------------------------------------------

  app.get<{ Querystring: DateTeamQuery }>('/workforce/closures', { config: VIEW }, async (request, reply) => {
    const picked = await selection(deps, request);
    const page = { title: 'Teams closed to new cases', form: picked.form, errorSummary: picked.errors.length ? picked.errors : undefined, action: '/workforce/closures' };
    if (picked.errors.length) return reply.code(400).render('workforce/views/closures.njk', page);
    const asOf = picked.asOf;
    const closures = await listClosures(database, picked.scope);
    const months = monthEndsBack(monthEndOnOrBefore(asOf), TREND_MONTHS);
    const version = await dataVersion(database);
    const trend = await cached(database, version, `workforce.awaiting:${months.join()}`, () => awaitingTrend(database, months));
    const awaiting = await childrenAwaitingAllocation(database, asOf);
    const waits = await cached(database, version, `workforce.waits:${asOf}`, () => allocationWaits(database, asOf));
    const destinations = await Promise.all(closures.filter((closure) => closure.start <= asOf).slice(0, 5).map(async (closure) => ({ closure, ...(await whereWorkWent(database, closure, asOf)) })));
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
    if (!allows('children.view', user.roles)) return reply.code(403).render('core/views/error.njk', { title: 'You cannot see children’s records', message: 'Your role does not include children’s records.' });
    const today = todayInEngland();
    const asOf = (typeof request.query.date === 'string' && parseIsoDate(request.query.date)) || today;
    const awaiting = await childrenAwaitingAllocation(database, asOf > today ? today : asOf);
    const access = await accessToChildren(database, user, awaiting.map((child) => child.personId), asOf);
    const shown = awaiting.filter((child) => access.get(child.personId) === 'full').map((child) => child.personId);
    await recordAudit(database, actorFrom(request), { action: 'child.list', childIds: shown, details: { list: 'children awaiting allocation', as_of: asOf, shown: shown.length, not_shown: awaiting.length - shown.length } });
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
    return teamsInScope(database, today, user.roles.includes('administrator') ? { kind: 'all' } : await teamScope(database, user, today));
  };
  const closureForm = async (reply: FastifyReply, teams: { id: string; name: string }[], values: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    reply.render('workforce/views/closure.njk', {
      title: extra.closureId ? 'Change a closure' : 'Record a team closed to new cases',
      values,
      noTeams: teams.length === 0,
      teamItems: teamItems(teams, values.team, 'Choose a team'),
      ...extra,
    });
  const ownClosure = async (id: string | undefined, teams: { id: string }[]) =>
    id && /^\d{1,12}$/.test(id) ? (await listClosures(database)).find((row) => row.id === Number(id) && teams.some((team) => team.id === row.teamId)) : undefined;
  app.get('/workforce/closures/new', { config: CLOSURES }, async (request, reply) => closureForm(reply, await closureTeams(request), {}));
  app.get<{ Params: { id: string } }>('/workforce/closures/:id', { config: CLOSURES }, async (request, reply) => {
    const teams = await closureTeams(request);
    const closure = await ownClosure(request.params.id, teams);
    if (!closure) return reply.code(404).render('core/views/error.njk', { title: 'Closure not found', message: 'There is no closure with that number for a team you manage.' });
    return closureForm(reply, teams, { team: closure.teamId, start: closure.start, end: closure.end ?? '', reason: closure.reason }, { closureId: closure.id });
  });
  app.post<{ Body: Partial<Record<ClosureField | 'closureId', string>> }>('/workforce/closures', { config: CLOSURES }, async (request, reply) => {
    const body = request.body ?? {};
    const teams = await closureTeams(request);
    const closureId = body.closureId ? (await ownClosure(body.closureId, teams))?.id : undefined;
    if (body.closureId && closureId === undefined) return reply.code(404).render('core/views/error.njk', { title: 'Closure not found', message: 'There is no closure with that number for a team you manage.' });
    const { closure, errors } = await validateClosure(database, body, { teamIds: new Set(teams.map((team) => team.id)), ignoreId: closureId });
    if (!closure) return closureForm(reply.code(400), teams, body, { closureId, errorSummary: summary(errors), errors: fieldErrors(errors) });
    const id = await saveClosure(database, closure, closureId);
    await recordAudit(database, actorFrom(request), { action: 'data.change', subjectType: 'team_closure', subjectId: String(id), details: { change: closureId ? 'closure updated' : 'closure recorded', closure } });
    return reply.redirect('/workforce/closures', 303);
  });

  // ----- Changes of social worker ---------------------------------------------------------------

  app.get<{ Querystring: DateTeamQuery }>('/workforce/changes', { config: VIEW }, async (request, reply) => {
    const threshold = await caseloadThreshold(database, config);
    const picked = await selection(deps, request);
    const page = { title: 'Changes of social worker', form: picked.form, errorSummary: picked.errors.length ? picked.errors : undefined, action: '/workforce/changes' };
    if (picked.errors.length) return reply.code(400).render('workforce/views/changes.njk', page);
    const key = JSON.stringify({ asOf: picked.asOf, scope: picked.scope });
    const changes = await memo(database, `workforce.changes:${key}`, () => workerChangesOn(database, picked.asOf, picked.scope));
    const teamId = picked.scope.kind === 'teams' && picked.scope.teamIds.length === 1 ? picked.scope.teamIds[0]! : null;
    const dfe = picked.emptyScope || (picked.scope.kind === 'teams' && !teamId)
      ? null
      : (await memo(database, `workforce.dfe:${picked.asOf}:${teamId}`, () => indicatorReport(database, picked.asOf, { threshold, teamId, id: 'stability.three_social_workers_pct' }))).indicators.find((indicator) => indicator.id === 'stability.three_social_workers_pct') ?? null;
    return reply.render('workforce/views/changes.njk', {
      ...page,
      asOf: picked.asOf,
      selectionName: picked.selectionName,
      changes,
      dfe,
      reasonCodes: CHANGE_REASONS,
      chart: barChartSvg({
        id: 'chart-workers',
        title: `Children by different social workers in the 12 months to ${longDate(picked.asOf)}`,
        description: 'Bar chart of the number of children by how many different allocated workers they had in the 12 months. The figures are in the table beside it.',
        bars: changes.lastYear.map((bucket) => ({ label: bucket.workers, value: bucket.children, text: `${bucket.children} (${bucket.pct === null ? '–' : `${bucket.pct.toFixed(1)}%`})`, highlight: bucket.workers !== '1' && bucket.workers !== '2' })),
      }),
    });
  });

  // ----- Capacity planning --------------------------------------------------------------------

  app.get<{ Querystring: DateTeamQuery & { fill?: unknown; posts?: unknown; postsTeam?: unknown; asye?: unknown; asyeTeam?: unknown; target?: unknown } }>('/workforce/capacity', { config: VIEW }, async (request, reply) => {
    const threshold = await caseloadThreshold(database, config);
    const picked = await selection(deps, request);
    const number = (value: unknown, max: number) => (typeof value === 'string' && /^\d{1,3}$/.test(value.trim()) && Number(value) <= max ? Number(value) : typeof value === 'string' && value.trim() !== '' ? NaN : 0);
    const whatIf = { fill: number(request.query.fill, 100), posts: number(request.query.posts, 100), asye: number(request.query.asye, 100), target: request.query.target === undefined || request.query.target === '' ? 10 : number(request.query.target, 100) };
    const errors = [...picked.errors];
    for (const [field, label] of [['fill', 'Vacancies to fill'], ['posts', 'Posts to add'], ['asye', 'ASYE cohort'], ['target', 'Target']] as const) {
      if (Number.isNaN(whatIf[field])) errors.push({ text: `${label} must be a whole number from 0 to 100`, href: `#${field}` });
    }
    const page = { title: 'Capacity planning', form: picked.form, errorSummary: errors.length ? errors : undefined, action: '/workforce/capacity', threshold, query: request.query };
    if (errors.length) return reply.code(400).render('workforce/views/capacity.njk', page);
    const asye = await asyeCaseloadPct(database);
    const asOf = monthEndOnOrBefore(picked.asOf);
    const inputs = await memo(database, `workforce.capacity:${JSON.stringify({ asOf, scope: picked.userScope, asye, threshold })}`, () =>
      capacityInputs(database, asOf, { threshold, scope: picked.userScope, asyeCaseloadPct: asye }));
    const postsTeam = typeof request.query.postsTeam === 'string' ? request.query.postsTeam : '';
    const asyeTeam = typeof request.query.asyeTeam === 'string' ? request.query.asyeTeam : '';
    // "Fill N vacancies" goes to the teams with the most vacant FTE first, one worker at a time.
    const fills = new Map<string, number>();
    const remaining = new Map(inputs.map((team) => [team.teamId, Math.floor(team.vacancyFte)]));
    for (let filled = 0; filled < whatIf.fill; filled++) {
      const [teamId] = [...remaining.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
      if (!teamId || remaining.get(teamId)! <= 0) break;
      remaining.set(teamId, remaining.get(teamId)! - 1);
      fills.set(teamId, (fills.get(teamId) ?? 0) + 1);
    }
    const options = { threshold, asyeShare: asye / 100 };
    const teams = inputs.map((team) => {
      const scenario = { addedWorkers: (fills.get(team.teamId) ?? 0) + (team.teamId === postsTeam ? whatIf.posts : 0), asyeWorkers: team.teamId === asyeTeam ? whatIf.asye : 0 };
      return {
        ...project(team, scenario, options),
        baseline: project(team, { addedWorkers: 0, asyeWorkers: 0 }, options),
        scenario,
        vacancyFte: team.vacancyFte,
        needed: workersNeeded(team, { ...options, targetPct: whatIf.target }),
      };
    });
    const teamChoices = inputs.map((team) => ({ id: team.teamId, name: team.teamName }));
    return reply.render('workforce/views/capacity.njk', {
      ...page,
      asOf,
      asye,
      whatIf,
      teams,
      postsTeamItems: teamItems(teamChoices, postsTeam, 'Choose a team'),
      asyeTeamItems: teamItems(teamChoices, asyeTeam, 'Choose a team'),
      unplacedFill: whatIf.fill - [...fills.values()].reduce((sum, value) => sum + value, 0),
    });
  });
}
