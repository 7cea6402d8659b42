import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { AppDeps } from '../core/http/app.ts';
import { parseIsoDate } from '../core/dates.ts';
import { dateItems, Errors, readDate, recordNumber, text } from '../core/http/form.ts';
import { actorFrom, recordAudit, verifyAuditChain, type AuditAction } from '../core/audit/trail.ts';
import { toSafeCsv } from '../core/outputs/csv.ts';
import { breakGlassQueue, childrenNamedBy, findAuditEvents, restrictedChildren, type AuditFilter } from './queries.ts';
import { AUDIT_ACTIONS, auditSubject } from '../core/words.ts';

const IG = { access: { permission: 'audit.review' } } as const;
const ACTIONS: AuditAction[] = [
  'child.view',
  'child.list',
  'export',
  'import',
  'data.change',
  'permission.change',
  'break_glass',
  'restriction.change',
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'audit.search',
];
const PAGE_LIMIT = 500;
const EXPORT_LIMIT = 100_000;

type FilterQuery = Record<string, string | undefined>;
const PERIOD = { from: 'the start date', to: 'the end date' } as const;

/**
 * The filter from the page's form (day, month and year for each date, as GOV.UK date inputs) or from a link
 * such as the CSV download's, which may give a date as YYYY-MM-DD.
 */
function readFilter(query: FilterQuery): { filter: AuditFilter; errors: Errors } {
  const errors = new Errors();
  const date = (field: keyof typeof PERIOD) => {
    const iso = text(query, field);
    if (!iso) return readDate(query, field, PERIOD[field], errors, { required: false }) ?? undefined;
    const parsed = parseIsoDate(iso);
    if (!parsed) errors.add(field, `Enter ${PERIOD[field]} as a real date, for example 31 3 2026`, `${field}-day`);
    return parsed ?? undefined;
  };
  const action = query.action && ACTIONS.includes(query.action as AuditAction) ? query.action : undefined;
  return { filter: { username: text(query, 'username') || undefined, action, from: date('from'), to: date('to') }, errors };
}

/** The date inputs as typed, or the date a link gave. */
const dateInput = (query: FilterQuery, field: keyof typeof PERIOD, errors: Errors) => ({
  items: dateItems(field, text(query, field) ? (parseIsoDate(text(query, field)) ?? null) : query, errors),
  errorMessage: errors.field(field),
});

/**
 * The information governance officer's pages: the audit trail with its integrity check, "what
 * has this user seen", "who has seen this child", exports, the break-glass review queue and
 * restricted records. Every search and export is itself audited.
 */
export function auditRoutes(app: FastifyInstance, { database }: AppDeps) {
  /** Audits a page that lists children by ID (only when it lists any). */
  const auditList = async (request: FastifyRequest, childIds: string[], list: string) => {
    if (childIds.length) await recordAudit(database, actorFrom(request), { action: 'child.list', childIds: [...new Set(childIds)], details: { list } });
  };

  app.get<{ Querystring: FilterQuery }>('/audit', { config: IG }, async (request, reply) => {
    const { filter, errors } = readFilter(request.query);
    const events = errors.any ? [] : await findAuditEvents(database, filter, PAGE_LIMIT);
    const shown = childrenNamedBy(events);
    if (filter.username || shown.length) {
      await recordAudit(database, actorFrom(request), {
        action: 'audit.search',
        childIds: shown,
        details: { ...(filter.username ? { what_user_has_seen: filter.username } : {}), filter },
      });
    }
    const exportQuery = new URLSearchParams(
      Object.entries(request.query).filter(([, value]) => typeof value === 'string' && value) as [string, string][],
    ).toString();
    return reply.code(errors.any ? 400 : 200).render('audit/views/trail.njk', {
      title: 'Audit trail',
      chain: await verifyAuditChain(database),
      events,
      query: request.query,
      actionItems: [
        { value: '', text: 'Any' },
        ...ACTIONS.map((action) => ({ value: action, text: AUDIT_ACTIONS[action] ?? action, selected: action === filter.action })),
      ],
      errorSummary: errors.summary,
      fromInput: dateInput(request.query, 'from', errors),
      toInput: dateInput(request.query, 'to', errors),
      exportHref: `/audit/export.csv${exportQuery ? `?${exportQuery}` : ''}`,
      limit: PAGE_LIMIT,
    });
  });

  app.get<{ Querystring: FilterQuery }>('/audit/export.csv', { config: IG }, async (request, reply) => {
    const { filter, errors } = readFilter(request.query);
    if (errors.any)
      return reply
        .code(400)
        .render('core/views/error.njk', { title: 'There is a problem with the dates', message: errors.summary!.map((error) => error.text).join('. ') });
    const events = await findAuditEvents(database, filter, EXPORT_LIMIT);
    await recordAudit(database, actorFrom(request), {
      action: 'export',
      childIds: childrenNamedBy(events),
      details: { export: 'audit trail', filter, rows: events.length },
    });
    const csv = toSafeCsv(
      ['event_id', 'occurred_at_london', 'username', 'action', 'action_words', 'subject_type', 'subject_id', 'subject_words', 'children', 'details', 'ip'],
      events.map((event) => [
        event.event_id,
        event.occurred_at,
        event.username,
        event.action,
        AUDIT_ACTIONS[event.action] ?? event.action,
        event.subject_type,
        event.subject_id,
        auditSubject(event.subject_type, event.subject_id === null ? null : String(event.subject_id)),
        event.children,
        JSON.stringify(event.details),
        event.ip,
      ]),
    );
    return reply.header('content-disposition', 'attachment; filename="keystone-audit-trail.csv"').type('text/csv; charset=utf-8').send(csv);
  });

  app.get('/audit/child', { config: IG }, (_request, reply) => reply.render('audit/views/child.njk', { title: 'Who has seen this child' }));

  // The child's ID travels in the form body, never in the address.
  app.post<{ Body: { child_id?: string } }>('/audit/child', { config: IG }, async (request, reply) => {
    const childId = String(request.body?.child_id ?? '').trim();
    if (!childId) {
      return reply
        .code(400)
        .render('audit/views/child.njk', { title: 'Who has seen this child', errorSummary: [{ text: 'Enter the child’s ID', href: '#child_id' }] });
    }
    const events = await findAuditEvents(database, { childId }, PAGE_LIMIT);
    await recordAudit(database, actorFrom(request), {
      action: 'audit.search',
      childIds: [...new Set([childId, ...childrenNamedBy(events)])],
      details: { who_has_seen_child: true },
    });
    return reply.render('audit/views/child.njk', { title: 'Who has seen this child', childId, events, searched: true });
  });

  app.get('/audit/break-glass', { config: IG }, async (request, reply) => {
    const grants = await breakGlassQueue(database);
    await auditList(
      request,
      grants.map((grant) => grant.person_id),
      'break-glass reviews',
    );
    return reply.render('audit/views/break-glass.njk', { title: 'Break-glass access to review', grants });
  });

  app.post<{ Params: { id: string }; Body: { outcome?: string; note?: string } }>('/audit/break-glass/:id/review', { config: IG }, async (request, reply) => {
    const id = recordNumber(request.params.id);
    const outcome = request.body?.outcome;
    if (id === undefined) return reply.callNotFound();
    if (outcome !== 'appropriate' && outcome !== 'inappropriate') {
      return reply
        .code(400)
        .render('core/views/error.njk', { title: 'There is a problem with the review', message: 'Choose whether the access was appropriate.' });
    }
    const reviewed = await sql<{ person_id: string }>`
      UPDATE ks_break_glass SET reviewed_by = ${request.user!.userId}, reviewed_at = now(), review_outcome = ${outcome}, review_note = ${String(request.body?.note ?? '').slice(0, 2000) || null}
      WHERE break_glass_id = ${id} AND reviewed_at IS NULL RETURNING person_id`.execute(database.db);
    if (reviewed.rows[0]) {
      await recordAudit(database, actorFrom(request), {
        action: 'data.change',
        subjectType: 'break_glass',
        subjectId: String(id),
        childIds: [reviewed.rows[0].person_id],
        details: { review: outcome },
      });
    }
    return reply.redirect('/audit/break-glass', 303);
  });

  const restrictionsPage = async (request: FastifyRequest) => {
    const restricted = await restrictedChildren(database);
    await auditList(
      request,
      restricted.map((row) => row.person_id),
      'restricted records',
    );
    return { title: 'Restricted records', restricted };
  };

  app.get('/audit/restrictions', { config: IG }, async (request, reply) => reply.render('audit/views/restrictions.njk', await restrictionsPage(request)));

  app.post<{ Body: { child_id?: string; reason?: string; usernames?: string } }>('/audit/restrictions', { config: IG }, async (request, reply) => {
    const childId = String(request.body?.child_id ?? '').trim();
    const reason = String(request.body?.reason ?? '').trim();
    const usernames = String(request.body?.usernames ?? '')
      .split(/[\s,]+/)
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean);
    const errors: { text: string; href: string }[] = [];
    const child = childId ? (await sql`SELECT 1 FROM ssd_person WHERE pers_person_id = ${childId}`.execute(database.db)).rows[0] : undefined;
    if (!child) errors.push({ text: childId ? 'There is no child with that ID' : 'Enter the child’s ID', href: '#child_id' });
    if (reason.length < 5) errors.push({ text: 'Enter why the record is restricted', href: '#reason' });
    const users = usernames.length ? await database.db.selectFrom('ks_user').select(['user_id', 'username']).where('username', 'in', usernames).execute() : [];
    const unknown = usernames.filter((name) => !users.some((user) => user.username === name));
    if (unknown.length) errors.push({ text: `No account is called ${unknown.join(', ')}`, href: '#usernames' });
    if (errors.length) {
      return reply.code(400).render('audit/views/restrictions.njk', { ...(await restrictionsPage(request)), errorSummary: errors, form: request.body });
    }
    await database.db.transaction().execute(async (trx) => {
      await sql`INSERT INTO ks_restricted_child (person_id, reason, restricted_by) VALUES (${childId}, ${reason}, ${request.user!.userId})
                ON CONFLICT (person_id) DO UPDATE SET reason = excluded.reason, restricted_by = excluded.restricted_by, restricted_at = now()`.execute(trx);
      await sql`DELETE FROM ks_restricted_child_user WHERE person_id = ${childId}`.execute(trx);
      for (const user of users) await sql`INSERT INTO ks_restricted_child_user (person_id, user_id) VALUES (${childId}, ${user.user_id})`.execute(trx);
    });
    await recordAudit(database, actorFrom(request), {
      action: 'restriction.change',
      subjectType: 'child',
      subjectId: childId,
      childIds: [childId],
      details: { restricted: true, named: usernames, reason },
    });
    return reply.redirect('/audit/restrictions', 303);
  });

  app.post<{ Body: { child_id?: string } }>('/audit/restrictions/remove', { config: IG }, async (request, reply) => {
    const childId = String(request.body?.child_id ?? '');
    const removed = await sql`DELETE FROM ks_restricted_child WHERE person_id = ${childId} RETURNING person_id`.execute(database.db);
    if (removed.rows.length)
      await recordAudit(database, actorFrom(request), {
        action: 'restriction.change',
        subjectType: 'child',
        subjectId: childId,
        childIds: [childId],
        details: { restricted: false },
      });
    return reply.redirect('/audit/restrictions', 303);
  });
}
