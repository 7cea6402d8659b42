/**
 * Reading an uploaded Ofsted report PDF (/inspections/upload): parsed by ofsted-report/, it
 * pre-fills the inspection form for a person to confirm. Uploads are read by core/http/upload.ts,
 * limited in size and checked to be PDFs (name and signature).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../../core/http/app.ts';
import { actorFrom, recordAudit } from '../../core/audit/trail.ts';
import { Errors } from '../../core/http/form.ts';
import { acceptMultipart, fileTypeOf, multipartOf, uploadedFile } from '../../core/http/upload.ts';
import { OfstedReportError, parseOfstedReport } from '../ofsted-report/parse.ts';
import { entryFromReport } from '../register.ts';
import { formContext } from './form.ts';

export const MAX_REPORT_BYTES = 20 * 1024 * 1024;
const MANAGE = { access: { permission: 'inspections.manage' as const } };

export function uploadRoutes(app: FastifyInstance, { database }: AppDeps) {
  const uploadPage = (reply: FastifyReply, error?: string) =>
    reply.code(error ? 400 : 200).render('inspections/views/upload.njk', {
      title: 'Read an Ofsted report',
      maxMegabytes: MAX_REPORT_BYTES / 1024 / 1024,
      errorSummary: error ? [{ text: error, href: '#report' }] : undefined,
      reportError: error ? { text: error } : undefined,
    });

  app.get('/inspections/upload', { config: MANAGE }, (_request, reply) => uploadPage(reply));

  void app.register(async (scope) => {
    acceptMultipart(scope, { maxBytes: MAX_REPORT_BYTES });
    scope.post('/inspections/upload', { config: MANAGE, bodyLimit: MAX_REPORT_BYTES }, async (request, reply) => {
      const body = multipartOf(request);
      const file = await uploadedFile(request, 'report');
      if (body.problem) return uploadPage(reply, body.problem);
      if (!file) return uploadPage(reply, 'Choose the Ofsted report (a PDF).');
      if (!fileTypeOf(file, ['pdf'])) return uploadPage(reply, `${file.name} is not a PDF: download the report from Ofsted’s website as a PDF.`);
      try {
        const parsed = await parseOfstedReport(file.bytes);
        const entry = entryFromReport(parsed);
        await recordAudit(database, actorFrom(request), {
          action: 'import',
          subjectType: 'ofsted_report',
          subjectId: file.name,
          details: { framework: parsed.framework, local_authority: parsed.local_authority },
        });
        return reply.render(
          'inspections/views/form.njk',
          formContext({ ...entry, dates: { start: entry.startDate, end: entry.endDate, published: null } }, new Errors(), {
            title: 'Check the inspection read from the report',
            parsed: {
              fileName: file.name,
              localAuthority: parsed.local_authority,
              findings: parsed.improvement_points.length,
              grades: Object.keys(parsed.grades).length,
            },
          }),
        );
      } catch (error) {
        if (error instanceof OfstedReportError) return uploadPage(reply, `${file.name} could not be read as an Ofsted report: ${error.message}`);
        throw error;
      }
    });
  });
}
