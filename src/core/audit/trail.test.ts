import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { engines, freshDatabase } from '../../../test/support/engines.ts';
import { recordAudit, verifyAuditChain, type Actor } from './trail.ts';

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
    await expect(verifyAuditChain(database)).resolves.toEqual({ events: 3, intact: true });
  });

  it('refuses updates, deletes and truncation', async () => {
    await expect(sql`UPDATE ks_audit_event SET username = 'someone else'`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM ks_audit_event`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE ks_audit_event`.execute(database.db)).rejects.toThrow(/append-only/);
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
