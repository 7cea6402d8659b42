import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { engines, freshDatabase } from '../../../test/support/engines.ts';
import { onceFrom, requestsTo, signedInAs, testConfig, type Session } from '../../../test/support/http.ts';
import { buildApp, type Capability } from './app.ts';
import { once, onceToken } from './once.ts';

/**
 * A create form keeping its records in memory. A form named "slow" is held until a second request
 * of it has reached its route (and, a turn later, is waiting for the first): sent twice at once.
 */
const records: string[] = [];
const slowHeld: (() => void)[] = [];
let slowArrivals = 0;
const form: Capability = (app) => {
  const access = { access: { permission: 'caseloads.view' as const } };
  // The form as a page renders it: reply.render gives templates onceToken(request).
  const page = (request: FastifyRequest) => `<form><input type="hidden" name="_once" value="${onceToken(request)}"></form>`;
  app.get('/things/new', { config: access }, (request, reply) => reply.type('text/html').send(page(request)));
  app.addHook('preHandler', async (request) => {
    if ((request.body as { name?: string } | undefined)?.name === 'slow' && ++slowArrivals === 2) setImmediate(() => slowHeld.forEach((release) => release()));
  });
  app.post<{ Body: { name?: string } }>(
    '/things',
    { config: access },
    once(async (request, reply) => {
      const name = request.body.name ?? '';
      if (!name) return reply.code(400).type('text/html').send(page(request));
      if (name === 'slow') await new Promise<void>((resolve) => slowHeld.push(resolve));
      records.push(name);
      return reply.redirect(`/things/${records.length}`, 303);
    }),
  );
};

describe.each(engines)('a create form sent twice creates once, on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  let manager: Session;
  let other: Session;
  beforeAll(async () => {
    database = await freshDatabase(url);
    app = await buildApp({ database, config: testConfig() }, [form]);
    manager = await signedInAs(database, { username: 'once.manager', roles: ['team_manager'] });
    other = await signedInAs(database, { username: 'once.other', roles: ['team_manager'] });
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });
  const { get, post } = requestsTo(() => app);
  const newToken = async (who: Session) => onceFrom((await get(who, '/things/new')).body);

  it('renders a different token on each form', async () => {
    expect(await newToken(manager)).not.toBe(await newToken(manager));
  });

  it('creates once when the same form is sent again after the first finished, and sends both to the same place', async () => {
    records.length = 0;
    const token = await newToken(manager);
    const first = await post(manager, '/things', { name: 'a', _once: token });
    const second = await post(manager, '/things', { name: 'a', _once: token });
    expect([first.statusCode, second.statusCode]).toEqual([303, 303]);
    expect(second.headers.location).toBe(first.headers.location);
    expect(records).toEqual(['a']);
  });

  it('creates once when the second arrives while the first is still running, which it waits for', async () => {
    records.length = 0;
    slowArrivals = 0;
    const token = await newToken(manager);
    const [first, second] = await Promise.all([
      post(manager, '/things', { name: 'slow', _once: token }),
      post(manager, '/things', { name: 'slow', _once: token }),
    ]);
    expect([first!.statusCode, second!.statusCode]).toEqual([303, 303]);
    expect(second!.headers.location).toBe(first!.headers.location);
    expect(slowArrivals).toBe(2);
    expect(records).toEqual(['slow']);
  });

  it('keeps the token on a form re-shown with errors, so the corrected form still creates', async () => {
    records.length = 0;
    const token = await newToken(manager);
    const refused = await post(manager, '/things', { name: '', _once: token });
    expect(refused.statusCode).toBe(400);
    expect(onceFrom(refused.body)).toBe(token);
    const corrected = await post(manager, '/things', { name: 'c', _once: token });
    expect(corrected.statusCode).toBe(303);
    expect(records).toEqual(['c']);
  });

  it('creates two records from two forms, from the same token in two sessions, and from forms without a token', async () => {
    records.length = 0;
    await post(manager, '/things', { name: 'd', _once: await newToken(manager) });
    await post(manager, '/things', { name: 'e', _once: await newToken(manager) });
    const shared = await newToken(manager);
    await post(manager, '/things', { name: 'f', _once: shared });
    await post(other, '/things', { name: 'f', _once: shared });
    await post(manager, '/things', { name: 'g' });
    await post(manager, '/things', { name: 'g' });
    expect(records).toEqual(['d', 'e', 'f', 'f', 'g', 'g']);
  });
});
