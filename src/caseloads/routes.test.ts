import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../core/db/database.ts';
import { buildApp } from '../core/http/app.ts';
import { loadConfig } from '../core/config.ts';
import type { Role } from '../core/auth/access.ts';
import { caseloadRoutes } from './routes.ts';
import { caseloadsOn } from './rules.ts';
import { AS_OF, loadCaseloadFixture } from '../../test/support/caseload-fixture.ts';
import { engines, freshDatabase } from '../../test/support/engines.ts';
import { requestsTo, signedInAs, type Session } from '../../test/support/http.ts';
import { indicatorDatabase, insert, insertPeople } from '../../test/support/indicators.ts';

const config = { ...loadConfig({}), caseloadThreshold: 20 };

/** The text of the element with this id. */
const textOf = (html: string, id: string) => new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)?.[1]?.trim();
const rowsOf = (html: string, tableId: string) => {
  const table = new RegExp(`<table class="govuk-table" id="${tableId}">([\\s\\S]*?)</table>`).exec(html)?.[1] ?? '';
  return [...table.matchAll(/<tbody[\s\S]*?<\/tbody>/g)].flatMap((body) => [...body[0].matchAll(/<tr[\s\S]*?<\/tr>/g)].map((row) => row[0]));
};
const rowHeaders = (html: string, tableId: string) =>
  rowsOf(html, tableId).map((row) =>
    /<th scope="row"[^>]*>(.*?)<\/th>/s
      .exec(row)?.[1]
      ?.replace(/<span class="govuk-visually-hidden">.*?<\/span>/gs, '')
      .replace(/<[^>]+>/g, '')
      .trim(),
  );

describe.each(engines)('caseloads page on $name', ({ url }) => {
  let database: Database;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  const sessions = new Map<string, Session>();

  async function signIn(username: string, roles: Role[], scope: { professionalId?: string; teamId?: string } = {}) {
    sessions.set(username, await signedInAs(database, { username, roles, ...scope }));
  }
  const { get: getAs } = requestsTo(() => app);
  const get = (username: string, url: string) => getAs(sessions.get(username)!, url);

  beforeAll(async () => {
    const fresh = await freshDatabase(url);
    database = fresh;
    drop = fresh.drop;
    await loadCaseloadFixture(database);
    app = await buildApp({ database, config }, [caseloadRoutes]);
    await signIn('leader', ['senior_leader']);
    await signIn('manager', ['team_manager'], { professionalId: 'P10' });
    await signIn('service.manager', ['service_manager'], { teamId: 'S1' });
    await signIn('unattached', ['service_manager']);
    await signIn('worker', ['social_worker'], { professionalId: 'P01' });
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it('opens on the last month end with data and shows the same figures as caseloadsOn', async () => {
    const response = await get('leader', '/caseloads');
    expect(response.statusCode).toBe(200);
    const html = response.body;
    const expected = await caseloadsOn(database, AS_OF, { threshold: 20, scope: { kind: 'all' } });
    expect(textOf(html, 'figure-average')).toBe(expected.county.average!.toFixed(1));
    expect(textOf(html, 'figure-workers')).toBe(String(expected.county.workers));
    expect(textOf(html, 'figure-over-threshold-pct')).toBe(`${expected.county.overThresholdPct!.toFixed(1)}%`);
    expect(textOf(html, 'figure-over-threshold-count')).toBe(`${expected.county.overThreshold} workers`);
    expect(textOf(html, 'figure-cases')).toBe(String(expected.county.cases));
    expect(textOf(html, 'figure-children')).toBe(`${expected.county.children} different children`);
    expect([textOf(html, 'figure-average'), textOf(html, 'figure-cases'), textOf(html, 'figure-children')]).toEqual(['15.7', '157', '156 different children']);
    expect(html).toContain('All teams on 31 March 2024');
    expect(html).toMatch(/id="date-day" name="day" type="text" value="31"/);
    expect(html).toMatch(/id="date-month" name="month" type="text" value="3"/);
    expect(rowHeaders(html, 'workers')).toEqual(expected.workers.map((worker) => worker.name));
    expect(rowHeaders(html, 'teams')).toEqual(expected.teams.map((team) => team.teamName));
    expect(rowsOf(html, 'bands').map((row) => [...row.matchAll(/<td[^>]*>([^<]*)</g)].map((cell) => cell[1]))).toEqual([
      ['5', '50.0%'],
      ['2', '20.0%'],
      ['2', '20.0%'],
      ['1', '10.0%'],
    ]);
    // Months with data from June 2023 to March 2024, in the charts and the table.
    expect(rowHeaders(html, 'trend')).toHaveLength(10);
    expect(rowHeaders(html, 'trend').at(-1)).toBe('31 March 2024');
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg" class="ks-chart" id="chart-average" role="img"');
    expect(html).not.toMatch(/C-P\d\d|C-MOVED|C-SHARED/);
    expect(html).not.toMatch(/style="/);
  });

  it('says not available, never 0, for a date before the first allocation held', async () => {
    const html = (await get('leader', '/caseloads?day=31&month=1&year=2000')).body;
    expect(html).toContain('All teams on 31 January 2000');
    expect(html).toContain('Not available: Keystone holds allocations of children to workers from ');
    expect(html).not.toContain('id="figure-workers"');
  });

  it('marks teams whose average is over the threshold and workers over it', async () => {
    const html = (await get('leader', '/caseloads?day=31&month=3&year=2024')).body;
    const teamOne = rowsOf(html, 'teams').find((row) => row.includes('Assessment team North'))!;
    expect(teamOne).toContain('21.7<strong class="govuk-tag govuk-tag--red govuk-!-margin-left-1">Over 20</strong>');
    const overWorkers = rowsOf(html, 'workers').filter((row) => row.includes('Over 20'));
    expect(overWorkers).toHaveLength(5);
  });

  it('uses the configured threshold', async () => {
    const app24 = await buildApp({ database, config: { ...config, caseloadThreshold: 24 } }, [caseloadRoutes]);
    try {
      const response = await app24.inject({ method: 'GET', url: '/caseloads', headers: { cookie: sessions.get('leader')!.cookie } });
      expect(textOf(response.body, 'figure-over-threshold-pct')).toBe('30.0%');
      expect(rowHeaders(response.body, 'bands')).toEqual(['0 to 24', '25 to 30', 'More than 30']);
      expect(response.body).toContain('Workers with more than 24 cases');
      expect(response.body).toContain('Threshold: 24');
    } finally {
      await app24.close();
    }
  });

  it('filters to one team for leaders', async () => {
    const response = await get('leader', '/caseloads?day=31&month=3&year=2024&team=T2');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Child protection team South on 31 March 2024');
    expect(rowHeaders(response.body, 'workers')).toEqual(['Fay Fox', 'Eve Evans', 'Dev Doshi', 'Kit King', 'Gus Green']);
    expect(response.body).toMatch(/<option value="T2" selected>Child protection team South<\/option>/);
    expect(response.body).not.toContain('Old assessment team');
  });

  it('shows a team manager their own team only, on the date asked', async () => {
    const response = await get('manager', '/caseloads');
    expect(response.statusCode).toBe(200);
    expect(rowHeaders(response.body, 'workers')).toEqual(['Cara Clark', 'Ben Brown', 'Ada Adams']);
    expect(textOf(response.body, 'figure-average')).toBe('21.7');
    expect(response.body).not.toContain('id="team"');
    const earlier = await get('manager', '/caseloads?day=14&month=3&year=2024');
    expect(rowHeaders(earlier.body, 'workers')).toContain('Kit King');
  });

  it('refuses a team outside the user’s scope', async () => {
    const response = await get('manager', '/caseloads?team=T2');
    expect(response.statusCode).toBe(400);
    expect(response.body).not.toContain('Dev Doshi');
    expect(response.body).toContain('<a href="#team">Select a team from the list</a>');
    expect(response.body).toMatch(/<select class="govuk-select govuk-select--error" id="team"/);
    expect(response.body).not.toContain('Child protection team South');
    const unknown = await get('leader', '/caseloads?team=T9');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('<a href="#team">Select a team from the list</a>');
  });

  it('lets a service manager choose among the teams of their service', async () => {
    const response = await get('service.manager', '/caseloads');
    expect(response.body).toContain('Assessment team North, Child protection team South on 31 March 2024');
    expect(response.body).toMatch(/<option value="T1">Assessment team North<\/option>/);
    expect(response.body).not.toContain('Hal Hughes');
  });

  it('says so plainly when the user has no team', async () => {
    const response = await get('unattached', '/caseloads');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('You are not recorded as managing a team on 31 March 2024');
    expect(response.body).not.toContain('id="workers"');
  });

  it.each([
    ['?day=&month=&year=2024', 'Date must include a day and month', ['day', 'month']],
    ['?day=31&month=&year=2024', 'Date must include a month', ['month']],
    ['?day=30&month=2&year=2024', 'Date must be a real date', ['day', 'month', 'year']],
    ['?day=12&month=13&year=2024', 'Date must be a real date', ['month']],
    ['?day=1&month=1&year=24', 'Year must include 4 numbers', ['year']],
    ['?day=31&month=12&year=1989', 'Date must be the same as or after 1 January 1990', ['day', 'month', 'year']],
    ['?day=1&month=1&year=2999', 'Date must be today or in the past', ['day', 'month', 'year']],
  ])('rejects %s with the GOV.UK error pattern', async (query, message, parts) => {
    const response = await get('leader', `/caseloads${query}`);
    expect(response.statusCode).toBe(400);
    const html = response.body;
    expect(html).toContain('<title>Error: Caseloads');
    expect(html).toContain(`<a href="#date-${parts[0]}">${message}</a>`);
    expect(html).toMatch(new RegExp(`<p id="date-error" class="govuk-error-message">\\s*<span class="govuk-visually-hidden">Error:</span> ${message}`));
    for (const part of ['day', 'month', 'year']) {
      const input = new RegExp(`class="([^"]*)" id="date-${part}"`).exec(html)?.[1] ?? '';
      expect(input.includes('govuk-input--error'), part).toBe(parts.includes(part));
    }
    expect(html).not.toContain('id="workers"');
  });

  it('accepts month names', async () => {
    const response = await get('leader', '/caseloads?day=29&month=Feb&year=2024');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('All teams on 29 February 2024');
    expect(textOf(response.body, 'figure-cases')).toBe('154');
  });

  it('refuses roles without the caseloads permission and sends strangers to sign in', async () => {
    expect((await get('worker', '/caseloads')).statusCode).toBe(403);
    const anonymous = await app.inject({ method: 'GET', url: '/caseloads?day=31&month=3&year=2024' });
    expect(anonymous.statusCode).toBe(302);
    expect(anonymous.headers.location).toMatch(/^\/sign-in\?next=/);
  });
});

describe.each(engines)('caseloads page on an SSDA903 return alone (no allocations held) on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof indicatorDatabase>>;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await indicatorDatabase(url);
    await insertPeople(database, [['C1', '2010-05-01']]);
    await insert(
      database,
      'ssd_cla_episodes',
      ['clae_cla_episode_id', 'clae_person_id', 'clae_cla_episode_start_date', 'clae_cla_episode_ceased_date', 'clae_legal_status'],
      [['E1', 'C1', '2017-04-03', null, 'C2']],
    );
    app = await buildApp({ database, config }, [caseloadRoutes]);
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('says no caseload can be counted and why, with no figure of 0', async () => {
    const leader = await signedInAs(database, { username: 'leader', roles: ['senior_leader'] });
    const html = (await app.inject({ url: '/caseloads?day=31&month=3&year=2018', headers: { cookie: leader.cookie } })).body;
    expect(html).toContain('Not available: Keystone holds no allocations of children to workers (ssd_involvements): an SSDA903 return');
    for (const id of ['figure-average', 'figure-workers', 'figure-cases', 'bands']) expect(html).not.toContain(`id="${id}"`);
    // Without a date it opens where the other pages do, on the data's last month, not on today.
    const opened = (await app.inject({ url: '/caseloads', headers: { cookie: leader.cookie } })).body;
    expect(opened).toContain('All teams on 30 April 2017');
  });
});
