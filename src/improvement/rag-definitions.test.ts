import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { engines, freshDatabase } from '../../test/support/engines.ts';
import { signedInAs, testConfig } from '../../test/support/http.ts';
import { buildApp } from '../core/http/app.ts';
import { improvementRoutes } from './routes/index.ts';

describe.each(engines)('the council’s RAG definitions on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  let manager: { cookie: string; csrfToken: string };
  let member: { cookie: string; csrfToken: string };

  beforeAll(async () => {
    database = await freshDatabase(url);
    app = await buildApp({ database, config: testConfig() }, [improvementRoutes]);
    manager = await signedInAs(database, { username: 'service', roles: ['service_manager'] });
    member = await signedInAs(database, { username: 'councillor', roles: ['elected_member'] });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const meanings = {
    'meaning-red': 'Significant risk: will not be delivered without intervention.',
    'meaning-amber': 'Some risk: delivery in doubt.',
    'meaning-green': 'On target.',
    'meaning-blue': 'Delivered and sustained for six months.',
  };
  const send = (session: { cookie: string; csrfToken: string }, payload: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/improvement/rag-definitions', headers: { cookie: session.cookie }, payload: { _csrf: session.csrfToken, ...payload } });

  it('shows the current wording in a form to people who manage the plan', async () => {
    const page = await app.inject({ method: 'GET', url: '/improvement/rag-definitions', headers: { cookie: manager.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Off track: the action is late or the evidence shows no improvement.');
    expect((await app.inject({ method: 'GET', url: '/improvement/rag-definitions', headers: { cookie: member.cookie } })).statusCode).toBe(403);
  });

  it('needs every meaning, then saves the council’s wording, shows it and audits what changed', async () => {
    const missing = await send(manager, { ...meanings, 'meaning-amber': ' ' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Say what amber means');
    expect(missing.body).toContain('Delivered and sustained for six months.');
    expect((await send(member, meanings)).statusCode).toBe(403);

    expect((await send(manager, meanings)).statusCode).toBe(303);
    const stored = await sql<{ rag: string; label: string; meaning: string }>`SELECT rag, label, meaning FROM ks_rag_definition ORDER BY rag`.execute(
      database.db,
    );
    expect(stored.rows.find((row) => row.rag === 'blue')).toEqual({ rag: 'blue', label: 'Blue', meaning: 'Delivered and sustained for six months.' });
    const audit = await sql<{ action: string; subject_type: string; details: Record<string, { from: string; to: string }> }>`
      SELECT action, subject_type, details FROM ks_audit_event WHERE subject_type = 'rag_definitions'`.execute(database.db);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]!.details.red).toEqual({ from: 'Off track: the action is late or the evidence shows no improvement.', to: meanings['meaning-red'] });

    const plans = await app.inject({ method: 'GET', url: '/improvement', headers: { cookie: member.cookie } });
    expect(plans.body).toContain('Delivered and sustained for six months.');
    expect(plans.body).not.toContain('Change what the ratings mean');

    expect((await send(manager, meanings)).statusCode).toBe(303);
    expect(
      (await sql<{ count: number }>`SELECT count(*)::int AS count FROM ks_audit_event WHERE subject_type = 'rag_definitions'`.execute(database.db)).rows[0]!
        .count,
    ).toBe(1);
  });
});
