/**
 * What the data make possible, told after each import (CLI summary and --json, the import's page):
 * which figures the data held support at the month they are about (coverage.ts dataMonth), which they support in part, which they
 * cannot and why, and the distinct values of each SSD *Local* field with their rows and meaning, so
 * a council whose case system writes `CW` sees at once that it must map it on the Local codes page.
 */
import type { Database } from '../core/db/database.ts';
import type { IsoDate } from '../core/dates.ts';
import { FIELD_NAMES, LOCAL_FIELDS, valuesSeen, type LocalField, type ValueSeen } from '../local-codes/codes.ts';
import { CATALOGUE } from './catalogue/index.ts';
import { coverageOn, dataMonth, REQUIRES, sourceRanges } from './coverage.ts';
import { noAllocationReason } from '../core/allocations.ts';

export interface DataSupport {
  /** The month-end the figures were checked at: the last month the data hold. */
  asOf: IsoDate | null;
  supported: string[];
  partial: { id: string; title: string; reason: string }[];
  notSupported: { id: string; title: string; reason: string }[];
  localValues: { field: LocalField; label: string; column: string; values: ValueSeen[] }[];
}

export async function dataSupport(database: Database): Promise<DataSupport> {
  const [ranges, seen] = await Promise.all([sourceRanges(database), valuesSeen(database)]);
  const asOf = dataMonth(ranges, CATALOGUE);
  // No allocation although involvements are held: say which roles the data hold and where to map them.
  const allocationReason = await noAllocationReason(database);
  const support: DataSupport = { asOf, supported: [], partial: [], notSupported: [], localValues: [] };
  for (const indicator of CATALOGUE) {
    const coverage = asOf === null ? { status: 'none' as const, reason: 'Keystone holds no data.' } : coverageOn(indicator, asOf, ranges);
    if (!coverage) support.supported.push(indicator.id);
    else {
      const reason = allocationReason && (REQUIRES[indicator.id] ?? []).includes('allocations') ? allocationReason : coverage.reason;
      support[coverage.status === 'none' ? 'notSupported' : 'partial'].push({ id: indicator.id, title: indicator.title, reason });
    }
  }
  support.localValues = FIELD_NAMES.map((field) => ({
    field,
    label: LOCAL_FIELDS[field].label,
    column: `${LOCAL_FIELDS[field].table}.${LOCAL_FIELDS[field].column}`,
    values: seen[field],
  }));
  return support;
}

/** The support as lines of text for the CLI summary. */
export function supportText(support: DataSupport): string[] {
  const total = support.supported.length + support.partial.length + support.notSupported.length;
  const lines = [
    `What the data held now support${support.asOf ? ` (figures at ${support.asOf})` : ''}: ${support.supported.length} of ${total} figures in full, ${support.partial.length} in part, ${support.notSupported.length} not available.`,
  ];
  for (const entry of support.notSupported) lines.push(`  not available  ${entry.id}: ${entry.reason}`);
  for (const entry of support.partial) lines.push(`  in part        ${entry.id}: ${entry.reason}`);
  const held = support.localValues.filter((field) => field.values.length);
  if (held.length) {
    lines.push('', 'Local codes in the data (values, rows, meaning; change them on the Local codes page):');
    for (const field of held) {
      lines.push(`  ${field.label} (${field.column}):`);
      for (const value of field.values.slice(0, 12))
        lines.push(`    ${JSON.stringify(value.value).padEnd(32)} ${String(value.rows).padStart(8)}  ${value.meaning ?? 'not mapped'}`);
      if (field.values.length > 12) lines.push(`    … and ${field.values.length - 12} more values`);
    }
  }
  return lines;
}
