import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { engines, freshDatabase } from '../../test/support/engines.ts';
import { dateFields, requestsTo, signedInAs, testConfig } from '../../test/support/http.ts';
import { buildApp } from '../core/http/app.ts';
import { eventRoutes } from './events.ts';
import { indicatorEvents } from './analysis.ts';

describe.each(engines)('events on the charts on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await freshDatabase(url);
    app = await buildApp({ database, config: testConfig() }, [eventRoutes]);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });
  const { post } = requestsTo(() => app);

  it('lets an analyst add a process change that the charts then use, and remove it, with an audit trail', async () => {
    const analyst = await signedInAs(database, { username: 'ana.events', roles: ['performance_analyst'] });
    const bad = await post(analyst, '/indicators/events', { ...dateFields('date', '2015-02-30'), title: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('The date must be a real date');
    expect(bad.body).toContain('href="#date-day"');
    // The parts are kept as typed.
    expect(bad.body).toMatch(
      /name="date-day" type="text" value="30"[\s\S]*name="date-month" type="text" value="02"[\s\S]*name="date-year" type="text" value="2015"/,
    );
    const missing = await post(analyst, '/indicators/events', { 'date-day': '2', 'date-month': '', 'date-year': '2015', title: 'x' });
    expect(missing.body).toContain('The date must include a month');
    const empty = await post(analyst, '/indicators/events', { ...dateFields('date', ''), title: 'x' });
    expect(empty.body).toContain('Enter the date');
    expect(
      (
        await post(analyst, '/indicators/events', {
          ...dateFields('date', '2015-03-02'),
          title: 'Multi-agency safeguarding hub opened',
          indicator: 'demand.referrals',
          process_change: 'yes',
        })
      ).statusCode,
    ).toBe(303);
    expect(await indicatorEvents(database)).toEqual([
      { date: '2015-03-02', title: 'Multi-agency safeguarding hub opened', description: null, indicatorId: 'demand.referrals', processChange: true },
    ]);
    const page = await app.inject({ url: '/indicators/events', headers: { cookie: analyst.cookie } });
    const id = /\/indicators\/events\/(\d+)\/delete/.exec(page.body)![1];
    expect((await post(analyst, `/indicators/events/${id}/delete`)).statusCode).toBe(303);
    expect(await indicatorEvents(database)).toEqual([]);
    const audited = await database.db.selectFrom('ks_audit_event').select('subject_type').where('action', '=', 'data.change').execute();
    expect(audited).toHaveLength(2);
  });

  it('answers 404, not a server error, for an event number that cannot exist', async () => {
    const analyst = await signedInAs(database, { username: 'ana.bad-id', roles: ['performance_analyst'] });
    for (const id of ['99999999999999999999999', '1.5', '-1']) expect((await post(analyst, `/indicators/events/${id}/delete`)).statusCode, id).toBe(404);
  });

  it('shows team managers the events without the form', async () => {
    const manager = await signedInAs(database, { username: 'tm.events', roles: ['team_manager'] });
    const page = await app.inject({ url: '/indicators/events', headers: { cookie: manager.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Add an event');
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/indicators/events',
          headers: { cookie: manager.cookie },
          payload: { _csrf: manager.csrfToken, ...dateFields('date', '2020-01-01'), title: 'x' },
        })
      ).statusCode,
    ).toBe(403);
  });
});
