/**
 * The CIN children seen during an import, in a temporary table of its transaction (keys as importer.ts describes them at CHILD_SCOPE),
 * so that memory does not grow with the number of children.
 */
import { sql } from 'kysely';
import type { Executor } from '../staging.ts';

/** The keys seen, in the import's transaction; dropped with it (or by `drop`). */
export class SeenInDatabase {
  private readonly trx: Executor;
  private constructor(trx: Executor) {
    this.trx = trx;
  }

  static async create(trx: Executor): Promise<SeenInDatabase> {
    await sql`DROP TABLE IF EXISTS ks_cin_seen`.execute(trx);
    // A hash index, not a primary key: a B-tree refuses keys over about 2.7 KB, and a refused over-long ID is still seen.
    await sql`CREATE TEMP TABLE ks_cin_seen (key text NOT NULL) ON COMMIT DROP`.execute(trx);
    await sql`CREATE INDEX ON ks_cin_seen USING hash (key)`.execute(trx);
    return new SeenInDatabase(trx);
  }

  async known(keys: readonly string[]): Promise<ReadonlySet<string>> {
    if (!keys.length) return new Set();
    const found = await sql<{ key: string }>`SELECT key FROM ks_cin_seen WHERE key = ANY(${sql.val(keys)}::text[])`.execute(this.trx);
    return new Set(found.rows.map((row) => row.key));
  }

  async add(keys: readonly string[]): Promise<void> {
    if (keys.length) await sql`INSERT INTO ks_cin_seen (key) SELECT unnest(${sql.val(keys)}::text[])`.execute(this.trx);
  }

  async drop(): Promise<void> {
    await sql`DROP TABLE IF EXISTS ks_cin_seen`.execute(this.trx);
  }
}
