/**
 * From the rows collected to the writes: team and worker names looked up in Keystone (a name is
 * stored as the ID of the one team or professional of that name; none or several is a warning), then
 * each table's rows grouped by the columns they have a value for (Annex A never blanks a value).
 */
import type { Cell as DbCell } from '../../core/db/bulk.ts';
import { SSD_TABLES } from '../ssd/tables.ts';
import type { Finding, Lookup, LookupResults, PreparedImport, TableWrite } from '../types.ts';
import { finding, type Origin, type Pending, type RowSet, type Values } from './rows.ts';

/** The team and worker names to look for, compared without regard to case. */
export function nameLookups(pending: readonly Pending[]): Lookup[] {
  const teamNames = new Set(pending.filter((entry) => entry.kind === 'team').map((entry) => entry.name.toLowerCase()));
  const workerNames = new Set(pending.filter((entry) => entry.kind === 'worker').map((entry) => entry.name.toLowerCase()));
  return [
    { table: 'ssd_department', column: 'dept_team_name', returning: 'dept_team_id', ignoreCase: true, values: teamNames },
    { table: 'ssd_professionals', column: 'prof_professional_name', returning: 'prof_professional_id', ignoreCase: true, values: workerNames },
  ];
}

export function tableWrites(
  rowSet: RowSet,
  people: ReadonlyMap<string, { values: Values; origin: Origin }>,
  pending: readonly Pending[],
  found: LookupResults,
): ReturnType<PreparedImport['writes']> {
  const lateFindings: Finding[] = [];
  const unresolved = new Map<string, { entry: Pending; count: number; ids: readonly string[] }>();
  for (const entry of pending) {
    const ids = found[entry.kind === 'team' ? 0 : 1]?.get(entry.name.toLowerCase()) ?? [];
    const row = rowSet.tables.get(entry.table)?.get(entry.key);
    if (ids.length === 1 && row) {
      if (row.values[entry.column] == null) row.values[entry.column] = ids[0]!;
      continue;
    }
    const name = `${entry.kind}\u0000${entry.name.toLowerCase()}`;
    const known = unresolved.get(name);
    if (known) known.count++;
    else unresolved.set(name, { entry, count: 1, ids });
  }
  for (const { entry, count, ids } of unresolved.values()) {
    const what = entry.kind === 'team' ? 'team' : 'professional';
    lateFindings.push(
      finding(
        'KS-NAME',
        `“${entry.name}” (${count} row${count === 1 ? '' : 's'}, first here) ${ids.length ? `matches ${ids.length} ${what}s` : `matches no ${what}`} in Keystone by name, so it is not stored: add the ${what} (SSD ${entry.kind === 'team' ? 'ssd_department' : 'ssd_professionals'}) and import again.`,
        entry.origin.file,
        entry.origin.sheet,
        entry.origin.line,
        entry.header,
        entry.origin.child,
        'warning',
      ),
    );
  }
  const tables = new Map(rowSet.tables);
  tables.set(
    'ssd_person',
    new Map([...people].map(([child, person]) => [child, { values: { pers_person_id: child, ...person.values }, origin: person.origin }])),
  );
  const writes: TableWrite[] = [];
  for (const table of SSD_TABLES) {
    const rows = tables.get(table.name);
    if (!rows?.size) continue;
    const personColumn = table.person;
    // Each row sets only the columns it has a value for: rows are written in groups by those columns.
    const groups = new Map<string, DbCell[][]>();
    for (const { values } of rows.values()) {
      const columns = table.columns.map((column) => column.name).filter((column) => values[column] != null);
      const signature = columns.join(',');
      if (!groups.has(signature)) groups.set(signature, []);
      groups.get(signature)!.push(columns.map((column) => values[column]!));
    }
    for (const [signature, groupRows] of groups) {
      const columns = signature.split(',');
      const personIndex = personColumn ? columns.indexOf(personColumn) : -1;
      writes.push({
        table: table.name,
        key: table.key,
        columns,
        rows: groupRows,
        ...(personIndex >= 0 ? { childOf: (cells: DbCell[]) => (cells[personIndex] as string | null) ?? null } : {}),
      });
    }
  }
  return { writes, lateRejections: lateFindings, lateRejectedRows: [] };
}
