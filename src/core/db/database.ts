import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { attachEmbedded, type AttachOptions } from './embedded/client.ts';
import type { Schema } from './schema.ts';

/**
 * One handle on Keystone's PostgreSQL: the embedded one Keystone runs itself for a data folder
 * (embedded/), or an external one given by URL. Either way a pool of connections, so a long import
 * or a heavy computation never holds up a page.
 * - `db`: Kysely, for typed queries and for SQL written as SQL with the `sql` tag.
 * - `rawTransaction`: multi-statement SQL on one connection inside one transaction (migrations).
 * Dates come back as 'YYYY-MM-DD' strings and timestamps as ISO-like strings, so no code ever does
 * local-time Date arithmetic on a statutory date.
 */
export interface Database {
  /** Whether Keystone runs this PostgreSQL itself (for a data folder) or was given its URL. */
  readonly kind: 'embedded' | 'external';
  /** Where to connect, for the few things that need a connection of their own (a lock held for the process's life). */
  readonly connectionString: string;
  readonly db: Kysely<Schema>;
  /** Schema (namespace) the tables live in; `public` unless a test asked for a private one. */
  readonly schema: string;
  rawTransaction<T>(work: (tx: RawTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** One connection inside one transaction: `exec` runs several statements, `query` one with parameters. */
export interface RawTransaction {
  exec(sqlText: string): Promise<void>;
  query<R>(sqlText: string, params?: unknown[]): Promise<R[]>;
}

export interface OpenOptions {
  /** An external PostgreSQL's URL; when absent, the embedded PostgreSQL of `dataDir`. */
  databaseUrl?: string | undefined;
  /** Data folder of the embedded PostgreSQL (created, and PostgreSQL started, when needed). */
  dataDir?: string | undefined;
  /** Use (and create) this schema instead of `public`: lets tests share one server safely. */
  schema?: string | undefined;
  /** Connections in the pool (default 10). */
  connections?: number | undefined;
  /** Embedded only: called if PostgreSQL stops while this process still uses it. */
  onLost?: (() => void) | undefined;
  /** Embedded only: see AttachOptions. */
  embedded?: AttachOptions | undefined;
}

const DATE_OID = 1082;
const TIMESTAMP_OID = 1114;
const TIMESTAMPTZ_OID = 1184;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

const asText = (value: string) => value;
const asNumber = (value: string) => Number(value);

export async function openDatabase(options: OpenOptions): Promise<Database> {
  const schema = options.schema ?? 'public';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Invalid schema name "${schema}"`);
  if (options.databaseUrl) return openPool(options.databaseUrl, schema, options.connections, 'external', () => undefined);
  if (!options.dataDir) throw new Error('openDatabase needs a PostgreSQL URL or the data folder of the embedded PostgreSQL');
  const embedded = await attachEmbedded(options.dataDir, options.embedded);
  if (options.onLost) embedded.onLost(options.onLost);
  try {
    return await openPool(embedded.url, schema, options.connections, 'embedded', () => embedded.close());
  } catch (error) {
    embedded.close();
    throw error;
  }
}

async function openPool(url: string, schema: string, connections: number | undefined, kind: Database['kind'], release: () => void): Promise<Database> {
  const parsers: Record<number, (value: string) => unknown> = {
    [DATE_OID]: asText,
    [TIMESTAMP_OID]: asText,
    [TIMESTAMPTZ_OID]: asText,
    [INT8_OID]: asNumber,
    [NUMERIC_OID]: asNumber,
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: connections ?? 10,
    options: `-c search_path=${schema}`,
    application_name: `keystone ${process.pid}`,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        parsers[oid] ?? pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // A connection that breaks while idle in the pool (PostgreSQL stopped) must not end the process.
  pool.on('error', () => undefined);
  try {
    if (schema !== 'public') await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    else await pool.query('SELECT 1');
  } catch (error) {
    await pool.end();
    throw error;
  }
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind,
    connectionString: url,
    db,
    schema,
    async rawTransaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          exec: async (text) => void (await client.query(text)),
          query: async <R>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as R[],
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      try {
        await db.destroy();
      } finally {
        release();
      }
    },
  };
}
