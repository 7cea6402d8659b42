import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { engines, freshDatabase } from '../../../test/support/engines.ts';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { eventHash, hashedFieldsOf, legacyEventHash, openAuditSeal, recordAudit, storedEvents, verifyAuditChain, type Actor } from './trail.ts';
import { auditSealOf, fileSeal } from './seal.ts';
import type { Database } from '../db/database.ts';

const actor: Actor = { userId: 7, username: 'tam', ip: '127.0.0.1', requestId: 'req-1' };

describe.each(engines)('audit trail on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase(url);
    await recordAudit(database, actor, { action: 'sign_in' });
    await recordAudit(database, actor, { action: 'child.list', childIds: ['C1', 'C2'], details: { page: '/caseloads', z: 1, a: { y: 2, b: [1, 'x'] } } });
    await recordAudit(database, { ...actor, userId: null, username: null }, { action: 'sign_in_failed', details: { username: 'nobody' } });
  });
  afterAll(() => database.drop());

  it('chains every event to the one before', async () => {
    await expect(verifyAuditChain(database)).resolves.toMatchObject({ events: 3, intact: true, checkpoint: { position: 3 } });
  });

  it('refuses updates, deletes and truncation', async () => {
    await expect(sql`UPDATE ks_audit_event SET username = 'someone else'`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM ks_audit_event`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE ks_audit_event`.execute(database.db)).rejects.toThrow(/append-only/);
  });

  it('an event whose children come from a query (pages of them) stores them once each, in order, hashed as if given as a list', async () => {
    const separate = await freshDatabase(url);
    try {
      await recordAudit(separate, actor, { action: 'sign_in' });
      const childIdsFrom = sql<{ child: string }>`SELECT 'K' || n AS child FROM generate_series(1, 25000) n UNION ALL SELECT 'K7' UNION ALL SELECT NULL`;
      await recordAudit(separate, actor, { action: 'import', subjectId: '4', childIdsFrom, details: { format: 'cin', counts: { new: 3 } } });
      const [first, second] = await storedEvents(separate);
      const expected = Array.from({ length: 25_000 }, (_, index) => `K${index + 1}`).sort();
      expect(second!.child_ids).toEqual(expected);
      expect(second!.hash).toBe(eventHash(auditSealOf(separate).key, first!.hash, hashedFieldsOf(second!), 2));
      await expect(verifyAuditChain(separate)).resolves.toMatchObject({ events: 2, intact: true });
    } finally {
      await separate.drop();
    }
  });

  it('detects an edit made by going around the triggers', async () => {
    await sql`ALTER TABLE ks_audit_event DISABLE TRIGGER ks_audit_event_no_update`.execute(database.db);
    await sql`UPDATE ks_audit_event SET child_ids = '{C1}' WHERE action = 'child.list'`.execute(database.db);
    await sql`ALTER TABLE ks_audit_event ENABLE TRIGGER ks_audit_event_no_update`.execute(database.db);
    const check = await verifyAuditChain(database);
    expect(check.intact).toBe(false);
    expect(check.firstBrokenEventId).toBe(2);
  });
});

/** Goes around the triggers, as someone with the database's owner rights could. */
async function asDatabaseOwner(database: Database, work: () => Promise<unknown>) {
  await sql`ALTER TABLE ks_audit_event DISABLE TRIGGER ks_audit_event_no_update`.execute(database.db);
  await work();
  await sql`ALTER TABLE ks_audit_event ENABLE TRIGGER ks_audit_event_no_update`.execute(database.db);
}

/** Deletes one event and recomputes every later hash and position with the app's own hash function and `key`. */
async function deleteAndRechain(
  database: Database,
  eventId: number,
  hashWith: (prev: string, row: Awaited<ReturnType<typeof storedEvents>>[number], position: number) => string,
) {
  await asDatabaseOwner(database, async () => {
    await sql`DELETE FROM ks_audit_event WHERE event_id = ${eventId}`.execute(database.db);
    const rows = await storedEvents(database);
    let prev = '0'.repeat(64);
    for (const [index, row] of rows.entries()) {
      if (row.event_id > eventId) {
        const hash = hashWith(prev, row, index + 1);
        await sql`UPDATE ks_audit_event SET prev_hash = ${prev}, hash = ${hash}, position = ${index + 1} WHERE event_id = ${row.event_id}`.execute(database.db);
        prev = hash;
      } else prev = row.hash;
    }
  });
}

describe.each(engines)('the audit trail against someone who can write to the database, on $name', ({ url }) => {
  let folder: string;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const checkpointFile = () => path.join(folder, 'checkpoint.json');
  let original: { checkpoint: string; rows: Awaited<ReturnType<typeof storedEvents>> };
  /** Puts the trail and its checkpoint back as they were before a test tampered with them. */
  const restore = async () => {
    await asDatabaseOwner(database, async () => {
      await sql`DELETE FROM ks_audit_event`.execute(database.db);
      for (const row of original.rows) {
        await sql`INSERT INTO ks_audit_event (event_id, occurred_at, user_id, username, action, subject_type, subject_id, child_ids, details, ip, request_id, prev_hash, hash, position)
          VALUES (${row.event_id}, ${row.occurred_at}::timestamptz, ${row.user_id}, ${row.username}, ${row.action}, ${row.subject_type}, ${row.subject_id}, ${sql.val(row.child_ids)}::text[],
                  ${JSON.stringify(hashedFieldsOf(row).details)}::jsonb, ${row.ip}, ${row.request_id}, ${row.prev_hash}, ${row.hash}, ${row.position})`.execute(
          database.db,
        );
      }
    });
    writeFileSync(checkpointFile(), original.checkpoint);
    await openAuditSeal(database, fileSeal(folder));
    expect((await verifyAuditChain(database)).intact).toBe(true);
  };
  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'keystone-audit-'));
    database = await freshDatabase(url);
    await openAuditSeal(database, fileSeal(folder));
    for (let n = 1; n <= 12; n++) await recordAudit(database, actor, { action: n % 3 === 0 ? 'child.view' : 'child.list', childIds: [`C${n}`] });
    original = { checkpoint: readFileSync(checkpointFile(), 'utf8'), rows: await storedEvents(database) };
  });
  afterAll(async () => {
    await database.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('keeps its key and a signed checkpoint of the head in the audit folder, outside the database', async () => {
    expect(statSync(path.join(folder, 'audit.key')).mode & 0o777).toBe(0o600);
    const checkpoint = JSON.parse(readFileSync(checkpointFile(), 'utf8'));
    const last = original.rows.at(-1)!;
    expect(checkpoint).toMatchObject({ eventId: last.event_id, hash: last.hash, position: 12 });
    expect(await verifyAuditChain(database)).toMatchObject({ intact: true, events: 12, sealedBy: { keySource: 'file' } });
    // Restarting reads the same key: the chain still checks.
    await openAuditSeal(database, fileSeal(folder));
    expect((await verifyAuditChain(database)).intact).toBe(true);
  });

  it('detects the last 5 events deleted', async () => {
    await asDatabaseOwner(database, () =>
      sql`DELETE FROM ks_audit_event WHERE event_id IN (SELECT event_id FROM ks_audit_event ORDER BY event_id DESC LIMIT 5)`.execute(database.db),
    );
    const check = await verifyAuditChain(database);
    expect(check.intact).toBe(false);
    expect(check.checkpointProblem).toMatch(/records 12 events .* holds 7/);
    await restore();
  });

  it('detects a child.view deleted and the later hashes recomputed with the app’s own function, without the key or with it', async () => {
    const view = original.rows.find((row) => row.action === 'child.view')!;
    // Without the key: the keyed function with a guessed key, or the old unkeyed function.
    const guessed = randomBytes(32);
    await deleteAndRechain(database, view.event_id, (prev, row, position) => eventHash(guessed, prev, hashedFieldsOf(row), position));
    let check = await verifyAuditChain(database);
    expect(check.intact).toBe(false);
    expect(check.firstBrokenEventId).toBe(view.event_id + 1);
    await restore();
    await deleteAndRechain(database, view.event_id, (prev, row) => legacyEventHash(prev, hashedFieldsOf(row)));
    expect((await verifyAuditChain(database)).firstBrokenEventId).toBe(view.event_id + 1);
    await restore();
    // With the key itself (someone who also read the key file): the chain checks, the checkpoint does not.
    const key = auditSealOf(database).key;
    await deleteAndRechain(database, view.event_id, (prev, row, position) => eventHash(key, prev, hashedFieldsOf(row), position));
    check = await verifyAuditChain(database);
    expect(check.firstBrokenEventId).toBeUndefined();
    expect(check.intact).toBe(false);
    expect(check.checkpointProblem).toMatch(/records 12 events .* holds 11/);
    await restore();
  });

  it('reports a checkpoint that was deleted or altered, and never quietly writes a new one', async () => {
    writeFileSync(checkpointFile(), original.checkpoint.replace(/"position": 12/, '"position": 11'));
    await openAuditSeal(database, fileSeal(folder));
    expect((await verifyAuditChain(database)).checkpointProblem).toMatch(/valid signature/);
    unlinkSync(checkpointFile());
    await openAuditSeal(database, fileSeal(folder));
    await recordAudit(database, actor, { action: 'sign_in' });
    const check = await verifyAuditChain(database);
    expect(check.intact).toBe(false);
    expect(check.checkpointProblem).toMatch(/missing/);
  });
});
