import { sql } from 'kysely';
import type { Database } from './db/database.ts';

/**
 * Computed figures are kept in memory until the data they come from change. A trigger on every
 * case-data table adds one to ks_data_version inside the writer's transaction
 * (migrations/0003_indicators.sql), so a figure cached under a version is exactly the figure for
 * that version: read the version first, then compute.
 */
const MAX_ENTRIES = 5_000;
const caches = new WeakMap<Database, Map<string, { version: number; value: Promise<unknown> }>>();

export async function dataVersion(database: Database): Promise<number> {
  const result = await sql<{ version: number }>`SELECT version FROM ks_data_version`.execute(database.db);
  return Number(result.rows[0]?.version ?? 0);
}

/**
 * The value for `key` computed under `version`, computing it at most once: concurrent callers share
 * one computation (the promise is what is kept); a failure is not kept.
 */
export function cached<T>(database: Database, version: number, key: string, compute: () => Promise<T>): Promise<T> {
  let cache = caches.get(database);
  if (!cache) caches.set(database, (cache = new Map()));
  const entry = cache.get(key);
  if (entry && entry.version === version) return entry.value as Promise<T>;
  const value = compute();
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  const stored = { version, value };
  cache.set(key, stored);
  value.catch(() => {
    if (cache.get(key) === stored) cache.delete(key);
  });
  return value;
}

/** `cached` at the current data version. */
export async function memo<T>(database: Database, key: string, compute: () => Promise<T>): Promise<T> {
  return cached(database, await dataVersion(database), key, compute);
}

/** Forgets every cached result for a database (tests, benchmarks). */
export function clearCache(database: Database): void {
  caches.delete(database);
}
