/**
 * `keystone migrate --from-pglite`: a data folder of an earlier Keystone (PGlite) comes into the
 * embedded PostgreSQL with every row of every table, users, plans, casework audits and the audit
 * trail, whose hash chain stays intact and goes on growing. The old folder is built the way an
 * earlier Keystone left it: PGlite migrated to this schema, holding a small demo county with its
 * accounts, plans, audits and audit events (copied in from a database filled by the app's own code).
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit, verifyAuditChain } from '../audit/trail.ts';
import { attachAuditSeal, auditSealOf, fileSeal } from '../audit/seal.ts';
import { seedDemo } from '../../server/start.ts';
import { freshDatabase } from '../../../test/support/engines.ts';
import { keystoneProcess, noPostgres, reachableTempDir, testProcess } from '../../../test/support/processes.ts';
import { tableChecksums } from '../../../test/support/checksums.ts';
import { attachEmbedded } from './embedded/client.ts';
import { openDatabase, type Database } from './database.ts';
import { loadMigrations } from './migrate.ts';

/** Row count and checksum of every table but the migrations' own. */
const snapshot = (database: Database) => tableChecksums(database, (table) => table !== 'ks_schema_migrations');

describe('keystone migrate --from-pglite', () => {
  let folder: string;
  let source: Awaited<ReturnType<typeof freshDatabase>>;
  let pgliteDir: string;

  beforeAll(async () => {
    folder = reachableTempDir('keystone-from-pglite-');
    pgliteDir = path.join(folder, 'data-pglite');
    source = await freshDatabase(undefined);
    await seedDemo(source, { children: 60, seed: 9 }, () => undefined);
    for (let event = 0; event < 5; event++) {
      await recordAudit(
        source,
        { userId: null, username: 'cli:test', ip: null, requestId: null },
        { action: 'data.change', subjectType: 'test', subjectId: String(event), details: { event, note: 'é ✓' } },
      );
    }
    // The earlier Keystone's folder: PGlite, migrated to this schema, holding the same rows. Built in a
    // process of its own: PGlite's WebAssembly would hold this worker's event loop for a minute or more.
    const built = await testProcess('test/support/pglite-folder.ts', [pgliteDir, source.url!]).finished;
    expect(built.code, built.stderr).toBe(0);
  }, 600_000);
  afterAll(async () => {
    await source?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('refuses to start on the old folder and says how to copy it', async () => {
    await expect(attachEmbedded(pgliteDir)).rejects.toThrow(`mv ${pgliteDir} ${pgliteDir}-pglite && npx keystone migrate --from-pglite ${pgliteDir}-pglite`);
  });

  it('copies every table, keeps the audit chain intact, and Keystone carries on from there', async () => {
    const dataDir = path.join(folder, 'data');
    // The source's events are keyed (this Keystone wrote them): its audit key and checkpoint come along.
    const sourceSeal = auditSealOf(source);
    const sourceHead = sourceSeal.read();
    if (!sourceHead || sourceHead === 'altered') throw new Error('the source trail has no checkpoint');
    const auditKey = sourceSeal.key.toString('hex');
    const auditEnv = { KEYSTONE_DATA_DIR: dataDir, KEYSTONE_AUDIT_KEY: auditKey };
    fileSeal(path.join(dataDir, 'audit'), auditKey).advance(sourceHead, sourceHead.keyedFrom);
    const copy = await keystoneProcess(['migrate', '--from-pglite', pgliteDir], auditEnv).finished;
    expect(copy.code, copy.stderr).toBe(0);
    expect(copy.stdout).toContain('hash chain intact');
    expect(copy.stdout).toContain(`Schema version ${loadMigrations().length}`);
    await noPostgres(dataDir);

    const target = await openDatabase({ dataDir });
    attachAuditSeal(target, fileSeal(path.join(dataDir, 'audit'), auditKey));
    try {
      expect(await snapshot(target)).toEqual(await snapshot(source));
      const users = await target.db.selectFrom('ks_user').select('username').execute();
      expect(users.map((user) => user.username)).toEqual(expect.arrayContaining(['director', 'auditor', 'teammanager']));
      const before = await verifyAuditChain(target);
      expect(before).toMatchObject({ intact: true, events: (await verifyAuditChain(source)).events });
      expect(before.events).toBe(5);
      // New rows get new ids after the copied ones, and the chain grows on.
      await recordAudit(
        target,
        { userId: null, username: 'cli:test', ip: null, requestId: null },
        { action: 'data.change', subjectType: 'test', subjectId: 'after' },
      );
      expect(await verifyAuditChain(target)).toMatchObject({ intact: true, events: before.events + 1 });
      const plan = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ks_plan_line`.execute(target.db);
      expect(plan.rows[0]!.n).toBeGreaterThan(0);
    } finally {
      await target.close();
    }

    // Once the folder holds data, a second copy is refused.
    const again = await keystoneProcess(['migrate', '--from-pglite', pgliteDir], auditEnv).finished;
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already holds data');
  });
}, 600_000);
