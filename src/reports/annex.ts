/**
 * The data annex: the report's member-safe figures as CSV (toSafeCsv) and as an Excel workbook.
 * Every cell of both goes through safeCell, the one formula-injection rule (src/core/outputs/csv.ts).
 */
import * as ExcelJS from '@cj-tech-master/excelts';
import { safeCell, toSafeCsv } from '../core/outputs/csv.ts';
import type { ReportDocument } from './document.ts';
import { commentaryText } from './document.ts';
import { SYMBOLS } from './format.ts';

const INDICATOR_HEADER = [
  'indicator_id',
  'indicator',
  'unit',
  'as_of',
  'value',
  'numerator',
  'denominator',
  'target',
  'last_month',
  'a_year_earlier',
  'england',
  'region',
  'statistical_neighbours',
  'variation',
  'assurance',
  'commentary',
];
const TEAM_HEADER = ['indicator_id', 'indicator', 'unit', 'as_of', 'team', 'numerator', 'denominator', 'value'];
const MONTH_HEADER = ['indicator_id', 'indicator', 'unit', 'month_end', 'value'];
/** The CSV is one long table: each row says what it is (council, team or month). */
const CSV_HEADER = [
  'indicator_id',
  'indicator',
  'unit',
  'row',
  'label',
  'as_of',
  'value',
  'numerator',
  'denominator',
  'target',
  'england',
  'variation',
  'assurance',
];

export function annexTables(document: ReportDocument) {
  const indicators = document.figures.indicators;
  return {
    indicators: indicators.map((f) => [
      f.id,
      f.title,
      f.unit,
      f.asOf,
      f.value,
      f.numerator,
      f.denominator,
      f.target,
      f.previous?.value ?? null,
      f.yearBefore?.value ?? null,
      f.benchmarks.england?.value ?? null,
      f.benchmarks.region?.value ?? null,
      f.benchmarks.neighbours?.value ?? null,
      f.variation,
      f.assurance,
      commentaryText(document.commentary[f.id]),
    ]),
    teams: indicators.flatMap((f) =>
      f.teams ? [...f.teams.rows, f.teams.total].map((row) => [f.id, f.title, f.unit, f.asOf, row.label, row.numerator, row.denominator, row.value]) : [],
    ),
    months: indicators.flatMap((f) => f.chart.map((point) => [f.id, f.title, f.unit, point.asOf, point.value])),
  };
}

export function annexCsv(document: ReportDocument): string {
  const rows = document.figures.indicators.flatMap((f) => [
    [
      f.id,
      f.title,
      f.unit,
      'council',
      'Whole council',
      f.asOf,
      f.value,
      f.numerator,
      f.denominator,
      f.target,
      f.benchmarks.england?.value ?? null,
      f.variation,
      f.assurance,
    ],
    ...(f.teams
      ? f.teams.rows.map((row) => [f.id, f.title, f.unit, 'team', row.label, f.asOf, row.value, row.numerator, row.denominator, null, null, null, null])
      : []),
    ...f.chart.map((point) => [f.id, f.title, f.unit, 'month', point.asOf, point.asOf, point.value, null, null, point.target, null, null, null]),
  ]);
  return toSafeCsv(CSV_HEADER, rows);
}

export async function annexXlsx(document: ReportDocument): Promise<Buffer> {
  const tables = annexTables(document);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Keystone';
  workbook.title = document.title;
  const sheet = (name: string, header: string[], rows: unknown[][]) => {
    const worksheet = workbook.addWorksheet(name);
    worksheet.addRow(header.map(safeCell));
    worksheet.getRow(1).font = { bold: true };
    for (const row of rows) worksheet.addRow(row.map(safeCell));
    worksheet.views = [{ state: 'frozen', ySplit: 1 }];
  };
  sheet('Indicators', INDICATOR_HEADER, tables.indicators);
  sheet('Teams', TEAM_HEADER, tables.teams);
  sheet('Monthly', MONTH_HEADER, tables.months);
  sheet('Notes', ['item', 'meaning'], [['Report', document.title], ['Period', document.period], ...SYMBOLS.map((entry) => [entry.symbol, entry.meaning])]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
