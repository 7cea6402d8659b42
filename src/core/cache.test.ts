import { describe, expect, it } from 'vitest';
import type { Database } from './db/database.ts';
import { cached } from './cache.ts';

// The cache only keys on the database object: no connection is needed.
const database = () => ({}) as Database;

describe('results cache', () => {
  it('computes a key once per data version, and again when the version moves', async () => {
    const db = database();
    let computed = 0;
    const compute = async () => ++computed;
    expect(await cached(db, 1, 'k', compute)).toBe(1);
    expect(await cached(db, 1, 'k', compute)).toBe(1);
    expect(await cached(db, 2, 'k', compute)).toBe(2);
  });

  it('keeps rendered pages apart from figures', async () => {
    const db = database();
    expect(await cached(db, 1, 'k', async () => 'figures')).toBe('figures');
    expect(await cached(db, 1, 'k', async () => '<html>', 'pages')).toBe('<html>');
    expect(await cached(db, 1, 'k', async () => 'other')).toBe('figures');
  });

  it('drops the least recently used page when 400 are kept', async () => {
    const db = database();
    for (let page = 0; page < 400; page++) await cached(db, 1, `page ${page}`, async () => 'first', 'pages');
    await cached(db, 1, 'page 0', async () => 'again', 'pages');
    await cached(db, 1, 'page 400', async () => 'first', 'pages');
    expect(await cached(db, 1, 'page 0', async () => 'again', 'pages')).toBe('first');
    expect(await cached(db, 1, 'page 1', async () => 'again', 'pages')).toBe('again');
  });

  it('does not keep a failure', async () => {
    const db = database();
    await expect(cached(db, 1, 'k', async () => Promise.reject(new Error('database gone')))).rejects.toThrow('database gone');
    expect(await cached(db, 1, 'k', async () => 'fine')).toBe('fine');
  });
});
