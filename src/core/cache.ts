import { sql } from 'kysely';
import type { Database } from './db/database.ts';

/**
 * Computed figures are kept in memory until the data they come from change. A trigger on every
 * case-data table adds one to ks_data_version inside the writer's transaction
 * (migrations/0003_indicators.sql), so a figure cached under a version is exactly the figure for
 * that version: read the version first, then compute.
 *
 * Two stores, each least-recently-used: 'results' (figures, small) and 'pages' (rendered HTML of
 * aggregate pages, tens of kilobytes each, so fewer are kept).
 */
export type CacheStore = 'results' | 'pages';
// Figures for every scope are computed ahead (src/indicators/precompute.ts): about 70 series per
// scope, for the council, each service and each team, must fit with room for on-demand ones.
const MAX_ENTRIES: Record<CacheStore, number> = { results: 20_000, pages: 400 };
type Entries = Map<string, { version: number; value: Promise<unknown> }>;
const caches = new WeakMap<Database, Record<CacheStore, Entries>>();

export async function dataVersion(database: Database): Promise<number> {
  const result = await sql<{ version: number }>`SELECT version FROM ks_data_version`.execute(database.db);
  return Number(result.rows[0]?.version ?? 0);
}

/**
 * The value for `key` computed under `version`, computing it at most once: concurrent callers share
 * one computation (the promise is what is kept); a failure is not kept.
 */
export function cached<T>(database: Database, version: number, key: string, compute: () => Promise<T>, store: CacheStore = 'results'): Promise<T> {
  let stores = caches.get(database);
  if (!stores) caches.set(database, (stores = { results: new Map(), pages: new Map() }));
  const cache = stores[store];
  const entry = cache.get(key);
  if (entry && entry.version === version) {
    // Most recently used last: eviction takes the first.
    cache.delete(key);
    cache.set(key, entry);
    return entry.value as Promise<T>;
  }
  const value = compute();
  cache.delete(key);
  if (cache.size >= MAX_ENTRIES[store]) cache.delete(cache.keys().next().value!);
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

/**
 * Waits for `value` at most `ms`: true if it settled in time. A page uses it to answer at once with
 * "being calculated" while the computation (kept in the cache) goes on for the next visit.
 */
export async function settlesWithin(value: Promise<unknown>, ms: number | null): Promise<boolean> {
  if (ms === null) {
    await value;
    return true;
  }
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([value.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Forgets every cached result for a database (tests, benchmarks). */
export function clearCache(database: Database): void {
  caches.delete(database);
}
