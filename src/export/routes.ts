/**
 * The export page for performance analysts: choose the return and the period; Keystone makes the
 * export and shows what it holds and what it left out (the records the format cannot carry), with a
 * button that downloads the file (SSDA903 as a zip of its tables), kept for its maker (prepared.ts).
 * Problems are shown with the GOV.UK error pattern.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../core/http/app.ts';
import { actorFrom } from '../core/audit/trail.ts';
import { isRealDate, makeDate } from '../core/dates.ts';
import { inputValues } from '../core/http/form.ts';
import { collectionYearEnding } from './period.ts';
import { FORMAT_NAMES, isExportFormat, runExport, type ExportResult } from './run.ts';
import { KEPT_MINUTES, PREPARED_ID, PreparedExports, type PreparedFile } from './prepared.ts';
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
  return inputValues({ day: body[`${prefix}-day`], month: body[`${prefix}-month`], year: body[`${prefix}-year`] });
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

/** Sends a file as a download, streamed in chunks. */
function download(reply: FastifyReply, { name, type, bytes }: PreparedFile) {
  const chunks = function* () {
    for (let offset = 0; offset < bytes.length; offset += CHUNK) yield Buffer.from(bytes.subarray(offset, offset + CHUNK));
  };
  return reply.type(type).header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store').send(Readable.from(chunks()));
}

/** The file to download: the 903 (CSV or XML) as a zip of its files, the others as their one file. */
function downloadable(result: ExportResult): PreparedFile {
  const { format, period } = result;
  if (format === '903' || format === '903-xml')
    return {
      name: `ssda903${format === '903-xml' ? '_xml' : ''}_${period.from}_${period.to}.zip`,
      type: 'application/zip',
      bytes: zipFiles(result.files),
    };
  const file = result.files[0]!;
  return {
    name: file.name,
    type: format === 'cin' ? 'application/xml; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    bytes: file.bytes,
  };
}

export function exportRoutes(app: FastifyInstance, { database }: AppDeps) {
  const prepared = new PreparedExports();
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
        title: 'Export a statutory return',
        values,
        errorSummary: Object.entries(errors).map(([field, text]) => ({ text, href: anchors[field] })),
        formatError: errors.format ? { text: errors.format } : undefined,
        fromError: errors.from ? { text: errors.from } : undefined,
        toError: errors.to ? { text: errors.to } : undefined,
      });
    }
    const actor = actorFrom(request);
    const result = await runExport(database, actor, body.format, { from, to });
    const file = downloadable(result);
    const id = prepared.keep(actor.userId, file);
    return reply.header('cache-control', 'no-store').render('export/views/export-ready.njk', {
      title: 'Your export is ready',
      formatName: FORMAT_NAMES[result.format],
      period: result.period,
      children: result.childIds.length,
      files: result.files,
      // What a file's count counts, one and many.
      rowsAre: result.format === 'cin' ? ['child', 'children'] : ['row', 'rows'],
      download: { href: `/exports/${id}/download`, name: file.name },
      keptMinutes: KEPT_MINUTES,
      omitted: result.omitted,
      noChildren: result.noChildren,
    });
  });

  app.get<{ Params: { id: string } }>('/exports/:id/download', { config: ACCESS }, (request, reply) => {
    const file = PREPARED_ID.test(request.params.id) ? prepared.find(request.params.id, actorFrom(request).userId) : null;
    if (!file) return reply.code(404).render('export/views/export-gone.njk', { title: 'This export is no longer available', keptMinutes: KEPT_MINUTES });
    return download(reply, file);
  });
}
