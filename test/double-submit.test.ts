/**
 * Create forms sent twice at once (a double click) create one record and send both answers to it
 * (src/core/http/once.ts). Committee report drafts: src/reports/routes.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { engines, freshDatabase } from './support/engines.ts';
import { dateFields, onceFrom, requestsTo, signedInAs, testConfig, type Session } from './support/http.ts';
import { buildApp } from '../src/core/http/app.ts';
import { CAPABILITIES } from '../src/server/capabilities.ts';

describe.each(engines)('create forms sent twice at once on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  let leader: Session;
  let admin: Session;
  beforeAll(async () => {
    database = await freshDatabase(url);
    app = await buildApp({ database, config: testConfig() }, CAPABILITIES);
    leader = await signedInAs(database, { username: 'twice.leader', roles: ['senior_leader'] });
    admin = await signedInAs(database, { username: 'twice.admin', roles: ['administrator'] });
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });
  const { get, post } = requestsTo(() => app);

  /** Sends the form on `page` twice at once with `fields`; both answers must send the person to the same place. */
  async function sendTwice(who: Session, page: string, action: string, fields: Record<string, string | string[]>) {
    const form = await get(who, page);
    expect(form.statusCode).toBe(200);
    const sent = { ...fields, _once: onceFrom(form.body) };
    const [first, second] = await Promise.all([post(who, action, sent), post(who, action, sent)]);
    expect([first!.statusCode, second!.statusCode]).toEqual([303, 303]);
    expect(second!.headers.location).toBe(first!.headers.location);
    return first!.headers.location as string;
  }
  const count = async (table: string, where: ReturnType<typeof sql>) =>
    Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE ${where}`.execute(database.db)).rows[0]!.n);

  it('makes one improvement plan and one plan line', async () => {
    const planPath = await sendTwice(leader, '/improvement', '/improvement/plans', { title: 'Twice plan' });
    expect(await count('ks_plan', sql`title = 'Twice plan'`)).toBe(1);
    await sendTwice(leader, planPath, `${planPath}/lines`, { lineText: 'Twice line', lead: '' });
    expect(await count('ks_plan_line', sql`line_text = 'Twice line'`)).toBe(1);
  });

  it('makes one event on the charts', async () => {
    await sendTwice(leader, '/indicators/events', '/indicators/events', { ...dateFields('date', '2025-03-01'), title: 'Twice event', indicator: '' });
    expect(await count('ks_indicator_event', sql`title = 'Twice event'`)).toBe(1);
  });

  it('makes one casework audit template', async () => {
    await sendTwice(leader, '/casework-audits/templates', '/casework-audits/templates', {
      name: 'Twice template',
      scale: 'ofsted',
      domains: 'Voice of the child',
      trajectory: '2025-03-31: 80',
    });
    expect(await count('ks_audit_template', sql`name = 'Twice template'`)).toBe(1);
  });

  it('makes one account, its creation recorded once', async () => {
    await sendTwice(admin, '/admin/users/new', '/admin/users', {
      username: 'twice.member',
      displayName: 'Twice Member',
      roles: ['elected_member'],
      password: 'a long enough pass phrase for twice',
    });
    expect(await count('ks_user', sql`username = 'twice.member'`)).toBe(1);
    // The account is saved by username, so the second used to overwrite the first and record its creation again.
    expect(await count('ks_audit_event', sql`action = 'permission.change' AND details->>'created' = 'twice.member'`)).toBe(1);
  });
});
