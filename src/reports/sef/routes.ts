/**
 * Self-evaluation (SEF) pages for leaders (reports.author), under /reports/sef: the list and a new
 * SEF for a date, the SEF with its evidence and leaders' writing, editing one area's writing,
 * regenerating the evidence, and the Word document (audited as an export).
 */
import { caseloadThreshold } from '../../indicators/settings.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../../core/http/app.ts';
import { actorFrom, recordAudit } from '../../core/audit/trail.ts';
import { inputValues, readDateInput, type DatePart } from '../../core/http/form.ts';
import { londonDate, longDate, todayInEngland } from '../../core/dates.ts';
import { fillCalendar } from '../../indicators/calendar.ts';
import { findSefArea, SEF_AREAS, SEF_HEADINGS, SEF_TEXT_MAX, type SefArea, type SefHeadingId } from './areas.ts';
import { sefEvidence } from './evidence.ts';
import { sefView, ABOUT_EVIDENCE, SEF_TITLE } from './present.ts';
import { createSef, listSefs, loadSef, refreshSef, saveWriting, type Sef } from './store.ts';
import { sefDocx } from './docx.ts';

type Body = Record<string, unknown>;
const AUTHOR = { config: { access: { permission: 'reports.author' as const } } };
/** The earliest date a SEF can be for: before it Keystone holds no inspection framework it knows. */
const EARLIEST = '2000-01-01';

const recordId = (value: string) => (/^[1-9]\d{0,15}$/.test(value) ? Number(value) : undefined);

export function sefRoutes(app: FastifyInstance, { database, config }: AppDeps) {
  const notFound = (reply: FastifyReply) =>
    reply.code(404).render('core/views/error.njk', { title: 'Page not found', message: 'There is no such self-evaluation.' });
  const sefOr404 = async (id: string) => {
    const sefId = recordId(id);
    return sefId === undefined ? undefined : loadSef(database, sefId);
  };

  async function listPage(reply: FastifyReply, values: Record<DatePart, string>, error?: { message: string; parts: DatePart[] }) {
    const sefs = await listSefs(database);
    return reply.code(error ? 400 : 200).render('reports/sef/views/index.njk', {
      title: 'Self-evaluation',
      sefs: sefs.map((sef) => ({
        href: `/reports/sef/${sef.sefId}`,
        dateText: longDate(sef.date),
        refreshedText: londonDate(new Date(sef.refreshedAt)),
        written: sef.written,
      })),
      headingsTotal: SEF_AREAS.length * SEF_HEADINGS.length,
      values,
      error: error ? { text: error.message } : null,
      errorParts: error?.parts ?? [],
      errorSummary: error ? [{ text: error.message, href: `#date-${error.parts[0] ?? 'day'}` }] : [],
    });
  }

  app.get('/reports/sef', AUTHOR, (_request, reply) => listPage(reply, { day: '', month: '', year: '' }));

  app.post<{ Body: Body }>('/reports/sef', AUTHOR, async (request, reply) => {
    const threshold = await caseloadThreshold(database, config);
    const body = request.body ?? {};
    const raw = { day: body['date-day'], month: body['date-month'], year: body['date-year'] };
    const today = todayInEngland();
    const date = readDateInput(raw, { earliest: EARLIEST, today });
    if (date.kind !== 'date') {
      return listPage(
        reply,
        inputValues(raw),
        date.kind === 'empty' ? { message: 'Enter the date of the self-evaluation', parts: ['day', 'month', 'year'] } : date,
      );
    }
    await fillCalendar(database);
    const sefId = await createSef(database, await sefEvidence(database, date.date, threshold), request.user!.userId);
    await recordAudit(database, actorFrom(request), {
      action: 'data.change',
      subjectType: 'sef',
      subjectId: String(sefId),
      details: { created: SEF_TITLE, date: date.date },
    });
    return reply.redirect(`/reports/sef/${sefId}`, 303);
  });

  app.get<{ Params: { id: string }; Querystring: { saved?: string } }>('/reports/sef/:id', AUTHOR, async (request, reply) => {
    const sef = await sefOr404(request.params.id);
    if (!sef) return notFound(reply);
    const view = sefView(sef);
    const saved = view.areas.find((area) => area.id === request.query.saved);
    return reply.render('reports/sef/views/sef.njk', {
      title: `${SEF_TITLE}, ${view.dateText}`,
      sef: view,
      about: ABOUT_EVIDENCE,
      savedArea: saved?.title ?? null,
    });
  });

  function areaPage(
    reply: FastifyReply,
    sef: Sef,
    area: SefArea,
    values: Partial<Record<SefHeadingId, string>> = {},
    errors: Partial<Record<SefHeadingId, string>> = {},
  ) {
    const view = sefView(sef);
    const areaView = view.areas.find((entry) => entry.id === area.id)!;
    return reply.code(Object.keys(errors).length ? 400 : 200).render('reports/sef/views/area.njk', {
      title: `${area.title}: ${SEF_TITLE}`,
      sef: view,
      area: areaView,
      fields: areaView.headings.map((heading) => ({ ...heading, value: values[heading.id] ?? heading.body, error: errors[heading.id] ?? null })),
      errorSummary: Object.entries(errors).map(([id, text]) => ({ text, href: `#writing-${id}` })),
      maxLength: SEF_TEXT_MAX,
    });
  }

  app.get<{ Params: { id: string; area: string } }>('/reports/sef/:id/areas/:area', AUTHOR, async (request, reply) => {
    const sef = await sefOr404(request.params.id);
    const area = findSefArea(request.params.area);
    if (!sef || !area) return notFound(reply);
    return areaPage(reply, sef, area);
  });

  app.post<{ Params: { id: string; area: string }; Body: Body }>('/reports/sef/:id/areas/:area', AUTHOR, async (request, reply) => {
    const sef = await sefOr404(request.params.id);
    const area = findSefArea(request.params.area);
    if (!sef || !area) return notFound(reply);
    const body = request.body ?? {};
    const texts: Partial<Record<SefHeadingId, string>> = {};
    const errors: Partial<Record<SefHeadingId, string>> = {};
    for (const heading of SEF_HEADINGS) {
      const value = body[`writing-${heading.id}`];
      if (typeof value !== 'string') continue;
      texts[heading.id] = value;
      if (value.trim().length > SEF_TEXT_MAX) errors[heading.id] = `${heading.title} must be ${SEF_TEXT_MAX.toLocaleString('en-GB')} characters or fewer`;
    }
    if (Object.keys(errors).length) return areaPage(reply, sef, area, texts, errors);
    await saveWriting(database, sef.sefId, area.id, texts, request.user!.userId);
    await recordAudit(database, actorFrom(request), { action: 'data.change', subjectType: 'sef', subjectId: String(sef.sefId), details: { wrote: area.id } });
    return reply.redirect(`/reports/sef/${sef.sefId}?saved=${area.id}#area-${area.id.replace(/_/g, '-')}`, 303);
  });

  app.post<{ Params: { id: string } }>('/reports/sef/:id/refresh', AUTHOR, async (request, reply) => {
    const threshold = await caseloadThreshold(database, config);
    const sef = await sefOr404(request.params.id);
    if (!sef) return notFound(reply);
    await fillCalendar(database);
    await refreshSef(database, sef.sefId, await sefEvidence(database, sef.date, threshold));
    return reply.redirect(`/reports/sef/${sef.sefId}`, 303);
  });

  app.get<{ Params: { id: string } }>('/reports/sef/:id/sef.docx', AUTHOR, async (request, reply) => {
    const sef = await sefOr404(request.params.id);
    if (!sef) return notFound(reply);
    const content = await sefDocx(sef);
    await recordAudit(database, actorFrom(request), {
      action: 'export',
      subjectType: 'sef',
      subjectId: String(sef.sefId),
      details: { file: 'sef.docx', date: sef.date },
    });
    return reply
      .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('content-disposition', `attachment; filename="self-evaluation-${sef.date}.docx"`)
      .send(content);
  });
}
