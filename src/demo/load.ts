import { sql } from 'kysely';
import { insertRows } from '../core/db/bulk.ts';
import type { Database } from '../core/db/database.ts';
import type { County, DemoSummary } from './index.ts';

/** What a generated county holds, without loading it. */
export function summarizeCounty(county: County): DemoSummary {
  return {
    children: county.options.children,
    rows: Object.fromEntries(county.tables.map((table) => [table.name, table.rows.length])),
    from: county.options.from,
    to: county.options.to,
    accounts: county.accounts,
  };
}

/**
 * Inserts the whole county in one transaction (settings it carries replace any with the same key),
 * then refreshes the planner's statistics.
 */
export async function loadCounty(database: Database, county: County): Promise<DemoSummary> {
  await database.db.transaction().execute(async (trx) => {
    const settings = county.tables.find((table) => table.name === 'ks_setting');
    const keys = (settings?.rows ?? []).map((row) => String(row[0]));
    if (keys.length > 0) await trx.deleteFrom('ks_setting').where('setting_key', 'in', keys).execute();
    for (const table of county.tables) await insertRows(trx, table.name, table.columns, table.rows);
    // The county's story as chart annotations; the reorganisation starts new SPC limits.
    await insertRows(
      trx,
      'ks_indicator_event',
      ['event_date', 'title', 'process_change'],
      county.events.map((event) => [event.date, event.title, event.processChange]),
    );
  });
  await sql`ANALYZE`.execute(database.db);
  return summarizeCounty(county);
}
