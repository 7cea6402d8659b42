/**
 * Committee reports: the archive (/reports), a new draft (/reports/new), editing a draft's
 * commentary and publishing it (/reports/ID), published versions (/reports/ID/versions/N) and their
 * downloads (PDF, Word, CSV and Excel annex; each audited as an export). Authors (reports.author)
 * draft and publish; readers, elected members included (reports.read), open published versions only.
 * The self-evaluation pages (/reports/sef) are in sef/routes.ts.
 */
import { caseloadThreshold } from '../indicators/settings.ts';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../core/http/app.ts';
import { once } from '../core/http/once.ts';
import { allows } from '../core/auth/access.ts';
import { actorFrom, recordAudit } from '../core/audit/trail.ts';
import { londonDate, todayInEngland } from '../core/dates.ts';
import { MAX_LENGTH, tooLong } from '../core/http/form.ts';
import { fillCalendar } from '../indicators/calendar.ts';
import { CATALOGUE, SERVICE_AREA_NAMES } from '../indicators/catalogue/index.ts';
import { availablePeriods, produceFigures, ReportRequestError, resolveRequest } from './produce.ts';
import { createDraft, listDrafts, listVersions, loadDraft, loadVersion, publishDraft, refreshDraft, saveCommentary } from './store.ts';
import { reportView } from './present.ts';
import { pdfUnavailableReason, reportDocx, reportPdf, PdfUnavailableError } from './render.ts';
import { annexCsv, annexXlsx } from './annex.ts';
import { reportSections } from './sections.ts';
import { monthName } from './format.ts';
import { CUSTOM_TEMPLATE, TEMPLATES } from './templates.ts';
import type { ReportDocument } from './document.ts';
import { sefRoutes } from './sef/routes.ts';

type Body = Record<string, unknown>;
const AUTHOR = { config: { access: { permission: 'reports.author' as const } } };
const READ = { config: { access: { permission: 'reports.read' as const } } };

const DOWNLOADS = {
  'report.pdf': 'PDF',
  'report.docx': 'Word document',
  'annex.csv': 'Data annex (CSV)',
  'annex.xlsx': 'Data annex (Excel)',
} as const;
type Download = keyof typeof DOWNLOADS;
const isDownload = (file: string): file is Download => Object.hasOwn(DOWNLOADS, file);

const recordId = (value: string) => (/^[1-9]\d{0,15}$/.test(value) ? Number(value) : undefined);
/** A published version's number: an `integer` column, so at most nine digits. */
const versionNumber = (value: string) => (/^[1-9]\d{0,8}$/.test(value) ? Number(value) : undefined);
const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);

export function reportRoutes(app: FastifyInstance, deps: AppDeps) {
  const { database, config } = deps;
  sefRoutes(app, deps);

  const notFound = (reply: FastifyReply) =>
    reply.code(404).render('core/views/error.njk', { title: 'Page not found', message: 'There is no such report or version.' });

  app.get('/stylesheets/reports.css', { config: { access: { public: true } } }, (_request, reply) =>
    reply.sendFile('reports.css', path.join(path.dirname(new URL(import.meta.url).pathname), 'views'), { maxAge: '1h' }),
  );

  app.get('/reports', READ, async (request, reply) => {
    const author = allows('reports.author', request.user!.roles);
    const versions = await listVersions(database);
    return reply.render('reports/views/index.njk', {
      title: 'Reports',
      author,
      versions: versions.map((version) => ({
        ...version,
        href: `/reports/${version.reportId}/versions/${version.version}`,
        periodText: monthName(`${version.period}-01`),
        publishedText: londonDate(new Date(version.publishedAt)),
      })),
      drafts: author
        ? (await listDrafts(database)).map((draft) => ({ ...draft, href: `/reports/${draft.reportId}`, periodText: monthName(`${draft.period}-01`) }))
        : [],
    });
  });

  async function newForm(reply: FastifyReply, values: { template?: string; period?: string; indicators?: string[] }, errors: Record<string, string> = {}) {
    await fillCalendar(database);
    const periods = await availablePeriods(database, todayInEngland());
    const chosen = new Set(values.indicators ?? []);
    return reply.code(Object.keys(errors).length ? 400 : 200).render('reports/views/new.njk', {
      title: 'Create a report',
      errors,
      errorSummary: Object.entries(errors).map(([field, text]) => ({ text, href: `#${field}` })),
      templates: [
        ...TEMPLATES.map((template) => ({
          value: template.id,
          text: template.title,
          hint: { text: template.purpose },
          checked: values.template === template.id,
        })),
        {
          value: CUSTOM_TEMPLATE,
          text: 'Choose the indicators',
          hint: { text: 'Pick any indicators from the catalogue below.' },
          checked: values.template === CUSTOM_TEMPLATE,
        },
      ],
      periods: periods.map((period) => ({ value: period, text: monthName(`${period}-01`), selected: period === (values.period ?? periods[0]) })),
      noData: periods.length === 0,
      areas: Object.entries(SERVICE_AREA_NAMES).map(([area, name]) => ({
        name,
        items: CATALOGUE.filter((indicator) => indicator.serviceArea === area).map((indicator) => ({
          value: indicator.id,
          text: indicator.title,
          checked: chosen.has(indicator.id),
        })),
      })),
    });
  }

  app.get('/reports/new', AUTHOR, (_request, reply) => newForm(reply, {}));

  app.post<{ Body: Body }>(
    '/reports',
    AUTHOR,
    once(async (request, reply) => {
      const threshold = await caseloadThreshold(database, config);
      const body = request.body ?? {};
      const values = {
        template: typeof body.template === 'string' ? body.template : undefined,
        period: typeof body.period === 'string' ? body.period : undefined,
        indicators: ([] as unknown[]).concat(body.indicators ?? []).filter((value): value is string => typeof value === 'string'),
      };
      await fillCalendar(database);
      let resolved;
      try {
        resolved = await resolveRequest(database, { templateId: values.template, period: values.period, indicatorIds: values.indicators }, todayInEngland());
      } catch (error) {
        if (error instanceof ReportRequestError) return newForm(reply, values, { [error.field]: error.message });
        throw error;
      }
      const figures = await produceFigures(database, resolved, threshold);
      const reportId = await createDraft(
        database,
        { templateId: resolved.templateId, title: resolved.title, period: resolved.period, indicatorIds: resolved.indicatorIds, figures },
        request.user!.userId,
      );
      return reply.redirect(`/reports/${reportId}`, 303);
    }),
  );

  async function draftOr404(request: FastifyRequest<{ Params: { id: string } }>) {
    const reportId = recordId(request.params.id);
    return reportId === undefined ? undefined : loadDraft(database, reportId);
  }

  app.get<{ Params: { id: string }; Querystring: { saved?: string } }>('/reports/:id', AUTHOR, async (request, reply) => {
    const draft = await draftOr404(request);
    if (!draft) return notFound(reply);
    return draftPage(reply, draft, { saved: request.query.saved === '1' });
  });

  /** The draft with its commentary boxes; `typed` and `errors` (by indicator) when a save is refused. */
  function draftPage(
    reply: FastifyReply,
    draft: NonNullable<Awaited<ReturnType<typeof draftOr404>>>,
    { saved = false, typed = {}, errors = {} }: { saved?: boolean; typed?: Record<string, string>; errors?: Record<string, string> },
  ) {
    const report = reportView(draft);
    const indicators = report.indicators.map((indicator) => ({
      ...indicator,
      commentary: typed[indicator.id] ?? indicator.commentary,
      error: errors[indicator.id] ? { text: errors[indicator.id] } : undefined,
    }));
    const errorSummary = report.indicators
      .filter((indicator) => errors[indicator.id])
      .map((indicator) => ({ text: errors[indicator.id]!, href: `#commentary-${indicator.anchor}` }));
    return reply.code(errorSummary.length ? 400 : 200).render('reports/views/draft.njk', {
      title: `Draft: ${draft.title}`,
      report: { ...report, indicators },
      draft: draft.draft,
      saved,
      errorSummary: errorSummary.length ? errorSummary : undefined,
      refreshedText: londonDate(new Date(draft.draft.refreshedAt)),
      previewHref: `/reports/${draft.draft.reportId}/preview`,
      versionsHref: draft.draft.versions ? `/reports/${draft.draft.reportId}/versions/${draft.draft.versions}` : null,
    });
  }

  app.get<{ Params: { id: string } }>('/reports/:id/preview', AUTHOR, async (request, reply) => {
    const threshold = await caseloadThreshold(database, config);
    const draft = await draftOr404(request);
    if (!draft) return notFound(reply);
    const sections = await reportSections(database, draft.figures.asOf, threshold);
    return reply.render('reports/views/report.njk', {
      title: draft.title,
      report: reportView({ ...draft, sections }),
      backHref: `/reports/${draft.draft.reportId}`,
      backText: 'Back to the draft',
    });
  });

  app.post<{ Params: { id: string }; Body: Body }>('/reports/:id/commentary', AUTHOR, async (request, reply) => {
    const draft = await draftOr404(request);
    if (!draft) return notFound(reply);
    const body = request.body ?? {};
    const texts = Object.fromEntries(
      draft.figures.indicators
        .map((figures) => [figures.id, body[`commentary-${figures.id}`]])
        .filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
    const errors = Object.fromEntries(
      Object.entries(texts).flatMap(([id, value]) => {
        const problem = tooLong(value.replace(/\r\n/g, '\n').trim(), MAX_LENGTH.commentary, 'The commentary');
        return problem ? [[id, problem]] : [];
      }),
    );
    if (Object.keys(errors).length) return draftPage(reply, draft, { typed: texts, errors });
    await saveCommentary(database, draft.draft.reportId, texts, request.user!.userId);
    return reply.redirect(`/reports/${draft.draft.reportId}?saved=1`, 303);
  });

  app.post<{ Params: { id: string } }>('/reports/:id/refresh', AUTHOR, async (request, reply) => {
    const threshold = await caseloadThreshold(database, config);
    const draft = await draftOr404(request);
    if (!draft) return notFound(reply);
    await fillCalendar(database);
    const figures = await produceFigures(database, { indicatorIds: draft.draft.indicatorIds, period: draft.period }, threshold);
    await refreshDraft(database, draft.draft.reportId, figures);
    return reply.redirect(`/reports/${draft.draft.reportId}`, 303);
  });

  app.post<{ Params: { id: string } }>('/reports/:id/publish', AUTHOR, async (request, reply) => {
    const threshold = await caseloadThreshold(database, config);
    const draft = await draftOr404(request);
    if (!draft) return notFound(reply);
    const user = request.user!;
    const sections = await reportSections(database, draft.figures.asOf, threshold);
    const version = await publishDraft(database, draft.draft.reportId, sections, { userId: user.userId, displayName: user.displayName });
    await recordAudit(database, actorFrom(request), {
      action: 'data.change',
      subjectType: 'report',
      subjectId: `${draft.draft.reportId}/${version}`,
      details: { published: draft.title, period: draft.period, version },
    });
    return reply.redirect(`/reports/${draft.draft.reportId}/versions/${version}`, 303);
  });

  async function versionOr404(params: { id: string; version: string }): Promise<ReportDocument | undefined> {
    const reportId = recordId(params.id);
    const version = versionNumber(params.version);
    return reportId === undefined || version === undefined ? undefined : loadVersion(database, reportId, version);
  }

  app.get<{ Params: { id: string; version: string } }>('/reports/:id/versions/:version', READ, async (request, reply) => {
    const document = await versionOr404(request.params);
    if (!document || document.status.kind !== 'published') return notFound(reply);
    const base = `/reports/${document.status.reportId}/versions/${document.status.version}`;
    const pdfUnavailable = await pdfUnavailableReason();
    return reply.render('reports/views/report.njk', {
      title: document.title,
      report: reportView(document),
      backHref: '/reports',
      backText: 'All reports',
      downloads: (Object.keys(DOWNLOADS) as Download[]).map((file) => ({
        href: `${base}/${file}`,
        text: DOWNLOADS[file],
        unavailable: file === 'report.pdf' ? pdfUnavailable : null,
      })),
    });
  });

  app.get<{ Params: { id: string; version: string; file: string } }>('/reports/:id/versions/:version/:file', READ, async (request, reply) => {
    const document = await versionOr404(request.params);
    const file = request.params.file;
    if (!document || document.status.kind !== 'published' || !isDownload(file)) return notFound(reply);
    let content: Buffer | string;
    try {
      content =
        file === 'report.pdf'
          ? await reportPdf(document)
          : file === 'report.docx'
            ? await reportDocx(document)
            : file === 'annex.csv'
              ? annexCsv(document)
              : await annexXlsx(document);
    } catch (error) {
      if (error instanceof PdfUnavailableError) return reply.code(503).render('core/views/error.njk', { title: 'PDF not available', message: error.message });
      throw error;
    }
    await recordAudit(database, actorFrom(request), {
      action: 'export',
      subjectType: 'report',
      subjectId: `${document.status.reportId}/${document.status.version}`,
      details: { file, title: document.title, period: document.period },
    });
    const type = {
      'report.pdf': 'application/pdf',
      'report.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'annex.csv': 'text/csv; charset=utf-8',
      'annex.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    }[file];
    const name = `${slug(document.title)}-${document.period}-v${document.status.version}${file.startsWith('annex') ? '-annex' : ''}${path.extname(file)}`;
    return reply.type(type).header('content-disposition', `attachment; filename="${name}"`).send(content);
  });
}
