import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './database.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Migrations are plain SQL files named NNNN_name.sql, applied in order and never edited once landed. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
      if (!match) throw new Error(`Migration file name "${file}" must look like 0001_name.sql`);
      return { version: Number(match[1]), name: match[2]!, sql: readFileSync(path.join(dir, file), 'utf8') };
    });
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`Migrations must be numbered 1, 2, 3…: found ${migration.version} at position ${index + 1}`);
  });
  return migrations;
}

export class SchemaTooNewError extends Error {
  readonly databaseVersion: number;
  readonly codeVersion: number;
  constructor(databaseVersion: number, codeVersion: number) {
    super(
      `The database is at schema version ${databaseVersion}, but this Keystone knows only up to ${codeVersion}. ` +
        'It was migrated by a newer Keystone: upgrade Keystone rather than run an older one against it.',
    );
    this.databaseVersion = databaseVersion;
    this.codeVersion = codeVersion;
  }
}

/**
 * Brings the database up to the newest schema. All pending migrations run in one transaction,
 * under an advisory lock so that two instances starting together cannot both migrate.
 * Returns the schema version now in force.
 */
export async function migrate(database: Pick<Database, 'rawTransaction'>, migrations: Migration[] = loadMigrations()): Promise<number> {
  const latest = migrations.length;
  return database.rawTransaction(async (tx) => {
    await tx.exec(`SELECT pg_advisory_xact_lock(727001);
      CREATE TABLE IF NOT EXISTS ks_schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      );`);
    const [row] = await tx.query<{ version: number | null }>('SELECT max(version)::int AS version FROM ks_schema_migrations');
    const current = row?.version ?? 0;
    if (current > latest) throw new SchemaTooNewError(current, latest);
    for (const migration of migrations.slice(current)) {
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO ks_schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    }
    return latest;
  });
}

export async function schemaVersion(database: Database): Promise<number> {
  const result = await sql<{ version: number | null }>`
    SELECT max(version)::int AS version FROM ks_schema_migrations`.execute(database.db);
  return result.rows[0]?.version ?? 0;
}
