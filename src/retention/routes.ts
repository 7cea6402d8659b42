import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../core/http/app.ts';
import { actorFrom, recordAudit } from '../core/audit/trail.ts';
import { todayInEngland } from '../core/dates.ts';
import { deleteChildRecord, recordsDueForReview, DEFAULT_RETENTION } from './rules.ts';

const IG = { access: { permission: 'audit.review' } } as const;
const RULE_NAMES = {
  looked_after: 'Looked after: 75th birthday',
  child_protection: 'Child protection: 35 years after last contact',
  child_in_need: 'Child in need: 3 years after 18th birthday',
};

/** Records past their retention period, for the information governance officer to review and delete. */
export function retentionRoutes(app: FastifyInstance, { database }: AppDeps) {
  /** The page, with the list of records due audited: it names each child by ID. */
  const page = async (request: FastifyRequest, extra: Record<string, unknown> = {}) => {
    const due = await recordsDueForReview(database, todayInEngland());
    await recordAudit(database, actorFrom(request), { action: 'child.list', childIds: due.map((row) => row.personId), details: { list: 'retention review' } });
    return { title: 'Records due for deletion', due: due.map((row) => ({ ...row, ruleName: RULE_NAMES[row.rule] })), policy: DEFAULT_RETENTION, ...extra };
  };

  app.get<{ Querystring: { deleted?: string } }>('/audit/retention', { config: IG }, async (request, reply) =>
    reply.render('retention/views/retention.njk', await page(request, { deleted: request.query.deleted === '1' })),
  );

  app.post<{ Body: { child_id?: string; reason?: string; confirm?: string } }>('/audit/retention/delete', { config: IG }, async (request, reply) => {
    const childId = String(request.body?.child_id ?? '');
    const reason = String(request.body?.reason ?? '').trim();
    const due = (await recordsDueForReview(database, todayInEngland())).find((row) => row.personId === childId);
    const errors: { text: string; href: string }[] = [];
    if (!due) errors.push({ text: 'That record is not due for deletion', href: '#due' });
    if (reason.length < 5) errors.push({ text: 'Enter the review decision (for example, the reference of the retention review)', href: `#reason-${childId}` });
    if (request.body?.confirm !== 'yes') errors.push({ text: 'Confirm that the record has been reviewed and can be deleted', href: `#confirm-${childId}` });
    if (errors.length) return reply.code(400).render('retention/views/retention.njk', await page(request, { errorSummary: errors }));
    const deleted = await deleteChildRecord(database, childId);
    await recordAudit(database, actorFrom(request), {
      action: 'data.change',
      subjectType: 'child',
      subjectId: childId,
      childIds: [childId],
      details: { retention_deletion: true, rule: due!.rule, due_date: due!.dueDate, reason, rows_deleted: deleted },
    });
    return reply.redirect('/audit/retention?deleted=1', 303);
  });
}
