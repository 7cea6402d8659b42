/** `keystone report <template> --period YYYY-MM --format html|pdf|docx --out FILE`: a report generated from the data, not stored or published. */
import { writeFile } from 'node:fs/promises';
import type { Database } from '../core/db/database.ts';
import { todayInEngland } from '../core/dates.ts';
import { fillCalendar } from '../indicators/calendar.ts';
import { generatedContent } from './document.ts';
import { produceFigures, ReportRequestError, resolveRequest } from './produce.ts';
import { reportDocx, reportHtml, reportPdf, PdfUnavailableError } from './render.ts';
import { reportSections } from './sections.ts';
import { TEMPLATES } from './templates.ts';
import { UsageError } from '../core/cli.ts';

export const REPORT_FORMATS = ['html', 'pdf', 'docx'] as const;

export async function reportCommand(
  database: Database,
  options: { template?: string; period?: string; format?: string; out?: string; threshold: number },
): Promise<number> {
  const format = REPORT_FORMATS.find((candidate) => candidate === options.format);
  if (!format) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}`);
  if (!options.out) throw new UsageError('--out FILE is required');
  if (!options.template || !TEMPLATES.some((template) => template.id === options.template))
    throw new UsageError(`the template must be one of ${TEMPLATES.map((template) => template.id).join(', ')}`);
  await fillCalendar(database);
  let resolved;
  try {
    resolved = await resolveRequest(database, { templateId: options.template, period: options.period }, todayInEngland());
  } catch (error) {
    if (error instanceof ReportRequestError) throw new UsageError(`--${error.field}: ${error.message}`);
    throw error;
  }
  const figures = await produceFigures(database, resolved, options.threshold);
  const sections = await reportSections(database, figures.asOf, options.threshold);
  const document = { ...generatedContent({ ...resolved, figures, sections }), status: { kind: 'generated' as const } };
  try {
    await writeFile(options.out, format === 'html' ? reportHtml(document) : format === 'pdf' ? await reportPdf(document) : await reportDocx(document));
  } catch (error) {
    if (error instanceof PdfUnavailableError) throw new UsageError(error.message);
    throw error;
  }
  console.log(`Wrote ${options.out}: ${resolved.title}, ${resolved.period} (${figures.indicators.length} indicators, ${format}).`);
  return 0;
}
