import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppDeps } from '../core/http/app.ts';
import { dateItems, Errors, readDate, recordNumber, text, type Body } from '../core/http/form.ts';
import { once } from '../core/http/once.ts';
import { allows } from '../core/auth/access.ts';
import { actorFrom, recordAudit } from '../core/audit/trail.ts';
import { CATALOGUE, findIndicator } from './catalogue/index.ts';

const VIEW = { access: { permission: 'indicators.view' } } as const;
const MANAGE = { access: { permission: 'indicators.manage' } } as const;

/**
 * Events that explain the series ("MASH opened", "reorganisation"): shown on every chart, or on one
 * indicator's. A process change starts new control limits from its date (src/indicators/spc.ts),
 * so real change after it is judged against the new process, not the old one.
 */
export function eventRoutes(app: FastifyInstance, { database }: AppDeps) {
  const indicatorItems = (selected: string | null | undefined) => [
    { value: '', text: 'Every indicator', selected: !selected },
    ...CATALOGUE.map((indicator) => ({ value: indicator.id, text: indicator.title, selected: indicator.id === selected })),
  ];
  const page = async (extra: Record<string, unknown> = {}) => {
    const rows = await sql<{
      event_id: number;
      event_date: string;
      title: string;
      description: string | null;
      indicator_id: string | null;
      process_change: boolean;
    }>`
      SELECT event_id, event_date, title, description, indicator_id, process_change FROM ks_indicator_event ORDER BY event_date DESC, event_id DESC`.execute(
      database.db,
    );
    return {
      title: 'Events on the charts',
      events: rows.rows.map((row) => ({
        ...row,
        indicatorTitle: row.indicator_id ? (findIndicator(row.indicator_id)?.title ?? row.indicator_id) : 'Every indicator',
      })),
      indicatorItems: indicatorItems((extra.form as { indicator?: string } | undefined)?.indicator),
      ...extra,
    };
  };

  app.get('/indicators/events', { config: VIEW }, async (request, reply) =>
    reply.render('indicators/views/events.njk', { ...(await page()), canManage: allows('indicators.manage', request.user!.roles) }),
  );

  app.post<{ Body: Body }>(
    '/indicators/events',
    { config: MANAGE },
    once(async (request, reply) => {
      const form = request.body ?? {};
      const errors = new Errors();
      const date = readDate(form, 'date', 'the date', errors, { required: true });
      const title = text(form, 'title');
      const indicator = String(form.indicator ?? '') || null;
      if (!title) errors.add('title', 'Enter what happened, for example “Multi-agency safeguarding hub opened”');
      if (indicator && !findIndicator(indicator)) errors.add('indicator', 'Choose an indicator from the list');
      if (errors.any)
        return reply.code(400).render('indicators/views/events.njk', {
          ...(await page({ form })),
          canManage: true,
          errorSummary: errors.summary,
          errors: errors.fields,
          dateItems: dateItems('date', form, errors),
        });
      const processChange = form.process_change === 'yes';
      await sql`INSERT INTO ks_indicator_event (event_date, title, description, indicator_id, process_change)
              VALUES (${date}, ${title.slice(0, 200)}, ${text(form, 'description').slice(0, 1000) || null}, ${indicator}, ${processChange})`.execute(
        database.db,
      );
      await recordAudit(database, actorFrom(request), {
        action: 'data.change',
        subjectType: 'indicator_event',
        details: { added: { date, title, indicator, process_change: processChange } },
      });
      return reply.redirect('/indicators/events', 303);
    }),
  );

  app.post<{ Params: { id: string } }>('/indicators/events/:id/delete', { config: MANAGE }, async (request, reply) => {
    const id = recordNumber(request.params.id);
    if (id === undefined) return reply.callNotFound();
    const removed = await sql<{ title: string }>`DELETE FROM ks_indicator_event WHERE event_id = ${id} RETURNING title`.execute(database.db);
    if (removed.rows[0])
      await recordAudit(database, actorFrom(request), {
        action: 'data.change',
        subjectType: 'indicator_event',
        subjectId: String(id),
        details: { removed: removed.rows[0].title },
      });
    return reply.redirect('/indicators/events', 303);
  });
}
