/**
 * The dashboards on the caseload county (test/support/caseload-fixture.ts, as at 31 March 2024): 156
 * children allocated; P01 holds 20 of them that day; P10 manages team T1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { longDate } from '../core/dates.ts';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../core/http/app.ts';
import { signedInAs, testConfig } from '../../test/support/http.ts';
import { engines } from '../../test/support/engines.ts';
import { AS_OF, loadCaseloadFixture } from '../../test/support/caseload-fixture.ts';
import { indicatorRoutes } from './routes/index.ts';
import { childrenRoutes } from '../children/routes.ts';
import { indicatorDatabase, insert } from '../../test/support/indicators.ts';

describe.each(engines)('indicator dashboards on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof indicatorDatabase>>;
  let app: FastifyInstance;
  const cookies = new Map<string, string>();
  const get = (who: string, path: string) => app.inject({ method: 'GET', url: path, headers: { cookie: cookies.get(who)! } });
  const auditEvents = async () =>
    (
      await sql<{ action: string; subject_id: string | null; child_ids: string[]; details: Record<string, unknown> | string }>`
      SELECT action, subject_id, child_ids, details FROM ks_audit_event WHERE action = 'child.list' ORDER BY event_id`.execute(database.db)
    ).rows;

  beforeAll(async () => {
    database = await indicatorDatabase(url);
    await loadCaseloadFixture(database);
    await insert(database, 'ks_indicator_event', ['event_date', 'title', 'process_change'], [['2024-01-01', 'Teams reorganised', 'true']]);
    app = await buildApp({ database, config: testConfig() }, [indicatorRoutes, childrenRoutes]);
    for (const [who, roles, professionalId] of [
      ['leader', ['senior_leader'], null],
      ['manager', ['team_manager'], 'P10'],
      ['worker', ['social_worker'], 'P01'],
      ['member', ['elected_member'], null],
      ['auditor', ['qa_auditor'], null],
      ['teamless', ['team_manager'], 'P09'],
    ] as const) {
      cookies.set(who, (await signedInAs(database, { username: who, roles: [...roles], professionalId })).cookie);
    }
    // The auditor's one open audit: a child of P01's (team T1).
    const template = await sql<{ template_id: number }>`
      INSERT INTO ks_audit_template (name, scale, good_threshold, domains) VALUES ('T', 'ofsted', 3, '["Voice of the child"]') RETURNING template_id`.execute(
      database.db,
    );
    await sql`INSERT INTO ks_casework_audit (template_id, person_id, audit_date, team_id, auditor_id)
      SELECT ${template.rows[0]!.template_id}, 'C-P01-2023-12-01-1', '2024-03-01', 'T1', user_id FROM ks_user WHERE username = 'auditor'`.execute(database.db);
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('shows leaders every indicator with its SPC verdicts', async () => {
    const page = await get('leader', `/indicators?as_of=${AS_OF}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Performance overview');
    expect(page.body).toMatch(/id="row-demand-open_cases"[\s\S]*?<td[^>]*data-value>156</);
    expect(page.body).toContain('Common cause variation');
    // It leads with what needs attention and what is improving.
    expect(page.body.indexOf('id="attention"')).toBeGreaterThan(0);
    expect(page.body.indexOf('id="attention"')).toBeLessThan(page.body.indexOf('id="area-'));
    expect(page.body).toContain('id="improving"');
    // A rate has its counts beside it; a count does not.
    expect(page.body).toMatch(/data-value>[\d.]+%<br><span class="govuk-body-s" data-counts>\d[\d,]* of \d[\d,]*<\/span>/);
    expect(page.body).not.toMatch(/id="row-demand-open_cases"[^]*?data-value>156<br>/);
    // No verdict beside a figure that is not there.
    expect(page.body).not.toMatch(/data-value>–<\/td>(?:(?!<\/tr>)[^])*?Special cause/);
    const area = await get('leader', `/indicators?as_of=${AS_OF}&area=workforce`);
    expect(area.body).toContain('Average caseload');
    expect(area.body).not.toContain('Re-referrals within 12 months');
  });

  it('says beside each verdict that its limits are provisional (the process change of 1 January 2024 is under 15 months before)', async () => {
    const page = await get('leader', `/indicators?as_of=${AS_OF}`);
    const rows = [...page.body.matchAll(/<tr[^>]* id="row-[^]*?<\/tr>/g)].map((match) => match[0]);
    const withVerdict = rows.filter((row) => /Special cause|Common cause variation/.test(row));
    expect(withVerdict.length).toBeGreaterThan(0);
    for (const row of withVerdict) expect(row).toContain('data-provisional>Provisional limits: fewer than 15 months');
    const team = await get('manager', `/indicators/teams/T1?as_of=${AS_OF}`);
    expect(team.body).toContain('data-provisional>Provisional limits: fewer than 15 months since the last process change</span>');
  });

  it('tells a manager who manages no team on the date whose figures are open to whom', async () => {
    const page = await get('teamless', `/indicators?as_of=${AS_OF}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="no-teams"');
    expect(page.body).not.toContain('not recorded as managing a team');
  });

  it("shows a QA auditor the council's figures, but only the children under their audit", async () => {
    const overview = await get('auditor', `/indicators?as_of=${AS_OF}`);
    expect(overview.statusCode).toBe(200);
    expect(overview.body).not.toContain('id="no-teams"');
    expect(overview.body).toMatch(/id="row-demand-open_cases"[\s\S]*?<td[^>]*data-value>156</);
    expect((await get('auditor', `/indicators/demand.open_cases?as_of=${AS_OF}`)).body).toContain(
      'For the whole council at 31 March 2024: <strong id="figure-value">156</strong>',
    );
    // A team's figures, but not its workers and their caseloads (casework, not the auditor's).
    const team = await get('auditor', `/indicators/teams/T1?as_of=${AS_OF}`);
    expect(team.statusCode).toBe(200);
    expect(team.body).toContain('id="team-indicators"');
    expect(team.body).not.toContain('id="team-workers"');
    expect(team.body).not.toContain('Ada Adams');
    expect((await get('manager', `/indicators/teams/T1?as_of=${AS_OF}`)).body).toContain('id="team-workers"');
    // The children behind the number: the one child under the auditor's open audit; the rest counted, not named.
    const list = await get('auditor', `/indicators/demand.open_cases/children?as_of=${AS_OF}`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('155 children are outside what you may see.');
    expect(list.body.match(/<tr class="govuk-table__row">/g)).toHaveLength(2); // the head and one child
    expect((await auditEvents()).at(-1)!.child_ids).toEqual(['C-P01-2023-12-01-1']);
    const teamList = await get('auditor', `/indicators/demand.open_cases/children?as_of=${AS_OF}&team=T2`);
    expect(teamList.statusCode).toBe(200);
    expect((await auditEvents()).at(-1)!.child_ids).toEqual([]);
  });

  it('refuses members and unknown dates, indicators and teams', async () => {
    expect((await get('member', '/indicators')).statusCode).toBe(403);
    expect((await get('leader', '/indicators?as_of=2024-03-15')).statusCode).toBe(400);
    expect((await get('leader', '/indicators/no.such')).statusCode).toBe(404);
    expect((await get('manager', `/indicators/teams/T2?as_of=${AS_OF}`)).statusCode).toBe(404);
  });

  it('draws the indicator page: SPC chart with the event, table, team breakdown and definition', async () => {
    const page = await get('leader', `/indicators/demand.open_cases?as_of=${AS_OF}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<svg');
    expect(page.body).toContain('Teams reorganised');
    expect(page.body).toContain('id="series"');
    expect(page.body).toContain('id="breakdown-team"');
    expect(page.body).toContain(`<title id="chart-teams-title">Open cases (children allocated to a worker) by team on ${longDate(AS_OF)}</title>`);
    expect(page.body).toContain('Children with an allocated case worker involvement in effect on the date');
    expect(page.body).not.toMatch(/style="/);
    expect(page.body).toContain(`/indicators/demand.open_cases/children?as_of=${AS_OF}`);
    // A local measure has no DfE definition; a benchmarked figure's panel cites DfE and Keystone's reading.
    expect(page.body).not.toContain('DfE’s definition');
    const lookedAfter = await get('leader', `/indicators/demand.looked_after?as_of=${AS_OF}`);
    expect(lookedAfter.body).toContain('DfE’s definition');
    expect(lookedAfter.body).toContain(
      'href="https://explore-education-statistics.service.gov.uk/find-statistics/children-looked-after-in-england-including-adoptions"',
    );
    expect(lookedAfter.body).toContain('Keystone’s reading');
    expect(lookedAfter.body).toContain('demand.looked_after_including_short_breaks');
  });

  it('scopes a team manager to their team', async () => {
    const overview = await get('manager', `/indicators?as_of=${AS_OF}`);
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain('Assessment team North');
    const team = await get('manager', `/indicators/teams/T1?as_of=${AS_OF}`);
    expect(team.statusCode).toBe(200);
    expect(team.body).toContain('Ada Adams');
    // A rate per 10,000 rests on the council's child population: for a team the page says so, with no SPC verdict.
    const rate = /id="row-demand-children_in_need_per_10k"(?:(?!<\/tr>)[\s\S])*<\/tr>/.exec(overview.body)?.[0];
    expect(rate).toContain('Not available for a team');
    expect(rate).not.toContain('Too few points');
  });

  it('keeps a rendered page to its scope, role and data version', async () => {
    const url = `/indicators/demand.open_cases?as_of=${AS_OF}`;
    expect((await get('leader', url)).body).toContain('For the whole council at 31 March 2024: <strong id="figure-value">156</strong>');
    const manager = await get('manager', url);
    expect(manager.body).toContain('For Assessment team North at 31 March 2024');
    expect(manager.body).not.toContain('<strong id="figure-value">156</strong>');
    // The layout is each user's own: only the content is kept.
    expect(manager.body).toContain('ks-header__user">manager');
    expect(manager.body).not.toContain('ks-header__user">leader');
    await insert(database, 'ks_indicator_event', ['event_date', 'title', 'process_change'], [['2024-02-01', 'Front door redesigned', 'false']]);
    expect((await get('leader', url)).body).toContain('Front door redesigned');
  });

  it('lists the children behind a number, audited before it is sent', async () => {
    const before = (await auditEvents()).length;
    const list = await get('leader', `/indicators/demand.open_cases/children?as_of=${AS_OF}`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('156 children: showing 1 to 50 of 156');
    expect(list.body).toContain('govuk-pagination');
    const events = await auditEvents();
    expect(events).toHaveLength(before + 1);
    // The trail records the children the page showed: the first 50.
    expect(events[events.length - 1]!.child_ids).toHaveLength(50);
    expect(events[events.length - 1]!.subject_id).toBe('demand.open_cases');
    const last = await get('leader', `/indicators/demand.open_cases/children?as_of=${AS_OF}&page=4`);
    expect(last.body).toContain('showing 151 to 156 of 156');
    expect((await auditEvents()).at(-1)!.child_ids).toHaveLength(6);
  });

  it('shows a social worker only their own children, and members none', async () => {
    const list = await get('worker', `/indicators/demand.open_cases/children?as_of=${AS_OF}`);
    expect(list.statusCode).toBe(200);
    // P01's 20 children; the child moved to P02 on 31 March is not theirs that day.
    expect(list.body).toContain('20 children');
    // The indicator page is not theirs to open: the back link goes to their own work, not to a refusal.
    expect((await get('worker', `/indicators/demand.open_cases?as_of=${AS_OF}`)).statusCode).toBe(403);
    expect(list.body).toContain('<a href="/my-work" class="govuk-back-link">Back to my work</a>');
    const events = await auditEvents();
    expect(events[events.length - 1]!.child_ids).toHaveLength(20);
    expect(events[events.length - 1]!.child_ids).not.toContain('C-MOVED');
    expect((await get('member', `/indicators/demand.open_cases/children?as_of=${AS_OF}`)).statusCode).toBe(403);
  });

  it('gives a social worker their work, audited', async () => {
    const page = await get('worker', '/my-work');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Children allocated to you (20)');
    const events = await auditEvents();
    expect(events[events.length - 1]!.child_ids).toHaveLength(20);
    expect((await get('leader', '/my-work')).statusCode).toBe(403);
  });

  it('dates My work and My children alike: the data period’s month end, shown on both', async () => {
    // Data into April: a child allocated to P01 on 10 April. The data period's month end stays 31 March.
    await insert(database, 'ssd_person', ['pers_person_id'], [['C-APRIL']]);
    await insert(
      database,
      'ssd_involvements',
      ['invo_involvements_id', 'invo_professional_id', 'invo_professional_role_id', 'invo_involvement_start_date', 'invo_person_id'],
      [['I-APRIL', 'P01', 'ALLOCATED_CASE_WORKER', '2024-04-10', 'C-APRIL']],
    );
    const work = await get('worker', '/my-work');
    expect(work.body).toContain('As at <strong>31 March 2024</strong>');
    expect(work.body).toContain('Children allocated to you (20)');
    const redirect = await get('worker', '/my-children');
    expect(redirect.headers.location).toBe('/caseloads/workers/P01/children?date=2024-03-31');
    const children = await get('worker', redirect.headers.location as string);
    expect(children.body).toContain('On 31 March 2024: 20 children');
    expect(children.body).toContain('id="as-of-note"');
    // Without a date, a worker's list is as at the same month end.
    expect((await get('manager', '/caseloads/workers/P01/children')).body).toContain('On 31 March 2024: 20 children');
  });
});
