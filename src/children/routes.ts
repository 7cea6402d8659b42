import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../core/http/app.ts';
import { parseIsoDate, todayInEngland, type IsoDate } from '../core/dates.ts';
import { accessToChild, accessToChildren } from '../core/children/access.ts';
import { openChildRef, sealChildRef } from '../core/children/ref.ts';
import { teamScope } from '../core/auth/scope.ts';
import { actorFrom, recordAudit } from '../core/audit/trail.ts';
import { childRecord, childrenOfWorker, workerOn } from './queries.ts';
import { notifyBreakGlass } from './break-glass.ts';
import { dataAsOf } from '../indicators/period.ts';
import { sql } from 'kysely';

const VIEW = { access: { permission: 'children.view' } } as const;
/** How long break-glass access lasts. */
export const BREAK_GLASS_HOURS = 24;

/**
 * Children's records: the children a worker holds, and one child's record. Which children a user
 * may see is decided in src/core/children/access.ts; every list and record view is audited before
 * it is sent; no child identifier appears in a URL (records are opened by sealed reference).
 */
export function childrenRoutes(app: FastifyInstance, deps: AppDeps) {
  const { database } = deps;

  app.get<{ Params: { professionalId: string }; Querystring: { date?: string } }>(
    '/caseloads/workers/:professionalId/children',
    { config: VIEW },
    async (request, reply) => {
      const user = request.user!;
      // Without a date: the data period's month end, as My work and the dashboards.
      const defaultDate = await dataAsOf(database);
      const asOf = (typeof request.query.date === 'string' && parseIsoDate(request.query.date)) || defaultDate;
      const worker = await workerOn(database, request.params.professionalId, asOf);
      const scope = await teamScope(database, user, asOf, 'casework');
      const ownWork = user.professionalId === request.params.professionalId;
      const allowed = worker && (scope.kind === 'all' || ownWork || (worker.team_id !== null && scope.teamIds.includes(worker.team_id)));
      if (!allowed) {
        return reply
          .code(404)
          .render('core/views/error.njk', { title: 'Worker not found', message: 'There is no worker with that reference in the teams you can see.' });
      }
      const children = await childrenOfWorker(database, request.params.professionalId, asOf);
      const access = await accessToChildren(
        database,
        user,
        children.map((child) => child.personId),
        asOf,
      );
      // Audited: the children named, and restricted records whose place on the list is shown.
      const shown = children.filter((child) => ['full', 'restricted'].includes(access.get(child.personId)!));
      await recordAudit(database, actorFrom(request), {
        action: 'child.list',
        childIds: shown.map((child) => child.personId),
        details: {
          list: 'worker caseload',
          professional_id: request.params.professionalId,
          as_of: asOf,
          shown: shown.length,
          not_shown: children.length - shown.length,
        },
      });
      const rows = await Promise.all(
        children.map(async (child) => {
          const level = access.get(child.personId);
          return level === 'full'
            ? { ...child, ref: await sealChildRef(database, user.userId, { personId: child.personId, asOf }) }
            : {
                restricted: level === 'restricted',
                allocatedSince: child.allocatedSince,
                ref: await sealChildRef(database, user.userId, { personId: child.personId, asOf }),
              };
        }),
      );
      return reply.render('children/views/worker-children.njk', {
        title: `Children allocated to ${worker.name}`,
        worker,
        asOf,
        defaultDate: asOf === defaultDate,
        rows,
      });
    },
  );

  app.get('/my-children', { config: { access: { permission: 'children.own' } } }, async (request, reply) => {
    const professionalId = request.user!.professionalId;
    if (!professionalId) {
      return reply.render('core/views/error.njk', {
        title: 'No caseload linked to your account',
        message: 'Your account is not linked to a worker record, so Keystone cannot tell which children are allocated to you. Ask your Keystone administrator.',
      });
    }
    return reply.redirect(`/caseloads/workers/${encodeURIComponent(professionalId)}/children?date=${await dataAsOf(database)}`, 303);
  });

  app.get<{ Querystring: { ref?: string } }>('/children/record', { config: VIEW }, async (request, reply) => {
    const opened = await openRecord(request);
    if (!opened) return notFound(reply);
    const { personId, asOf, level } = opened;
    if (level === 'full') {
      const record = await childRecord(database, personId, todayInEngland());
      if (!record) return notFound(reply);
      await recordAudit(database, actorFrom(request), {
        action: 'child.view',
        subjectType: 'child',
        subjectId: personId,
        childIds: [personId],
        details: { page: 'record' },
      });
      return reply.render('children/views/record.njk', { title: record.person.name, record, ref: request.query.ref });
    }
    await recordAudit(database, actorFrom(request), {
      action: 'child.view',
      subjectType: 'child',
      subjectId: personId,
      childIds: [personId],
      details: { page: 'record', refused: level },
    });
    if (level === 'restricted') return reply.code(403).render('children/views/restricted.njk', { title: 'This record is restricted' });
    return reply
      .code(403)
      .render('children/views/break-glass.njk', { title: 'This child is outside your caseload', ref: request.query.ref, hours: BREAK_GLASS_HOURS, asOf });
  });

  app.post<{ Body: { ref?: string; reason?: string } }>(
    '/children/break-glass',
    { config: { access: { permission: 'children.break_glass' } } },
    async (request, reply) => {
      const opened = await openRecord(request, request.body?.ref);
      if (!opened) return notFound(reply);
      if (opened.level !== 'out_of_scope') return reply.redirect(`/children/record?ref=${encodeURIComponent(request.body!.ref!)}`, 303);
      const reason = String(request.body?.reason ?? '').trim();
      if (reason.length < 10) {
        return reply.code(400).render('children/views/break-glass.njk', {
          title: 'This child is outside your caseload',
          ref: request.body?.ref,
          hours: BREAK_GLASS_HOURS,
          reason,
          errorSummary: [{ text: 'Give the reason you need to see this record (at least 10 characters)', href: '#reason' }],
        });
      }
      const user = request.user!;
      const grant = await sql<{ break_glass_id: number }>`
      INSERT INTO ks_break_glass (user_id, person_id, reason, expires_at)
      VALUES (${user.userId}, ${opened.personId}, ${reason.slice(0, 2000)}, now() + make_interval(hours => ${BREAK_GLASS_HOURS}))
      RETURNING break_glass_id`.execute(database.db);
      await recordAudit(database, actorFrom(request), {
        action: 'break_glass',
        subjectType: 'child',
        subjectId: opened.personId,
        childIds: [opened.personId],
        details: { reason: reason.slice(0, 2000), hours: BREAK_GLASS_HOURS, break_glass_id: Number(grant.rows[0]!.break_glass_id) },
      });
      await notifyBreakGlass(database, user, todayInEngland());
      return reply.redirect(`/children/record?ref=${encodeURIComponent(request.body!.ref!)}`, 303);
    },
  );

  /** The child a sealed reference names and what this user may see of it: decided as of today, whatever the list's date. */
  async function openRecord(request: FastifyRequest, token?: unknown) {
    const user = request.user!;
    const ref = await openChildRef(database, user.userId, token ?? (request.query as { ref?: string }).ref);
    if (!ref) return undefined;
    const level = await accessToChild(database, user, ref.personId, todayInEngland());
    return level === 'not_found' ? undefined : { personId: ref.personId, asOf: ref.asOf as IsoDate, level };
  }

  function notFound(reply: FastifyReply) {
    return reply.code(404).render('core/views/error.njk', {
      title: 'Record not found',
      message: 'The link to this record has expired or is not yours. Go back to the list you came from and open the record again.',
    });
  }
}
