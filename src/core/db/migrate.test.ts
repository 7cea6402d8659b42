import { mkdtempSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { engines, freshDatabase } from '../../../test/support/engines.ts';
import { loadMigrations, migrate, MIGRATIONS_DIR, schemaVersion, SchemaTooNewError } from './migrate.ts';

describe.each(engines)('migrations on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase(url);
  });
  afterAll(() => database.drop());

  it('bring the schema to the newest version, and a second run changes nothing', async () => {
    const latest = loadMigrations().length;
    expect(await schemaVersion(database)).toBe(latest);
    expect(await migrate(database)).toBe(latest);
    const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ks_schema_migrations`.execute(database.db);
    expect(rows.rows[0]!.n).toBe(latest);
  });

  it('refuse a database migrated by a newer Keystone', async () => {
    const latest = loadMigrations().length;
    await sql`INSERT INTO ks_schema_migrations (version, name) VALUES (${latest + 1}, 'from_the_future')`.execute(database.db);
    await expect(migrate(database)).rejects.toBeInstanceOf(SchemaTooNewError);
    await sql`DELETE FROM ks_schema_migrations WHERE version = ${latest + 1}`.execute(database.db);
  });

  it('apply a failing migration not at all: the transaction rolls back', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ks-migrations-'));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const next = String(loadMigrations().length + 1).padStart(4, '0');
    writeFileSync(path.join(dir, `${next}_broken.sql`), 'CREATE TABLE ks_half_done (id int);\nSELECT * FROM no_such_table;\n');
    await expect(migrate(database, loadMigrations(dir))).rejects.toThrow(/no_such_table/);
    const exists = await sql<{ found: string | null }>`SELECT to_regclass('ks_half_done')::text AS found`.execute(database.db);
    expect(exists.rows[0]!.found).toBeNull();
    expect(await schemaVersion(database)).toBe(loadMigrations().length);
  });
});

describe('migration files', () => {
  it('are numbered without gaps', () => {
    const migrations = loadMigrations();
    expect(migrations.map((migration) => migration.version)).toEqual(migrations.map((_, index) => index + 1));
  });
});
