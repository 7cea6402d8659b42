/**
 * `keystone migrate --from-pglite DIR`: brings the data folder of an earlier Keystone, which ran on
 * PGlite, into the configured PostgreSQL (the embedded one of KEYSTONE_DATA_DIR, or
 * KEYSTONE_DATABASE_URL). The old folder is only read. The target must hold no data yet: it is
 * migrated to the old folder's schema version, every table is copied row for row (copy.ts: users,
 * plans, audits, imports, the audit trail with its ids and hashes), then migrated to the newest
 * version, and the audit trail's hash chain is checked end to end.
 *
 * PGlite is loaded only here, only for this command.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { verifyAuditChain, type ChainCheck } from '../audit/trail.ts';
import type { Database } from './database.ts';
import { copyTables, type CopiedTable, type SqlSide } from './copy.ts';
import { loadMigrations, migrate, SchemaTooNewError } from './migrate.ts';

export class FromPgliteError extends Error {}

export interface FromPgliteResult {
  schemaVersion: number;
  tables: CopiedTable[];
  chain: ChainCheck;
}

const asNumber = (value: string) => Number(value);
const asText = (value: string) => value;

/** Opens a PGlite data folder (`@electric-sql/pglite`, imported on demand) and works in one transaction on it. */
export async function withPglite<T>(dir: string, work: (side: SqlSide) => Promise<T>): Promise<T> {
  const { PGlite, types } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create({
    dataDir: dir,
    parsers: { [types.DATE]: asText, [types.TIMESTAMP]: asText, [types.TIMESTAMPTZ]: asText, [types.INT8]: asNumber, [types.NUMERIC]: asNumber },
  });
  try {
    return await pglite.transaction((tx) =>
      work({
        query: async <R>(text: string, params: unknown[] = []) => (await tx.query<R>(text, params)).rows,
        exec: async (text: string) => void (await tx.exec(text)),
      }),
    );
  } finally {
    await pglite.close();
  }
}

/** Whether a folder looks like a PGlite (or any PostgreSQL) cluster: PostgreSQL writes PG_VERSION at its top. */
export function isClusterFolder(dir: string): boolean {
  return existsSync(path.join(dir, 'PG_VERSION'));
}

async function targetState(target: Database): Promise<{ version: number; holdsData: boolean }> {
  return target.rawTransaction(async (tx) => {
    const [table] = await tx.query<{ found: string | null }>(`SELECT to_regclass('ks_schema_migrations')::text AS found`);
    if (!table?.found) return { version: 0, holdsData: false };
    const [row] = await tx.query<{ version: number | null; data: boolean }>(
      `SELECT (SELECT max(version)::int FROM ks_schema_migrations) AS version,
              EXISTS (SELECT 1 FROM ks_user) OR EXISTS (SELECT 1 FROM ssd_person) OR EXISTS (SELECT 1 FROM ks_audit_event) AS data`,
    );
    return { version: row?.version ?? 0, holdsData: Boolean(row?.data) };
  });
}

export async function migrateFromPglite(dir: string, target: Database, onTable: (copied: CopiedTable) => void = () => undefined): Promise<FromPgliteResult> {
  if (!isClusterFolder(dir)) throw new FromPgliteError(`${dir} is not a data folder of an earlier Keystone (it has no PG_VERSION file)`);
  const migrations = loadMigrations();
  const state = await targetState(target);
  if (state.holdsData)
    throw new FromPgliteError(
      'The database to copy into already holds data (accounts, children or audit events). Copy into a new data folder (KEYSTONE_DATA_DIR) or an empty database.',
    );
  return withPglite(dir, async (source) => {
    const [row] = await source.query<{ version: number | null }>(
      `SELECT CASE WHEN to_regclass('ks_schema_migrations') IS NULL THEN 0 ELSE (SELECT max(version)::int FROM ks_schema_migrations) END AS version`,
    );
    const version = row?.version ?? 0;
    if (version === 0) throw new FromPgliteError(`${dir} holds no Keystone database (no migrations were ever applied to it)`);
    if (version > migrations.length) throw new SchemaTooNewError(version, migrations.length);
    if (state.version > version) {
      throw new FromPgliteError(
        `The database to copy into is already at schema version ${state.version}, newer than ${dir} (${version}). Copy into a new data folder or an empty database.`,
      );
    }
    await migrate(target, migrations.slice(0, version));
    const tables = await target.rawTransaction((tx) => copyTables(source, tx, onTable));
    const schemaVersion = await migrate(target, migrations);
    return { schemaVersion, tables, chain: await verifyAuditChain(target) };
  });
}
