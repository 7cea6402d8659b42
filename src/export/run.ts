/**
 * One export, the same for the command line and the page: build the format's files from the data
 * model for a period, and record it in the audit trail (who, format, period, every child in it).
 * CSV cells go through core/outputs/csv.ts `toSafeCsv`, xlsx cells through `safeCell`, so no cell
 * can run as a spreadsheet formula.
 */
import { sql } from 'kysely';
import { recordAudit, type Actor } from '../core/audit/trail.ts';
import type { Database } from '../core/db/database.ts';
import { toSafeCsv } from '../core/outputs/csv.ts';
import { exportAnnexA, NOT_IN_ANNEX_A } from './annex-a.ts';
import { exportCin } from './cin.ts';
import { collectionYearEnding, type ExportPeriod } from './period.ts';
import { BLANK_IN_903, export903, NOT_IN_903_CSV, type CsvTable } from './ssda903.ts';
import { BESIDE_903_XML, NOT_IN_903_XML, ssda903Xml } from './ssda903-xml.ts';

export const EXPORT_FORMATS = ['903', '903-xml', 'cin', 'annex-a'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const FORMAT_NAMES: Record<ExportFormat, string> = {
  '903': 'SSDA903 return (CSV tables)',
  '903-xml': 'SSDA903 return (XML, with the social worker episodes as a CSV table)',
  cin: 'CIN census (XML)',
  'annex-a': 'Ofsted Annex A (Excel workbook)',
};

export function isExportFormat(value: unknown): value is ExportFormat {
  return (EXPORT_FORMATS as readonly unknown[]).includes(value);
}

export interface ExportFile {
  name: string;
  bytes: Uint8Array;
  /** Rows (903 tables, Annex A lists) or children (CIN). */
  rows: number;
}

export interface ExportResult {
  format: ExportFormat;
  period: ExportPeriod;
  files: ExportFile[];
  childIds: string[];
  /** Records the format could not hold, each in a sentence. */
  omitted: string[];
  /** Why a CIN census holds no child (cin.ts). */
  noChildren?: string;
}

async function laCode(database: Database): Promise<string | null> {
  const row = await sql<{ value: string }>`SELECT setting_value AS value FROM ks_setting WHERE setting_key = 'la_code'`.execute(database.db);
  return row.rows[0]?.value.trim() || null;
}

export async function buildExport(database: Database, format: ExportFormat, period: ExportPeriod): Promise<ExportResult> {
  const encoder = new TextEncoder();
  const csvFile = (table: CsvTable): ExportFile => ({
    name: table.fileName,
    bytes: encoder.encode(toSafeCsv(table.header, table.rows)),
    rows: table.rows.length,
  });
  switch (format) {
    case '903': {
      const result = await export903(database, period);
      return { format, period, childIds: result.childIds, omitted: [NOT_IN_903_CSV, BLANK_IN_903, ...result.omitted], files: result.tables.map(csvFile) };
    }
    case '903-xml': {
      const result = await export903(database, period);
      const xml = { name: `SSDA903_${collectionYearEnding(period.to)}.xml`, bytes: encoder.encode(ssda903Xml(result.tables)), rows: result.childIds.length };
      return {
        format,
        period,
        childIds: result.childIds,
        omitted: [NOT_IN_903_XML, BLANK_IN_903, ...result.omitted],
        files: [xml, ...result.tables.filter((table) => BESIDE_903_XML.includes(table.table)).map(csvFile)],
      };
    }
    case 'cin': {
      const result = await exportCin(database, period, { laCode: await laCode(database) });
      return {
        format,
        period,
        childIds: result.childIds,
        omitted: result.omitted,
        noChildren: result.noChildren,
        files: [{ name: `CIN_Census_${result.collectionYear}.xml`, bytes: encoder.encode(result.xml), rows: result.childIds.length }],
      };
    }
    case 'annex-a': {
      const result = await exportAnnexA(database, period);
      return {
        format,
        period,
        childIds: result.childIds,
        omitted: [NOT_IN_ANNEX_A],
        files: [{ name: `Annex_A_${period.to}.xlsx`, bytes: result.bytes, rows: result.rows }],
      };
    }
  }
}

/** Builds the export and records it in the audit trail. */
export async function runExport(database: Database, actor: Actor, format: ExportFormat, period: ExportPeriod): Promise<ExportResult> {
  const result = await buildExport(database, format, period);
  await recordAudit(database, actor, {
    action: 'export',
    subjectType: 'statutory_return',
    subjectId: format,
    childIds: result.childIds,
    details: {
      format,
      from: period.from,
      to: period.to,
      files: result.files.map((file) => ({ name: file.name, rows: file.rows })),
      omitted: result.omitted.length,
    },
  });
  return result;
}
