import { sql } from 'kysely';
import type { Database } from './db/database.ts';

/**
 * Computed figures are kept in memory until the case data changes. Every writer of case data
 * (imports, the demo county, clearing) bumps the data version in the same transaction as its
 * writes, so a cached figure is never older than the data it was computed from.
 */
type Executor = Database['db'];

const DATA_VERSION_KEY = 'data_version';
const MAX_ENTRIES = 1_000;

export async function bumpDataVersion(executor: Executor): Promise<void> {
  await sql`
    INSERT INTO ks_setting (setting_key, setting_value) VALUES (${DATA_VERSION_KEY}, '1')
    ON CONFLICT (setting_key) DO UPDATE SET setting_value = (ks_setting.setting_value::bigint + 1)::text`.execute(executor);
}

export async function dataVersion(executor: Executor): Promise<string> {
  const row = await sql<{ version: string | null }>`SELECT setting_value AS version FROM ks_setting WHERE setting_key = ${DATA_VERSION_KEY}`.execute(executor);
  return row.rows[0]?.version ?? '0';
}

const caches = new WeakMap<Database, Map<string, { version: string; value: Promise<unknown> }>>();

/** The value for `key` computed at the current data version, computing it at most once per version. */
export async function memo<T>(database: Database, key: string, compute: () => Promise<T>): Promise<T> {
  const version = await dataVersion(database.db);
  let cache = caches.get(database);
  if (!cache) caches.set(database, (cache = new Map()));
  const hit = cache.get(key);
  if (hit && hit.version === version) {
    cache.delete(key);
    cache.set(key, hit); // most recently used last
    return hit.value as Promise<T>;
  }
  const value = compute();
  cache.set(key, { version, value });
  value.catch(() => cache.delete(key));
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return value;
}
