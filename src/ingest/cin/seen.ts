/**
 * The CIN children seen during an import, in a temporary table of its transaction (keys as importer.ts describes them at CHILD_SCOPE),
 * so that memory does not grow with the number of children.
 */
import { sql } from 'kysely';
import type { Executor } from '../staging.ts';
import type { Seen } from './importer.ts';

/** The keys seen, in the import's transaction; dropped with it (or by `drop`). */
export class SeenInDatabase {
  private readonly trx: Executor;
  private constructor(trx: Executor) {
    this.trx = trx;
  }

  static async create(trx: Executor): Promise<SeenInDatabase> {
    await sql`DROP TABLE IF EXISTS ks_cin_seen`.execute(trx);
    // A hash index, not a primary key: a B-tree refuses keys over about 2.7 KB, and a refused over-long ID is still seen.
    // With who first gave a repeated rule's ID or UPN (importer.ts, Holder): reported too when it comes again.
    await sql`CREATE TEMP TABLE ks_cin_seen (key text NOT NULL, child text, line integer) ON COMMIT DROP`.execute(trx);
    await sql`CREATE INDEX ON ks_cin_seen USING hash (key)`.execute(trx);
    return new SeenInDatabase(trx);
  }

  async known(keys: readonly string[]): Promise<Seen> {
    if (!keys.length) return new Map();
    const found = await sql<{ key: string; child: string | null; line: number | null }>`
      SELECT key, child, line FROM ks_cin_seen WHERE key = ANY(${sql.val(keys)}::text[])`.execute(this.trx);
    return new Map(found.rows.map((row) => [row.key, row.child === null && row.line === null ? null : { child: row.child, line: row.line }]));
  }

  async add(added: Seen): Promise<void> {
    if (!added.size) return;
    const holders = [...added.values()];
    await sql`
      INSERT INTO ks_cin_seen (key, child, line)
      SELECT * FROM unnest(${sql.val([...added.keys()])}::text[], ${sql.val(holders.map((holder) => holder?.child ?? null))}::text[],
        ${sql.val(holders.map((holder) => holder?.line ?? null))}::integer[])`.execute(this.trx);
  }

  async drop(): Promise<void> {
    await sql`DROP TABLE IF EXISTS ks_cin_seen`.execute(this.trx);
  }
}
