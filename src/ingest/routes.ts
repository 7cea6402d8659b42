/**
 * Web pages for imports (performance analysts): upload files, the import history, and each
 * import's validation report (page, CSV, JSON). Uploads are multipart forms streamed to disk
 * (core/http/upload.ts), limited in size, number and file type. An accepted upload
 * runs in the background (jobs.ts); its job page shows the stage and refreshes itself (no script)
 * until the import's report is ready.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../core/http/app.ts';
import { actorFrom, recordAudit } from '../core/audit/trail.ts';
import { describeProgress, importJobs, JOB_ID, QueueFull, recordedJob } from './jobs.ts';
import { runImportInWorker } from './worker.ts';
import { figureJob, type FiguresStatus } from '../indicators/precompute.ts';
import { getImport, importLines, listImports, quarantined, reportCsv, ruleCounts, rulesNotRunOf } from './report.ts';
import type { InputFile, PathFile } from './types.ts';
import { acceptMultipart, keepUploads, multipartOf } from '../core/http/upload.ts';
import { open, readFile, rm } from 'node:fs/promises';
import { expandArchives, isZipFile, ZIPPED_FORMATS, ZipRefused } from './archives.ts';
import { isZip } from '../core/zip.ts';
import { dataSupport } from '../indicators/support.ts';
import { cached, dataVersion } from '../core/cache.ts';
import { longDate } from '../core/dates.ts';

export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
/** An SSD extract is one CSV per table (about 30). */
const MAX_FILES = 60;
const PAGE_FINDINGS = 500;
/** Seconds between refreshes of a job page. */
const REFRESH_SECONDS = 2;
const FORMAT_NAMES: Record<string, string> = { '903': 'SSDA903', cin: 'CIN census', ssd: 'SSD', 'annex-a': 'Annex A' };
const ACCESS = { access: { permission: 'imports.manage' as const } };

type Format = 'ssd' | '903' | 'cin' | 'annex-a';
const FORMATS: readonly Format[] = ['ssd', '903', 'cin', 'annex-a'];

/** An xlsx is a zip package holding the workbook's xl/ parts (the names sit in plain bytes in its headers). */
/** Enough of a file to tell a zip archive or workbook by its first bytes. */
const HEAD_BYTES = 4096;
async function firstBytes(path: string, length: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(new Uint8Array(length), 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const isXlsx = (bytes: Uint8Array) => isZip(bytes) && Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes('xl/', 0, 'latin1');

/** Why a file cannot be imported as the chosen format, judged by its name and (for workbooks and zips) its first bytes. */
function fileProblem(format: Format, file: InputFile): string | undefined {
  const { name, bytes } = file;
  if (isZipFile(file)) {
    return ZIPPED_FORMATS.includes(format)
      ? undefined
      : `${name} is a zip archive: only SSD extracts and SSDA903 returns can be uploaded zipped. Choose the file itself.`;
  }
  switch (format) {
    case 'annex-a':
      if (!/\.xlsx$/i.test(name)) return `${name} is not an Excel workbook (.xlsx): choose the Annex A workbook, saved as .xlsx.`;
      return isXlsx(bytes) ? undefined : `${name} is named .xlsx but is not an Excel workbook: open it in Excel and save it as an Excel Workbook (.xlsx).`;
    case 'ssd':
      return /\.csv$/i.test(name) ? undefined : `${name} is not a .csv file: the SSD is imported as one CSV file per table.`;
    case 'cin':
      return /\.xml$/i.test(name) ? undefined : `${name} is not an .xml file: choose the CIN census XML file.`;
    default:
      // Beside the return: Ofsted's provider lists (.xlsx or .csv) for the URN rules.
      if (/\.xlsx$/i.test(name))
        return isXlsx(bytes)
          ? undefined
          : `${name} is named .xlsx but is not an Excel workbook: save Ofsted's provider list from Excel as an Excel Workbook (.xlsx).`;
      return /\.(csv|xml)$/i.test(name)
        ? undefined
        : `${name} is not a .csv, .xml or .xlsx file: choose the SSDA903 XML return, or its tables saved as CSV, and any of Ofsted's provider lists.`;
  }
}

const CHOOSE: Record<Format, string> = {
  ssd: 'Choose the SSD files to import (.csv, one per table).',
  '903':
    "Choose the SSDA903 files to import (the XML return, or .csv, one per table), with Ofsted's Children's Homes and Social Care Providers lists (.xlsx or .csv) to check URNs.",
  cin: 'Choose the CIN census XML file to import.',
  'annex-a': 'Choose the Annex A workbook to import (.xlsx).',
};

/** One sentence on the dashboards' figures after the latest data change (src/indicators/precompute.ts). */
export function describeFigures(status: FiguresStatus): string {
  switch (status.state) {
    case 'computing':
      return `Calculating the dashboards’ figures after the latest change to the data: ${status.done} of ${status.total || '…'} parts done${status.current ? ` (now ${status.current})` : ''}. Each dashboard shows its figures as soon as its part is done.`;
    case 'failed':
      return `The dashboards’ figures could not be calculated (${status.error}). Keystone tries again in a moment; dashboards calculate their own figures meanwhile.`;
    case 'idle':
      return status.finishedAt
        ? `The dashboards’ figures for the whole council, each service and each team are up to date${status.asOf ? ` (to ${longDate(status.asOf)})` : ''}, calculated in ${((status.lastPassMs ?? 0) / 1000).toFixed(1)} s after the latest change to the data.`
        : 'The dashboards calculate their figures when they are first opened.';
  }
}

export function importRoutes(app: FastifyInstance, { database, config }: AppDeps) {
  const jobs = importJobs(database);
  const figures = figureJob(database, config.caseloadThreshold);
  /** Upload folders of accepted imports: any an import never reached are deleted when the server stops. */
  const waitingFolders = new Set<string>();
  app.addHook('onClose', async () => {
    await jobs.stop();
    await Promise.all([...waitingFolders].map((folder) => rm(folder, { recursive: true, force: true })));
  });
  const historyPage = async (request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) =>
    reply.render('ingest/views/imports.njk', {
      title: 'Imports',
      imports: await listImports(database),
      inProgress: jobs
        .unfinished()
        .map((job) => ({ ...job, formatName: FORMAT_NAMES[job.format] ?? job.format, stage: describeProgress(job, jobs.ahead(job)).text })),
      maxMegabytes: MAX_UPLOAD_BYTES / 1024 / 1024,
      figures: describeFigures(figures.status()),
      ...extra,
    });

  app.get('/imports', { config: ACCESS }, (request, reply) => historyPage(request, reply));

  void app.register(async (scope) => {
    acceptMultipart(scope, { maxBytes: MAX_UPLOAD_BYTES, maxFiles: MAX_FILES });

    scope.post('/imports', { config: ACCESS }, async (request, reply) => {
      const body = multipartOf(request);
      const format: Format = FORMATS.find((known) => known === body.fields.format) ?? '903';
      const received = body.files.filter((file) => file.field === 'files');
      const refuse = (text: string) => historyPage(request, reply.code(400), { errorSummary: [{ text, href: '#files' }], filesError: { text } });
      if (body.problem) return refuse(body.problem);
      if (received.length === 0) return refuse(CHOOSE[format]);
      // Workbooks and zip archives are read whole by their importers; every other file is handed
      // over as a path and read from disk.
      const files: InputFile[] = [];
      const paths: PathFile[] = [];
      for (const file of received) {
        const head = await firstBytes(file.path, HEAD_BYTES);
        const whole = isZip(head) ? { name: file.name, bytes: new Uint8Array(await readFile(file.path)) } : undefined;
        const problem = fileProblem(format, whole ?? { name: file.name, bytes: head });
        if (problem) return refuse(problem);
        if (whole) files.push(whole);
        else paths.push({ name: file.name, path: file.path, size: file.size });
      }
      let expanded: InputFile[];
      try {
        expanded = expandArchives(files, format);
      } catch (error) {
        if (error instanceof ZipRefused) return refuse(error.message);
        throw error;
      }
      const year = body.fields.year && /^\d{4}$/.test(body.fields.year) ? Number(body.fields.year) : undefined;
      const folder = paths.length ? keepUploads(request) : undefined;
      const forget = async () => {
        if (!folder) return;
        waitingFolders.delete(folder);
        await rm(folder, { recursive: true, force: true });
      };
      try {
        const job = await jobs.start(
          {
            format,
            files: expanded,
            paths,
            mode: body.fields.mode === 'strict' ? 'strict' : 'lenient',
            dryRun: body.fields.dryRun === 'yes',
            collectionYear: year,
            actor: actorFrom(request),
          },
          // The uploaded files are deleted once the import has read them.
          (database, importRequest) => runImportInWorker(database, importRequest).finally(forget),
        );
        if (folder) waitingFolders.add(folder);
        return reply.code(303).redirect(`/imports/jobs/${job.id}`);
      } catch (error) {
        await forget();
        if (!(error instanceof QueueFull)) throw error;
        return historyPage(request, reply.code(503), { errorSummary: [{ text: error.message, href: '#files' }] });
      }
    });
  });

  // An import started on this page: where it has got to, refreshed every few seconds, then its report.
  app.get<{ Params: { id: string } }>('/imports/jobs/:id', { config: ACCESS }, async (request, reply) => {
    const { id } = request.params;
    const noJob = () => reply.code(404).render('core/views/error.njk', { title: 'Page not found', message: 'There is no import with that reference.' });
    if (!JOB_ID.test(id)) return noJob();
    const job = jobs.find(id);
    const context = { title: 'Import', formatName: (format: string) => FORMAT_NAMES[format] ?? format };
    if (!job) {
      const recorded = await recordedJob(database, id);
      if (!recorded) return noJob();
      if (recorded.state === 'finished') return reply.code(303).redirect(`/imports/${recorded.importId}`);
      return reply.render('ingest/views/import-job.njk', { ...context, title: 'The import did not finish', interrupted: recorded });
    }
    if (job.state === 'finished' && job.importId !== null) return reply.code(303).redirect(`/imports/${job.importId}`);
    if (job.state === 'failed') return reply.render('ingest/views/import-job.njk', { ...context, title: 'The import failed', job });
    const progress = describeProgress(job, jobs.ahead(job));
    return reply.render('ingest/views/import-job.njk', { ...context, title: progress.heading, job, progress, refreshSeconds: REFRESH_SECONDS });
  });

  const findImport = async (request: FastifyRequest<{ Params: { id: string } }>) => {
    if (!/^\d{1,12}$/.test(request.params.id)) return undefined;
    return getImport(database, Number(request.params.id));
  };
  const notFound = (reply: FastifyReply) =>
    reply.code(404).render('core/views/error.njk', { title: 'Page not found', message: 'There is no import with that number.' });
  const auditReport = (request: FastifyRequest, importId: number, childIds: Array<string | null>) =>
    recordAudit(database, actorFrom(request), {
      action: 'child.list',
      subjectType: 'import_report',
      subjectId: String(importId),
      childIds: [...new Set(childIds.filter((child): child is string => !!child))],
    });

  app.get<{ Params: { id: string } }>('/imports/:id', { config: ACCESS }, async (request, reply) => {
    const record = await findImport(request);
    if (!record) return notFound(reply);
    const lines = await importLines(database, record.import_id, PAGE_FINDINGS);
    const quarantine = await quarantined(database, record.import_id);
    await auditReport(request, record.import_id, [...lines.map((line) => line.child), ...quarantine.map((row) => row.child_id)]);
    return reply.render('ingest/views/import.njk', {
      title: `Import ${record.import_id}`,
      record,
      tables: (record.summary.tables as unknown[] | undefined)?.filter((entry) => typeof entry === 'object') ?? [],
      rules: await ruleCounts(database, record.import_id),
      lines,
      shownLines: PAGE_FINDINGS,
      quarantine: quarantine.map((row) => ({ ...row, raw: typeof row.raw_row === 'string' ? row.raw_row : JSON.stringify(row.raw_row) })),
      support: record.status === 'committed' ? await cached(database, await dataVersion(database), 'data-support', () => dataSupport(database)) : null,
    });
  });

  app.get<{ Params: { id: string } }>('/imports/:id/report.csv', { config: ACCESS }, async (request, reply) => {
    const record = await findImport(request);
    if (!record) return notFound(reply);
    const lines = await importLines(database, record.import_id);
    await auditReport(
      request,
      record.import_id,
      lines.map((line) => line.child),
    );
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="import-${record.import_id}-report.csv"`)
      .send(reportCsv(lines, rulesNotRunOf(record.summary)));
  });

  app.get<{ Params: { id: string } }>('/imports/:id/report.json', { config: ACCESS }, async (request, reply) => {
    const record = await findImport(request);
    if (!record) return notFound(reply);
    const lines = await importLines(database, record.import_id);
    await auditReport(
      request,
      record.import_id,
      lines.map((line) => line.child),
    );
    return reply.type('application/json; charset=utf-8').send(JSON.stringify({ import: record, findings: lines, rulesNotRun: rulesNotRunOf(record.summary) }));
  });
}
