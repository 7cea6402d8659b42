/**
 * The establishment (/workforce/establishment): posts, who fills them, posts created from the SSD
 * professionals table, and posts imported from an HR CSV file.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../../core/http/app.ts';
import { teamsInScope } from '../../core/auth/scope.ts';
import { allows } from '../../core/auth/access.ts';
import { parseIsoDate, todayInEngland } from '../../core/dates.ts';
import { actorFrom, recordAudit } from '../../core/audit/trail.ts';
import { acceptMultipart, fileTypeOf, multipartOf, uploadedFile } from '../../core/http/upload.ts';
import { pageHref, paged } from '../../core/http/paging.ts';
import {
  createPostsFromProfessionals,
  getPost,
  HR_CSV_COLUMNS,
  importHrCsv,
  listPosts,
  POST_ROLES,
  professionalExists,
  professionalsForPost,
  savePost,
  setPostHolder,
  teamIdsOf,
  unitsForPosts,
  validatePost,
  type PostRow,
} from '../establishment.ts';
import { dateInputs, fieldErrors, MANAGE, readDateFields, summary } from './common.ts';
import { dateItems, readDateInput, teamItems, type Body, type DateInputResult } from '../../core/http/form.ts';

const MAX_CSV_BYTES = 5 * 1024 * 1024;

/** The post form's dates, as GOV.UK date inputs (the HR import reads YYYY-MM-DD or DD/MM/YYYY text instead). */
const POST_DATES = [
  { field: 'funded_from', label: 'the date funding starts', required: true },
  { field: 'funded_to', label: 'the date funding ends', required: false },
] as const;

export function establishmentRoutes(app: FastifyInstance, { database }: AppDeps) {
  // The establishment page. Posts can name who fills them (the post page); "Create posts from the
  // SSD professionals table" adds a linked post for each current case-holding member of a team who
  // fills none. Vacancies then count post by post where posts are linked (measures.ts).
  const establishmentPage = async (
    reply: FastifyReply,
    query: { date?: unknown; created?: unknown; team?: unknown; in_team?: unknown; page?: unknown } & Body,
    extra: Record<string, unknown> = {},
  ) => {
    // The filter's date input (date-day, -month, -year), or ?date=YYYY-MM-DD from a page link; optional.
    const fromInput = ['date-day', 'date-month', 'date-year'].some((name) => typeof query[name] === 'string');
    const linked = typeof query.date === 'string' && query.date ? (parseIsoDate(query.date) ?? null) : undefined;
    const input: DateInputResult = fromInput
      ? readDateInput({ day: query['date-day'], month: query['date-month'], year: query['date-year'] }, { earliest: '1990-01-01', today: '2100-12-31' })
      : linked === null
        ? { kind: 'error', message: 'Date must be a real date', parts: ['day', 'month', 'year'] }
        : linked
          ? { kind: 'date', date: linked }
          : { kind: 'empty' };
    const onDate = input.kind === 'date' ? input.date : undefined;
    const dateError = input.kind === 'error' ? input.message : undefined;
    if (dateError) reply.code(400);
    const all = await listPosts(database, onDate ? { on: onDate } : {});
    const today = todayInEngland();
    const funded = all.filter((post) => post.fundedFrom <= today && (post.fundedTo === null || post.fundedTo > today));
    const teams = await teamsInScope(database, today, { kind: 'all' });
    const chosenTeam = typeof query.team === 'string' ? query.team : '';
    // A long establishment: filtered by team, 50 posts a page.
    const inTeam = typeof query.in_team === 'string' ? query.in_team : '';
    const page = paged(inTeam ? all.filter((post) => post.teamId === inTeam) : all, query.page, (number) =>
      pageHref('/workforce/establishment', { date: onDate ?? '', in_team: inTeam }, number),
    );
    return reply.render('workforce/views/establishment.njk', {
      title: 'Establishment',
      posts: page.items,
      pagination: page.pagination,
      showing: page.showing,
      filterItems: teamItems(
        [...new Map(all.map((post) => [post.teamId, post.teamName])).entries()]
          .sort((a, b) => String(a[1]).localeCompare(String(b[1])))
          .map(([id, name]) => ({ id, name })),
        inTeam,
        'All teams',
      ),
      roles: POST_ROLES,
      onDate,
      dateItems: dateItems('date', fromInput ? query : (onDate ?? null), input.kind === 'error' ? input.parts : false),
      dateError,
      errorSummary: dateError && input.kind === 'error' ? [{ text: dateError, href: `#date-${input.parts[0]}` }] : undefined,
      funded,
      filled: funded.filter((post) => post.holder).length,
      totalFte: Math.round(funded.reduce((sum, post) => sum + post.fte, 0) * 100) / 100,
      created:
        typeof query.created === 'string' && /^\d{1,4}$/.test(query.created)
          ? { count: Number(query.created), team: teams.find((team) => team.id === chosenTeam)?.name ?? chosenTeam }
          : undefined,
      teamItems: teamItems(teams, chosenTeam, 'Choose a team'),
      canViewMeasures: allows('workforce.view', reply.request.user!.roles),
      canRecordClosures: allows('workforce.closures', reply.request.user!.roles),
      ...extra,
    });
  };

  app.get<{ Querystring: { date?: unknown; created?: unknown; team?: unknown; in_team?: unknown; page?: unknown } }>(
    '/workforce/establishment',
    { config: MANAGE },
    (request, reply) => establishmentPage(reply, request.query),
  );

  app.post<{ Body: { team?: string } }>('/workforce/establishment/from-professionals', { config: MANAGE }, async (request, reply) => {
    const teamId = typeof request.body?.team === 'string' ? request.body.team.trim() : '';
    const today = todayInEngland();
    if (!(await teamsInScope(database, today, { kind: 'all' })).some((team) => team.id === teamId)) {
      const message = 'Select the team to create posts for';
      return establishmentPage(reply.code(400), {}, { errorSummary: [{ text: message, href: '#team' }], teamError: { text: message } });
    }
    const created = await createPostsFromProfessionals(database, teamId, today);
    await recordAudit(database, actorFrom(request), {
      action: 'data.change',
      subjectType: 'team_posts',
      subjectId: teamId,
      details: { change: 'posts created from SSD professionals', posts: created.map((post) => post.postId) },
    });
    return reply.redirect(`/workforce/establishment?created=${created.length}&team=${encodeURIComponent(teamId)}`, 303);
  });

  const postForm = async (reply: FastifyReply, values: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    reply.render('workforce/views/post.njk', {
      title: extra.editing ? `Post ${String(values.post_id)}` : 'Add a post',
      values,
      roleItems: [
        { value: '', text: 'Choose a role' },
        ...Object.entries(POST_ROLES).map(([value, text]) => ({ value, text, selected: value === values.role })),
      ],
      teamItems: teamItems(
        (await unitsForPosts(database)).map((unit) => ({ id: unit.id, name: unit.valid_to ? `${unit.name} (closed ${unit.valid_to})` : unit.name })),
        values.team_id,
        'Choose a team',
      ),
      dates: dateInputs(['funded_from', 'funded_to'], values, (extra.errors as Record<string, unknown> | undefined) ?? {}),
      ...extra,
    });

  app.get('/workforce/establishment/new', { config: MANAGE }, (_request, reply) => postForm(reply, { funding_source: 'Base budget', fte: '1' }));

  const noPost = (reply: FastifyReply) =>
    reply.code(404).render('core/views/error.njk', { title: 'Post not found', message: 'There is no post with that ID.' });
  const postPage = async (reply: FastifyReply, post: PostRow, extra: Record<string, unknown> = {}) => {
    const professionals = await professionalsForPost(database, post.teamId, todayInEngland());
    const describe = (person: (typeof professionals)[number]) =>
      `${person.name} (${person.agency ? 'agency' : 'employed'}${person.teamName ? `, ${person.teamName}` : ', in no team today'}${person.postId && person.postId !== post.postId ? `, fills ${person.postId}` : ''})`;
    return postForm(
      reply,
      {
        post_id: post.postId,
        team_id: post.teamId,
        role: post.role,
        fte: String(post.fte),
        funded_from: post.fundedFrom,
        funded_to: post.fundedTo ?? '',
        funding_source: post.fundingSource,
        investment: post.investment ?? '',
        notes: post.notes ?? '',
      },
      {
        editing: true,
        holder: post.holder,
        holderItems: [
          { value: '', text: 'Nobody: the post is vacant', selected: !post.holder },
          ...professionals.map((person) => ({
            value: person.professionalId,
            text: describe(person),
            selected: person.professionalId === post.holder?.professionalId,
          })),
        ],
        ...extra,
      },
    );
  };

  app.get<{ Params: { postId: string } }>('/workforce/establishment/posts/:postId', { config: MANAGE }, async (request, reply) => {
    const post = await getPost(database, request.params.postId);
    return post ? postPage(reply, post) : noPost(reply);
  });

  app.post<{ Params: { postId: string }; Body: { holder?: string } }>(
    '/workforce/establishment/posts/:postId/holder',
    { config: MANAGE },
    async (request, reply) => {
      const post = await getPost(database, request.params.postId);
      if (!post) return noPost(reply);
      const holderId = typeof request.body?.holder === 'string' ? request.body.holder.trim() : '';
      if (holderId && !(await professionalExists(database, holderId))) {
        const message = 'Select a professional from the list, or nobody';
        return postPage(reply.code(400), post, { errorSummary: [{ text: message, href: '#holder' }], holderError: { text: message } });
      }
      const takenFrom = await setPostHolder(database, post.postId, holderId || null);
      await recordAudit(database, actorFrom(request), {
        action: 'data.change',
        subjectType: 'post',
        subjectId: post.postId,
        details: {
          change: holderId ? 'post holder named' : 'post holder removed',
          from: post.holder?.professionalId ?? null,
          to: holderId || null,
          taken_from_post: takenFrom,
        },
      });
      return reply.redirect(`/workforce/establishment/posts/${encodeURIComponent(post.postId)}`, 303);
    },
  );

  app.post<{ Body: Record<string, string | undefined> }>('/workforce/establishment', { config: MANAGE }, async (request, reply) => {
    const body = request.body ?? {};
    const editing = body.editing === 'yes';
    const dates = readDateFields(body, POST_DATES);
    const validated = validatePost({ ...body, ...dates.values }, await teamIdsOf(database));
    const errors = dates.merge(validated.errors);
    const post = errors.length ? undefined : validated.post;
    if (!errors.length && !editing && post && (await getPost(database, post.postId)))
      errors.push({ field: 'post_id', message: `There is already a post ${post.postId}: open it from the establishment to change it` });
    if (errors.length || !post) return postForm(reply.code(400), body, { editing, errorSummary: summary(errors), errors: fieldErrors(errors) });
    await savePost(database.db, post);
    await recordAudit(database, actorFrom(request), {
      action: 'data.change',
      subjectType: 'post',
      subjectId: post.postId,
      details: { change: editing ? 'post updated' : 'post added', post },
    });
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
      const problem = body.problem
        ? body.problem
        : !file
          ? 'Choose the HR CSV file of posts'
          : !fileTypeOf(file, ['csv'])
            ? 'The file must be a .csv file saved as UTF-8 text (in Excel: Save as, CSV UTF-8)'
            : undefined;
      if (problem || !file) return importPage(reply.code(400), { errorSummary: [{ text: problem, href: '#file' }], fileError: { text: problem } });
      const result = await importHrCsv(database, file.bytes, { dryRun: body.fields.dryRun === 'yes' });
      await recordAudit(database, actorFrom(request), {
        action: 'import',
        subjectType: 'hr_posts',
        details: {
          file: file.name,
          rows: result.rows,
          inserted: result.inserted,
          updated: result.updated,
          unchanged: result.unchanged,
          problems: result.problems.length,
          committed: result.committed,
        },
      });
      return importPage(result.problems.length ? reply.code(400) : reply, { result, fileName: file.name });
    });
  });
}
