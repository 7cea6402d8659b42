/** What the Annex A importer collects as it reads: the rows by SSD table and key, the team and worker names to resolve, and findings. */
import { SSD_TABLE_BY_NAME } from '../ssd/tables.ts';
import type { Finding, SourceRow } from '../types.ts';
import type { ListDef } from './lists.ts';
import type { Cell } from './workbook.ts';

export type Values = Record<string, string | null>;

export interface Origin {
  file: string;
  sheet: string;
  line: number;
  list: number;
  child: string;
}

export interface Pending {
  table: string;
  key: string;
  column: string;
  kind: 'team' | 'worker';
  name: string;
  origin: Origin;
  header: string;
}

export function finding(
  rule: string,
  message: string,
  file: string,
  sheet: string | null,
  row: number | null,
  field: string | null,
  child: string | null,
  severity: 'error' | 'warning' = 'error',
): Finding {
  return { rule, message, file, table: sheet, row, child, field, severity, rejects: severity === 'error' };
}

/** Rows by table and key; a key met again merges, keeping the first value of each column. */
export class RowSet {
  readonly tables = new Map<string, Map<string, { values: Values; origin: Origin }>>();
  readonly conflicts: Finding[] = [];

  add(table: string, key: string, values: Values, origin: Origin): void {
    if (!this.tables.has(table)) this.tables.set(table, new Map());
    const rows = this.tables.get(table)!;
    const keyColumn = SSD_TABLE_BY_NAME.get(table)!.key;
    const existing = rows.get(key);
    if (!existing) {
      rows.set(key, { values: { [keyColumn]: key, ...values }, origin });
      return;
    }
    for (const [column, value] of Object.entries(values)) {
      if (value === null) continue;
      const before = existing.values[column];
      if (before === null || before === undefined) existing.values[column] = value;
      else if (before !== value) {
        const first = existing.origin;
        this.conflicts.push(
          finding(
            'KS-CONFLICT',
            `${column} is “${value}” here but “${before}” in ${first.sheet} row ${first.line}${first.file !== origin.file ? ` of ${first.file}` : ''}: the first is kept.`,
            origin.file,
            origin.sheet,
            origin.line,
            column,
            origin.child,
            'warning',
          ),
        );
      }
    }
  }
}

export interface ReadRow {
  list: ListDef;
  origin: Origin;
  cells: Map<string, Cell>;
  headers: Map<string, string>;
  source: SourceRow;
}
