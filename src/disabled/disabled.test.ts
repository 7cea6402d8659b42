/**
 * The disabled children's page, who is waiting, waits by month and the figures by disability, on
 * the hand-made county of test/support/disabled-fixture.ts; and "No data" on an empty database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../core/http/app.ts';
import { signedInAs, testConfig } from '../../test/support/http.ts';
import { engines } from '../../test/support/engines.ts';
import { indicatorDatabase } from '../../test/support/indicators.ts';
import { deleteChildRecord } from '../retention/rules.ts';
import { disabledChildrenRoutes } from './routes.ts';
import { byDisability, dataCoverage, shortBreaksByKind, waitingChildren, waitsByMonth } from './queries.ts';
import { loadDisabledCounty } from '../../test/support/disabled-fixture.ts';
import { disabledChildrenSection, publishedStatistic } from './section.ts';
import { indicatorReport } from '../indicators/report.ts';

const MAR = '2024-03-31';
const TARGETS = { assessment: 45, service: 20 };

/** Child K3 as a page would name it: in a cell, a sentence or a link (not inside a nonce or a token). */
const CHILD_K3 = /(?:>|\/children\/|\s)K3(?:<|"|\s|\?|,)/;

describe.each(engines)('disabled children on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof indicatorDatabase>>;
  let empty: Awaited<ReturnType<typeof indicatorDatabase>>;
  let app: FastifyInstance;
  let emptyApp: FastifyInstance;
  const cookies = new Map<string, string>();
  const get = (who: string, path: string) => app.inject({ method: 'GET', url: path, headers: { cookie: cookies.get(who)! } });

  beforeAll(async () => {
    database = await indicatorDatabase(url);
    empty = await indicatorDatabase(url);
    await loadDisabledCounty(database);
    app = await buildApp({ database, config: testConfig() }, [disabledChildrenRoutes]);
    emptyApp = await buildApp({ database: empty, config: testConfig() }, [disabledChildrenRoutes]);
    for (const [who, roles] of [
      ['leader', ['senior_leader']],
      ['auditor', ['qa_auditor']],
      ['member', ['elected_member']],
      ['manager', ['team_manager']],
    ] as const) {
      cookies.set(who, (await signedInAs(database, { username: who, roles: [...roles] })).cookie);
    }
    cookies.set('empty-leader', (await signedInAs(empty, { username: 'leader', roles: ['senior_leader'] })).cookie);
  });
  afterAll(async () => {
    await app?.close();
    await emptyApp?.close();
    await database?.drop();
    await empty?.drop();
  });

  it('lists who is waiting, for what, in working days across Easter', async () => {
    const waiting = await waitingChildren(database, MAR, { kind: 'all' }, TARGETS);
    expect(waiting.map((row) => [row.childId, row.waitingFor, row.since, row.workingDays, row.overTarget])).toEqual([
      // K3 referred Wednesday 27 March: Thursday 28th is 1 working day; Good Friday and the weekend are not.
      ['K3', 'assessment', '2024-03-27', 1, false],
      // K1 assessed 28 March, its plan not started until 10 April.
      ['K1', 'service', '2024-03-28', 0, false],
    ]);
    // K1 referred 1 February and not assessed on 29 February: 20 working days.
    expect((await waitingChildren(database, '2024-02-29', { kind: 'all' }, TARGETS)).map((row) => [row.childId, row.workingDays])).toEqual([['K1', 20]]);
    expect(await waitingChildren(database, MAR, { kind: 'teams', teamIds: [] }, TARGETS)).toEqual([]);
  });

  it('gives the median and 90th percentile of completed waits by month', async () => {
    const months = await waitsByMonth(database, '2024-05-31', { kind: 'all' }, 3);
    expect(months.map((month) => month.month)).toEqual(['2024-03', '2024-04', '2024-05']);
    expect(months[0]!.assessment).toEqual({ count: 1, median: 40, p90: 40 });
    expect(months[1]!.assessment).toEqual({ count: 1, median: 3, p90: 3 });
    expect(months[1]!.service).toEqual({ count: 1, median: 7, p90: 7 });
    // May: 2, 4, 6 and 8 working days. Median (4 + 6) / 2 = 5; 90th percentile 6 + 0.7 × (8 − 6) = 7.4.
    expect(months[2]!.assessment).toEqual({ count: 4, median: 5, p90: 7.4 });
    expect(months[2]!.service).toEqual({ count: 0, median: null, p90: null });
  });

  it('counts children by disability, each child once in the total', async () => {
    const result = await byDisability(database, MAR, { kind: 'all' });
    expect(result.total).toBe(3);
    expect(result.rows.map((row) => [row.label, row.children])).toEqual([
      ['Autism or Asperger syndrome', 1],
      ['Hearing', 1],
      ['Learning', 1],
      ['Mobility', 1],
    ]);
    expect(await shortBreaksByKind(database, MAR, { kind: 'all' })).toEqual({ single: { children: 0, nights: 0 }, series: { children: 1, nights: 2 } });
  });

  it('shows the page to leaders and auditors, with "No data" for what the data do not hold', async () => {
    const page = await get('leader', `/disabled-children?as_of=${MAR}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/id="row-disabled-children_in_need"[\s\S]*?<td[^>]*>3</);
    expect(page.body).toContain('id="by-disability"');
    // No request was decided after January: March's figure is not available, and the page says why.
    expect(page.body).toMatch(/id="row-disabled-ehcp_requests_decided_6_weeks_pct"[\s\S]*?<td[^>]*>No data: /);
    expect(page.body).toContain('Transition assessment recorded:</strong> No data:');
    expect(page.body).toContain('href="/disabled-children/waiting?as_of=2024-03-31"');
    // Child K3 is on no page of figures (matched as an ID in text or a link, not inside a random nonce or token).
    expect(page.body).not.toMatch(CHILD_K3);
    const auditor = await get('auditor', `/disabled-children?as_of=${MAR}`);
    expect(auditor.statusCode).toBe(200);
    expect(auditor.body).not.toContain('/disabled-children/waiting');
    // An auditor sees the council's figures (as an analyst), and no list of children.
    expect(auditor.body).not.toContain('id="no-teams"');
    expect(auditor.body).toMatch(/id="row-disabled-children_in_need"[\s\S]*?<td[^>]*>3</);
    expect(auditor.body).not.toMatch(CHILD_K3);
    // A manager with no team on the date: the page says whose figures are open to whom, with no tables of dashes.
    const manager = await get('manager', `/disabled-children?as_of=${MAR}`);
    expect(manager.body).toContain('id="no-teams"');
    expect(manager.body).not.toContain('not recorded as managing a team');
    expect(manager.body).not.toContain('id="row-disabled-children_in_need"');
    expect((await get('member', '/disabled-children')).statusCode).toBe(403);
    expect((await get('leader', '/disabled-children?as_of=2024-03-15')).statusCode).toBe(400);

    const none = await emptyApp.inject({ method: 'GET', url: `/disabled-children?as_of=${MAR}`, headers: { cookie: cookies.get('empty-leader')! } });
    expect(none.statusCode).toBe(200);
    expect(none.body).toContain('No data: no disability is recorded');
    expect(none.body).toContain('No data: the SSD’s EHCP tables');
    expect(none.body).toContain('No data: no stay under legal status V3 or V4');
    expect(await dataCoverage(database)).toEqual({ disabilitiesRecorded: true, ehcpLoaded: true, shortBreaksRecorded: true, transitionAssessments: null });
  });

  it('audits the waiting list, and keeps it from those who may not see it', async () => {
    const page = await get('leader', `/disabled-children/waiting?as_of=${MAR}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/id="waiting-assessment"[\s\S]*Child K3[\s\S]*id="waiting-service"[\s\S]*Child K1/);
    expect(page.body).toMatch(CHILD_K3); // the pattern the figures pages are checked against finds a listed child
    const events = await sql<{ child_ids: string[]; subject_type: string }>`
      SELECT child_ids, subject_type FROM ks_audit_event WHERE action = 'child.list' ORDER BY event_id`.execute(database.db);
    expect(events.rows.at(-1)).toEqual({ child_ids: ['K3', 'K1'], subject_type: 'disabled_waiting' });
    // A team manager with no team on the date sees no child.
    const manager = await get('manager', `/disabled-children/waiting?as_of=${MAR}`);
    expect(manager.statusCode).toBe(200);
    expect(manager.body).not.toContain('Child K');
    expect((await get('auditor', `/disabled-children/waiting?as_of=${MAR}`)).statusCode).toBe(403);
    expect((await get('member', `/disabled-children/waiting?as_of=${MAR}`)).statusCode).toBe(403);
  });

  it('gives reports a member-safe section: small counts and medians of few waits withheld, no child', async () => {
    const section = (await disabledChildrenSection(database, MAR, 20))!;
    expect(section.title).toBe('Disabled children');
    const text = section.paragraphs.join(' ');
    // 3 disabled children in need: a small count; 60% of 5 children in need: withheld with it.
    expect(text).toContain('On 31 March 2024 c (fewer than 6) disabled children were open to children’s social care: c (fewer than 6) of children in need.');
    // One assessment completed in March: its wait (40 working days) would describe one child.
    expect(text).toContain('c (fewer than 6) assessments completed in the month: median wait c (fewer than 6) working days');
    expect(text).toContain('Transition assessments: no data');
    expect(section.table!.rows).toEqual([
      ['Autism or Asperger syndrome', 'c (fewer than 6)'],
      ['Hearing', 'c (fewer than 6)'],
      ['Learning', 'c (fewer than 6)'],
      ['Mobility', 'c (fewer than 6)'],
    ]);
    expect(JSON.stringify(section)).not.toMatch(/\bK\d+\b|Child K/);
    expect(publishedStatistic(7.4, 6)).toBe(7.4);
    expect(publishedStatistic(7.4, 5)).toBe('c');
    expect(publishedStatistic(null, 0)).toBe('z');
    expect(await disabledChildrenSection(empty, MAR, 20)).toBeNull();
  });

  it('puts the disabled.* indicators in what `keystone indicators --json` prints', async () => {
    const report = await indicatorReport(database, MAR, { threshold: 20 });
    const disabled = report.indicators.filter((indicator) => indicator.id.startsWith('disabled.'));
    expect(disabled.length).toBe(18);
    expect(disabled.find((indicator) => indicator.id === 'disabled.children_in_need')).toMatchObject({ value: 3, unit: 'count' });
    expect(disabled.find((indicator) => indicator.id === 'disabled.ehcp_20_weeks_pct')).toMatchObject({ numerator: 2, denominator: 3, value: 66.7 });
  });

  it('deletes a child’s EHCP rows with their record', async () => {
    const deleted = await deleteChildRecord(database, 'K5');
    expect(deleted).toMatchObject({ ssd_ehcp_named_plan: 1, ssd_ehcp_assessment: 1, ssd_ehcp_requests: 1, ssd_send: 1 });
    const left = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ssd_ehcp_requests WHERE ehcr_ehcp_request_id = 'Q5'`.execute(database.db);
    expect(left.rows[0]!.n).toBe(0);
  });
});
