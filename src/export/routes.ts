/**
 * The export page for performance analysts: choose the return and the period, and the file
 * downloads (SSDA903 as a zip of its CSV tables). Problems are shown with the GOV.UK error pattern.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../core/http/app.ts';
import { actorFrom } from '../core/audit/trail.ts';
import { isRealDate, makeDate } from '../core/dates.ts';
import { collectionYearEnding } from './period.ts';
import { isExportFormat, runExport } from './run.ts';
import { zipFiles } from '../core/zip.ts';

const ACCESS = { access: { permission: 'exports.run' as const } };
const CHUNK = 64 * 1024;

interface DateParts {
  day: string;
  month: string;
  year: string;
}

type ExportBody = Record<string, string | undefined>;

function parts(body: ExportBody, prefix: string): DateParts {
  return { day: (body[`${prefix}-day`] ?? '').trim(), month: (body[`${prefix}-month`] ?? '').trim(), year: (body[`${prefix}-year`] ?? '').trim() };
}

function dateOf(value: DateParts): string | null {
  if (![value.day, value.month].every((part) => /^\d{1,2}$/.test(part)) || !/^\d{4}$/.test(value.year)) return null;
  const [day, month, year] = [Number(value.day), Number(value.month), Number(value.year)];
  return isRealDate(year, month, day) ? makeDate(year, month, day) : null;
}

/** The last complete collection year (1 April to 31 March) before today. */
function lastCollectionYear(): { from: DateParts; to: DateParts } {
  const ends = collectionYearEnding(new Date().toISOString().slice(0, 10)) - 1;
  return { from: { day: '1', month: '4', year: String(ends - 1) }, to: { day: '31', month: '3', year: String(ends) } };
}

/** Sends bytes as a download, streamed in chunks. */
function download(reply: FastifyReply, name: string, type: string, bytes: Uint8Array) {
  const chunks = function* () {
    for (let offset = 0; offset < bytes.length; offset += CHUNK) yield Buffer.from(bytes.subarray(offset, offset + CHUNK));
  };
  return reply.type(type).header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store').send(Readable.from(chunks()));
}

export function exportRoutes(app: FastifyInstance, { database }: AppDeps) {
  app.get('/exports', { config: ACCESS }, (_request, reply) =>
    reply.render('export/views/exports.njk', { title: 'Export a statutory return', values: { format: '903', ...lastCollectionYear() } }),
  );

  app.post('/exports', { config: ACCESS }, async (request, reply) => {
    const body = (request.body ?? {}) as ExportBody;
    const values = { format: body.format ?? '', from: parts(body, 'from'), to: parts(body, 'to') };
    const from = dateOf(values.from);
    const to = dateOf(values.to);
    const errors: Record<string, string> = {};
    if (!isExportFormat(body.format)) errors.format = 'Select the return to export';
    if (!from) errors.from = 'Enter the start of the period as a real date, for example 1 4 2024';
    if (!to) errors.to = 'Enter the end of the period as a real date, for example 31 3 2025';
    else if (from && to < from) errors.to = 'The end of the period must be the same as or after the start';
    if (Object.keys(errors).length || !isExportFormat(body.format) || !from || !to) {
      const anchors: Record<string, string> = { format: '#format', from: '#from-day', to: '#to-day' };
      return reply.code(400).render('export/views/exports.njk', {
        title: 'Error: Export a statutory return',
        values,
        errorSummary: Object.entries(errors).map(([field, text]) => ({ text, href: anchors[field] })),
        formatError: errors.format ? { text: errors.format } : undefined,
        fromError: errors.from ? { text: errors.from } : undefined,
        toError: errors.to ? { text: errors.to } : undefined,
      });
    }
    const result = await runExport(database, actorFrom(request), body.format, { from, to });
    if (body.format === '903' || body.format === '903-xml')
      return download(reply, `ssda903${body.format === '903-xml' ? '_xml' : ''}_${from}_${to}.zip`, 'application/zip', Buffer.from(zipFiles(result.files)));
    const file = result.files[0]!;
    return download(
      reply,
      file.name,
      body.format === 'cin' ? 'application/xml; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      file.bytes,
    );
  });
}
