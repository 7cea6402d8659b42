import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import pg from 'pg';
import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  PostgresDialect,
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely';
import type { Schema } from './schema.ts';

/**
 * One handle on Keystone's database, whichever engine is underneath.
 * - `db`: Kysely, for typed queries and for SQL written as SQL with the `sql` tag.
 * - `rawTransaction`: multi-statement SQL on one connection inside one transaction (migrations).
 * Dates come back as 'YYYY-MM-DD' strings and timestamps as ISO-like strings on both engines,
 * so no code ever does local-time Date arithmetic on a statutory date.
 */
export interface Database {
  readonly kind: 'pglite' | 'postgres';
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
  /** PostgreSQL URL; when absent the embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** PGlite data folder; absent means in memory (tests). */
  dataDir?: string | undefined;
  /** Use (and create) this schema instead of `public`: lets tests share one server safely. */
  schema?: string | undefined;
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
  return options.databaseUrl ? openPostgres(options.databaseUrl, schema) : openPglite(options.dataDir, schema);
}

async function openPostgres(url: string, schema: string): Promise<Database> {
  const parsers: Record<number, (value: string) => unknown> = {
    [DATE_OID]: asText,
    [TIMESTAMP_OID]: asText,
    [TIMESTAMPTZ_OID]: asText,
    [INT8_OID]: asNumber,
    [NUMERIC_OID]: asNumber,
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: 8,
    options: `-c search_path=${schema}`,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        parsers[oid] ?? pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
    },
  });
  if (schema !== 'public') await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    schema,
    async rawTransaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          exec: async (text) => void (await client.query(text)),
          query: async <R,>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as R[],
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
      await db.destroy();
    },
  };
}

async function openPglite(dataDir: string | undefined, schema: string): Promise<Database> {
  const pglite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    parsers: {
      [pgliteTypes.DATE]: asText,
      [pgliteTypes.TIMESTAMP]: asText,
      [pgliteTypes.TIMESTAMPTZ]: asText,
      [pgliteTypes.INT8]: asNumber,
      [pgliteTypes.NUMERIC]: asNumber,
    },
  });
  if (schema !== 'public') await pglite.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await pglite.exec(`SET search_path TO ${schema}`);
  const lock = new Mutex();
  const db = new Kysely<Schema>({ dialect: pgliteDialect(pglite, lock) });
  return {
    kind: 'pglite',
    db,
    schema,
    async rawTransaction(work) {
      const release = await lock.acquire();
      try {
        return await pglite.transaction(async (tx) =>
          work({
            exec: async (text) => void (await tx.exec(text)),
            query: async <R,>(text: string, params: unknown[] = []) => (await tx.query<R>(text, params)).rows,
          }),
        );
      } finally {
        release();
      }
    },
    async close() {
      await db.destroy();
    },
  };
}

/** PGlite is one connection: every Kysely connection takes the lock for as long as it is held. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return ready;
  }
}

function pgliteDialect(pglite: PGlite, lock: Mutex): Dialect {
  const connection: DatabaseConnection = {
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      const result = await pglite.query<R>(query.sql, query.parameters as unknown[]);
      return {
        rows: result.rows,
        ...(result.affectedRows !== undefined ? { numAffectedRows: BigInt(result.affectedRows) } : {}),
      };
    },
    streamQuery() {
      throw new Error('Streaming queries are not supported on the embedded database');
    },
  };
  let release: (() => void) | undefined;
  const driver: Driver = {
    async init() {},
    async acquireConnection() {
      release = await lock.acquire();
      return connection;
    },
    async beginTransaction(conn) {
      await conn.executeQuery(CompiledQuery.raw('BEGIN'));
    },
    async commitTransaction(conn) {
      await conn.executeQuery(CompiledQuery.raw('COMMIT'));
    },
    async rollbackTransaction(conn) {
      await conn.executeQuery(CompiledQuery.raw('ROLLBACK'));
    },
    async releaseConnection() {
      const done = release;
      release = undefined;
      done?.();
    },
    async destroy() {
      await pglite.close();
    },
  };
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => driver,
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
}
