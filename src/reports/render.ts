/**
 * The report's files: a standalone HTML document (GOV.UK styles and reports.css embedded, for the
 * CLI and as the PDF's source), the PDF printed from it by Chromium, and the Word document.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AlignmentType, Document, Footer, HeadingLevel, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { createViews, GOVUK_DIST } from '../core/http/views.ts';
import type { ReportDocument } from './document.ts';
import { reportView, type ReportView } from './present.ts';

export const REPORT_CSS_FILE = new URL('./views/reports.css', import.meta.url);
const views = createViews();
let embeddedCss: string | undefined;

function documentCss(): string {
  embeddedCss ??= `${readFileSync(path.join(GOVUK_DIST, 'govuk', 'govuk-frontend.min.css'), 'utf8')}\n${readFileSync(REPORT_CSS_FILE, 'utf8')}`;
  return embeddedCss;
}

/** The report as one self-contained HTML file: contents list, figures, charts, commentary. */
export function reportHtml(document: ReportDocument): string {
  return views.render('reports/views/document.njk', { report: reportView(document), css: documentCss() });
}

/** Where Chromium is looked for: KEYSTONE_CHROMIUM, else Debian's /usr/bin/chromium. */
export const chromiumPath = () => process.env.KEYSTONE_CHROMIUM ?? '/usr/bin/chromium';

export class PdfUnavailableError extends Error {}

type PlaywrightCore = typeof import('playwright-core');

/** playwright-core, or why the PDF cannot be made on this server. */
async function playwright(): Promise<PlaywrightCore> {
  let module: PlaywrightCore;
  try {
    module = await import('playwright-core');
  } catch {
    throw new PdfUnavailableError('PDF is not available on this server: the playwright-core package is not installed. Download the Word document instead.');
  }
  if (!existsSync(chromiumPath())) {
    throw new PdfUnavailableError(
      `PDF is not available on this server: Chromium was not found at ${chromiumPath()} (set KEYSTONE_CHROMIUM to where it is). Download the Word document instead.`,
    );
  }
  return module;
}

/** Null when a PDF can be made, else the reason in plain words. */
export async function pdfUnavailableReason(): Promise<string | null> {
  try {
    await playwright();
    return null;
  } catch (error) {
    if (error instanceof PdfUnavailableError) return error.message;
    throw error;
  }
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** A tagged PDF with an outline (bookmarks from the headings) and page numbers in the footer. */
export async function reportPdf(document: ReportDocument): Promise<Buffer> {
  const { chromium } = await playwright();
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const page = await browser.newPage();
    await page.setContent(reportHtml(document), { waitUntil: 'load' });
    const label = escapeHtml(`${document.title} – ${reportView(document).period}`);
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      tagged: true,
      outline: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: `<div style="font-family: arial, sans-serif; font-size: 9px; width: 100%; padding: 0 15mm; display: flex; justify-content: space-between;"><span>${label}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
      margin: { top: '15mm', bottom: '20mm', left: '15mm', right: '15mm' },
    });
    return Buffer.from(pdf);
  } finally {
    await browser.close();
  }
}

/** Word building blocks, shared with the self-evaluation's document (sef/docx.ts). */
export const cell = (text: string, options: { bold?: boolean; right?: boolean } = {}) =>
  new TableCell({
    children: [new Paragraph({ alignment: options.right ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [new TextRun({ text, bold: options.bold })] })],
  });
export const table = (header: string[], rows: string[][], numericFrom = header.length) =>
  new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((text, index) => cell(text, { bold: true, right: index >= numericFrom })) }),
      ...rows.map((row) => new TableRow({ children: row.map((text, index) => cell(text, { right: index >= numericFrom })) })),
    ],
  });
export const paragraph = (text: string, options: { bold?: boolean } = {}) =>
  new Paragraph({ spacing: { after: 120 }, children: [new TextRun({ text, bold: options.bold })] });
export const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
  new Paragraph({ heading: level, children: [new TextRun(text)] });

function wordBody(report: ReportView): (Paragraph | Table)[] {
  const body: (Paragraph | Table)[] = [
    heading(report.title, HeadingLevel.TITLE),
    paragraph(`${report.councilName ? `${report.councilName}: ` : ''}${report.period}`, { bold: true }),
    paragraph(report.purpose),
    paragraph(`${report.status} Figures for the whole council to ${report.asOfText}, computed on ${report.computedText}.`),
    heading('Contents', HeadingLevel.HEADING_1),
    ...report.contents.map((item, index) => paragraph(`${index + 1}. ${item.text}`)),
    heading('Executive summary', HeadingLevel.HEADING_1),
    heading('The biggest risks', HeadingLevel.HEADING_2),
    ...(report.summary.risks.length
      ? report.summary.risks.map((item, index) => paragraph(`${index + 1}. ${item.title}: ${item.value} – ${item.reasons}.`))
      : [paragraph('No indicator in this report meets the rules for a risk.')]),
    heading('The biggest improvements', HeadingLevel.HEADING_2),
    ...(report.summary.improvements.length
      ? report.summary.improvements.map((item, index) => paragraph(`${index + 1}. ${item.title}: ${item.value} – ${item.reasons}.`))
      : [paragraph('No indicator in this report meets the rules for an improvement.')]),
    paragraph(`How these are chosen: ${report.summary.rules}`),
  ];
  for (const indicator of report.indicators) {
    body.push(
      heading(indicator.title, HeadingLevel.HEADING_1),
      table(
        ['Measure', 'Figure'],
        indicator.rows.map((row) => [row.key, row.value]),
      ),
      heading('Commentary', HeadingLevel.HEADING_2),
      paragraph(indicator.commentary),
    );
    if (indicator.teams) {
      body.push(heading(`By team, ${report.period}`, HeadingLevel.HEADING_2));
      const header = indicator.teams.withDenominator ? ['Team', 'Counted', 'Out of', 'Value'] : ['Team', 'Counted', 'Value'];
      body.push(
        table(
          header,
          indicator.teams.rows.map((row) =>
            indicator.teams!.withDenominator ? [row.label, row.numerator, row.denominator, row.value] : [row.label, row.numerator, row.value],
          ),
          1,
        ),
      );
    }
    body.push(paragraph(`${indicator.definition} Source: ${indicator.source}.`));
  }
  for (const section of report.sections) {
    body.push(heading(section.title, HeadingLevel.HEADING_1), ...section.paragraphs.map((text) => paragraph(text)));
    if (section.table)
      body.push(
        table(
          section.table.head,
          section.table.rows.map((row) => row.map(String)),
        ),
      );
  }
  body.push(
    heading('About these figures', HeadingLevel.HEADING_1),
    paragraph(
      'Every figure is for the whole council. Commentary is generated from the figures by stated rules and may have been edited by the report’s author. Changes are judged with statistical process control: special cause variation is a real change, common cause variation is noise. The charts are in the HTML and PDF versions; the monthly figures are in the data annex.',
    ),
    ...report.symbols.map((item) => paragraph(`${item.symbol}: ${item.meaning}`)),
  );
  return body;
}

/** The Word document a committee clerk drops into the agenda pack: headings, tables, page numbers. */
export async function reportDocx(document: ReportDocument): Promise<Buffer> {
  const report = reportView(document);
  const footer = new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun(`${report.title} – ${report.period} – page `),
          new TextRun({ children: [PageNumber.CURRENT] }),
          new TextRun(' of '),
          new TextRun({ children: [PageNumber.TOTAL_PAGES] }),
        ],
      }),
    ],
  });
  return Packer.toBuffer(
    new Document({
      creator: 'Keystone',
      title: `${report.title} – ${report.period}`,
      sections: [{ footers: { default: footer }, children: wordBody(report) }],
    }),
  );
}
