import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { engines, freshDatabase } from '../../test/support/engines.ts';
import { multipartForm, requestsTo, signedInAs, testConfig } from '../../test/support/http.ts';
import { buildApp } from '../core/http/app.ts';
import { CAPABILITIES } from '../server/capabilities.ts';
import { childrenInScopeSql } from '../core/children/access.ts';
import type { SessionUser } from '../core/auth/sessions.ts';
import { todayInEngland } from '../core/dates.ts';
import { AUDIT_MEASURE, measureSource } from './evaluate.ts';
import { caseworkAuditSection } from '../reports/sections.ts';

const textOf = (html: string, id: string) => new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)?.[1]?.trim();

const REPORT = new URL('../../../shared/fixtures/ofsted/reports/durham-2016-05-16.pdf', import.meta.url);
const hasReport = existsSync(REPORT);
if (!hasReport) console.warn('Ofsted report upload test skipped: ../shared/fixtures/ofsted/reports is absent.');

describe.each(engines)('inspections, improvement plan and audits on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  let leader: { cookie: string; csrfToken: string; userId: number };
  let member: { cookie: string; csrfToken: string; userId: number };

  beforeAll(async () => {
    database = await freshDatabase(url);
    app = await buildApp({ database, config: testConfig() }, CAPABILITIES);
    leader = await signedInAs(database, { username: 'leader', roles: ['senior_leader'] });
    member = await signedInAs(database, { username: 'councillor', roles: ['elected_member'] });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const { post } = requestsTo(() => app);

  it.skipIf(!hasReport)('reads an uploaded Ofsted report into the form for a person to confirm', async () => {
    const body = await multipartForm({ _csrf: leader.csrfToken }, [
      { field: 'report', name: 'durham-2016-05-16.pdf', bytes: readFileSync(REPORT), type: 'application/pdf' },
    ]);
    const response = await app.inject({
      method: 'POST',
      url: '/inspections/upload',
      headers: { cookie: leader.cookie, 'content-type': body.contentType },
      payload: body.payload,
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Check the inspection read from the report');
    expect(response.body).toMatch(/<option value="sif" selected>/);
    expect(response.body).toMatch(/name="grade-overall_effectiveness"[\s\S]*?<option value="requires_improvement" selected>/);
    expect(response.body).toContain('value="22"');
    expect((response.body.match(/name="finding-\d+"/g) ?? []).length).toBe(14 + 3);
  });

  it('refuses a file that is not a PDF', async () => {
    const body = await multipartForm({ _csrf: leader.csrfToken }, [
      { field: 'report', name: 'report.pdf', bytes: new TextEncoder().encode('not a pdf'), type: 'application/pdf' },
    ]);
    const response = await app.inject({
      method: 'POST',
      url: '/inspections/upload',
      headers: { cookie: leader.cookie, 'content-type': body.contentType },
      payload: body.payload,
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('is not a PDF');
  });

  it('records an inspection, starts a plan from its findings, rates and reports progress', async () => {
    const invalid = await post(leader, '/inspections', {
      framework: 'sif',
      inspectionType: 'standard',
      'start-day': '22',
      'start-month': '2',
      'start-year': '2016',
      findingCount: '0',
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('Enter the last day of the inspection');

    const saved = await post(leader, '/inspections', {
      framework: 'sif',
      inspectionType: 'standard',
      'start-day': '22',
      'start-month': '2',
      'start-year': '2016',
      'end-day': '18',
      'end-month': '3',
      'end-year': '2016',
      'published-day': '16',
      'published-month': '5',
      'published-year': '2016',
      'grade-overall_effectiveness': 'requires_improvement',
      findingCount: '3',
      'finding-1': 'Reduce caseloads.',
      'findingKind-1': 'recommendation',
      'finding-2': 'Improve case-file auditing.',
      'findingKind-2': 'recommendation',
      'finding-3': '',
    });
    expect(saved.statusCode).toBe(303);
    const inspectionPath = saved.headers.location as string;
    const inspection = await app.inject({ url: inspectionPath, headers: { cookie: leader.cookie } });
    expect(inspection.body).toContain('16 May 2016');
    expect(inspection.body).toContain('23 August 2016'); // 70 working days: see register.test.ts

    const created = await post(leader, '/improvement/plans', { inspectionId: inspectionPath.split('/').pop()!, title: 'Plan 2016' });
    expect(created.statusCode).toBe(303);
    const planPath = created.headers.location as string;
    const lines = await sql<{ line_id: number; line_text: string }>`SELECT line_id, line_text FROM ks_plan_line ORDER BY position`.execute(database.db);
    expect(lines.rows.map((row) => row.line_text)).toEqual(['Reduce caseloads.', 'Improve case-file auditing.']);
    const lineId = Number(lines.rows[0]!.line_id);

    const action = await post(leader, `/improvement/lines/${lineId}/actions`, {
      actionText: 'Recruit six social workers',
      owner: 'Head of service',
      'due-day': '31',
      'due-month': '3',
      'due-year': '2017',
    });
    expect(action.statusCode).toBe(303);
    const actionPath = action.headers.location as string;
    expect((await post(leader, `${actionPath}/rating`, { rag: 'green' })).statusCode).toBe(400); // a reason is required
    expect((await post(leader, `${actionPath}/rating`, { rag: 'green', reason: 'Posts filled' })).statusCode).toBe(303);
    expect(
      (await post(leader, `${actionPath}/due`, { 'due-day': '31', 'due-month': '3', 'due-year': '2018', dueReason: 'Teams closed to new cases' })).statusCode,
    ).toBe(303);
    expect((await post(leader, `/improvement/lines/${lineId}/rating`, { rag: 'green', reason: 'One year on' })).statusCode).toBe(303);
    const secondLine = Number(lines.rows[1]!.line_id);
    expect((await post(leader, `/improvement/lines/${secondLine}/rating`, { rag: 'amber', reason: 'In progress' })).statusCode).toBe(303);

    const changes = await sql<{ field: string; old_value: string | null; new_value: string; reason: string; changed_by_name: string }>`
      SELECT field, old_value, new_value, reason, changed_by_name FROM ks_plan_change ORDER BY change_id`.execute(database.db);
    expect(changes.rows).toEqual([
      { field: 'rag', old_value: null, new_value: 'green', reason: 'Posts filled', changed_by_name: 'leader' },
      { field: 'due_date', old_value: '2017-03-31', new_value: '2018-03-31', reason: 'Teams closed to new cases', changed_by_name: 'leader' },
      { field: 'rag', old_value: null, new_value: 'green', reason: 'One year on', changed_by_name: 'leader' },
      { field: 'rag', old_value: null, new_value: 'amber', reason: 'In progress', changed_by_name: 'leader' },
    ]);

    // The action is past its due date and not completed: Keystone suggests red, and says the green rating is more optimistic.
    const actionPage = await app.inject({ url: actionPath, headers: { cookie: leader.cookie } });
    expect(actionPage.body).toContain('Overdue: due 31 March 2018');
    expect(actionPage.body).toContain('more optimistic than the evidence');

    // Members read the progress report (no child data) but change nothing.
    const progress = await app.inject({ url: `${planPath}/progress`, headers: { cookie: member.cookie } });
    expect(progress.statusCode).toBe(200);
    expect(progress.body).toMatch(/id="count-green">1</);
    expect(progress.body).toMatch(/id="count-amber">1</);
    expect(progress.body).toContain('Due date moved from 31 March 2017 to 31 March 2018');
    expect((await post(member, `${actionPath}/rating`, { rag: 'red', reason: 'x' })).statusCode).toBe(403);

    const docx = await app.inject({ url: `${planPath}/progress.docx`, headers: { cookie: member.cookie } });
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('refuses a plan title, plan line and rating reason over their maximum lengths, keeping what was typed', async () => {
    const title = `Plan ${'t'.repeat(196)}`;
    const refusedPlan = await post(leader, '/improvement/plans', { title });
    expect(refusedPlan.statusCode).toBe(400);
    expect(refusedPlan.body).toContain('The title must be 200 characters or fewer');
    expect(refusedPlan.body).toContain(`value="${title}"`);
    const planPath = (await post(leader, '/improvement/plans', { title: 'Lengths' })).headers.location as string;
    const lineText = `Line ${'l'.repeat(1996)}`;
    const refusedLine = await post(leader, `${planPath}/lines`, { lineText, lead: 'Head of service' });
    expect(refusedLine.statusCode).toBe(400);
    expect(refusedLine.body).toContain('The recommendation or improvement point must be 2,000 characters or fewer');
    expect(refusedLine.body).toContain(`>${lineText}</textarea>`);
    expect(refusedLine.body).toContain('value="Head of service"');
    expect((await post(leader, `${planPath}/lines`, { lineText: 'Lengths line' })).statusCode).toBe(303);
    const lineId = (await sql<{ line_id: number }>`SELECT line_id FROM ks_plan_line WHERE line_text = 'Lengths line'`.execute(database.db)).rows[0]!.line_id;
    const reason = `Why ${'r'.repeat(997)}`;
    const refusedLineRating = await post(leader, `/improvement/lines/${lineId}/rating`, { rag: 'green', reason });
    expect(refusedLineRating.statusCode).toBe(400);
    expect(refusedLineRating.body).toContain('The reason must be 1,000 characters or fewer');
    expect(refusedLineRating.body).toContain(`>${reason}</textarea>`);
    const action = await post(leader, `/improvement/lines/${lineId}/actions`, {
      actionText: 'Recruit',
      owner: 'Head of service',
      'due-day': '31',
      'due-month': '3',
      'due-year': '2027',
    });
    const refusedActionRating = await post(leader, `${action.headers.location as string}/rating`, { rag: 'green', reason });
    expect(refusedActionRating.statusCode).toBe(400);
    expect(refusedActionRating.body).toContain('The reason must be 1,000 characters or fewer');
    expect(refusedActionRating.body).toContain(`>${reason}</textarea>`);
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ks_plan_line WHERE length(line_text) > 2000`.execute(database.db)).rows[0]!.n).toBe(0);
  });

  it('gives a QA auditor the child of an audit open on the date, and only then', async () => {
    await sql`INSERT INTO ssd_person (pers_person_id) VALUES ('C1'), ('C2')`.execute(database.db);
    const auditor = await signedInAs(database, { username: 'qa.one', roles: ['qa_auditor'] });
    const other = await signedInAs(database, { username: 'qa.two', roles: ['qa_auditor'] });
    const template = await sql<{
      template_id: number;
    }>`INSERT INTO ks_audit_template (name, scale, good_threshold, domains) VALUES ('T', 'ofsted', 3, '["Voice of the child"]') RETURNING template_id`.execute(
      database.db,
    );
    await sql`INSERT INTO ks_casework_audit (template_id, person_id, audit_date, auditor_id, completed_on, moderator_id)
      VALUES (${template.rows[0]!.template_id}, 'C1', '2025-01-10', ${auditor.userId}, '2025-01-20', ${other.userId})`.execute(database.db);
    const user = (userId: number): SessionUser => ({
      userId,
      username: 'qa',
      displayName: 'qa',
      roles: ['qa_auditor'],
      professionalId: null,
      teamId: null,
      csrfToken: '',
      secondFactorPending: false,
    });
    const inScope = async (userId: number, asOf: string) =>
      (await sql<{ person_id: string }>`${await childrenInScopeSql(database, user(userId), asOf)}`.execute(database.db)).rows.map((row) => row.person_id);
    expect(await inScope(auditor.userId, '2025-01-09')).toEqual([]); // before the audit date
    expect(await inScope(auditor.userId, '2025-01-10')).toEqual(['C1']);
    expect(await inScope(auditor.userId, '2025-01-19')).toEqual(['C1']);
    expect(await inScope(auditor.userId, '2025-01-20')).toEqual([]); // completed: half-open
    expect(await inScope(other.userId, '2025-01-25')).toEqual(['C1']); // the moderator, until moderated
    await sql`UPDATE ks_casework_audit SET moderated_on = '2025-01-25', moderated_grade = 2, overall_grade = 3`.execute(database.db);
    expect(await inScope(other.userId, '2025-01-25')).toEqual([]);
  });

  it('lets a manager assign an audit only of a child in their scope, and the auditor grade it', async () => {
    const qa = await signedInAs(database, { username: 'qa.three', roles: ['qa_auditor'] });
    const refused = await post(leader, '/casework-audits', {
      templateId: '999',
      childId: 'NOPE',
      'auditDate-day': '1',
      'auditDate-month': '1',
      'auditDate-year': '2025',
      auditorId: String(qa.userId),
    });
    expect(refused.statusCode).toBe(400);
    const templateId = String(
      (await sql<{ template_id: number }>`SELECT template_id FROM ks_audit_template WHERE name = 'T'`.execute(database.db)).rows[0]!.template_id,
    );
    const form = { templateId, childId: 'C2', 'auditDate-day': '1', 'auditDate-month': '1', 'auditDate-year': '2025', auditorId: String(qa.userId) };
    // Sent twice at once (a double click): one audit, and both answers name it.
    const [assigned, again] = await Promise.all([post(leader, '/casework-audits', form), post(leader, '/casework-audits', form)]);
    expect([assigned.statusCode, again.statusCode]).toEqual([200, 200]);
    const opened = await sql<{ audit_id: number }>`SELECT audit_id FROM ks_casework_audit WHERE person_id = 'C2'`.execute(database.db);
    expect(opened.rows).toHaveLength(1);
    const auditId = opened.rows[0]!.audit_id;
    for (const answer of [assigned, again]) expect(answer.body).toContain(`Audit ${auditId} assigned`);
    const events = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM ks_audit_event WHERE subject_type = 'casework_audit' AND subject_id = ${String(auditId)}`.execute(database.db);
    expect(events.rows[0]!.n).toBe(1);
    const page = await app.inject({ url: `/casework-audits/${auditId}`, headers: { cookie: qa.cookie } });
    expect(page.statusCode).toBe(200);
    const today = todayInEngland();
    // A moderator sent twice (a doubled or tampered form) is refused, not read as "No moderation".
    const moderator = await signedInAs(database, { username: 'qa.four', roles: ['qa_auditor'] });
    const twice = await post(qa, `/casework-audits/${auditId}/grades`, {
      'grade-1': '3',
      overall: '3',
      findings: 'Clear plan',
      'completedOn-day': today.slice(8),
      'completedOn-month': today.slice(5, 7),
      'completedOn-year': today.slice(0, 4),
      moderatorId: [String(moderator.userId), String(moderator.userId)],
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('Choose one moderator, or No moderation');
    expect(
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ks_casework_audit WHERE audit_id = ${auditId} AND completed_on IS NOT NULL`.execute(database.db))
        .rows[0]!.n,
    ).toBe(0);
    const graded = await post(qa, `/casework-audits/${auditId}/grades`, {
      'grade-1': '3',
      overall: '3',
      findings: 'Clear plan',
      'completedOn-day': today.slice(8),
      'completedOn-month': today.slice(5, 7),
      'completedOn-year': today.slice(0, 4),
    });
    expect(graded.statusCode).toBe(303);
    // Completed today: the auditor's access has ended (half-open), so the audit no longer opens for them.
    expect((await app.inject({ url: `/casework-audits/${auditId}`, headers: { cookie: qa.cookie } })).statusCode).toBe(404);
    const results = await app.inject({ url: `/casework-audits?template=${templateId}`, headers: { cookie: member.cookie } });
    expect(results.statusCode).toBe(200);
    expect(results.body).toContain('c of c completed audits'); // one audit: suppressed for members
  });

  it('labels the rolling figure: what it counts, over which 3 months, and n, on the results page and the plan measure', async () => {
    // Data to 31 January 2025 (the data period's month end): both audits (1 and 10 January) are in its three months.
    await sql`INSERT INTO ssd_professionals (prof_professional_id, prof_professional_name) VALUES ('P-JAN', 'Worker')`.execute(database.db);
    await sql`INSERT INTO ssd_involvements (invo_involvements_id, invo_professional_id, invo_professional_role_id, invo_involvement_start_date, invo_person_id)
      VALUES ('I-JAN', 'P-JAN', 'ALLOCATED_CASE_WORKER', '2025-01-31', 'C1')`.execute(database.db);
    const templateId = (await sql<{ template_id: number }>`SELECT template_id FROM ks_audit_template WHERE name = 'T'`.execute(database.db)).rows[0]!
      .template_id;
    const label = 'Audits graded good or better, rolling 3 months to 31 January 2025';
    // C2's audit graded 3 (good), C1's moderated down to 2.
    const page = await app.inject({ url: `/casework-audits?template=${templateId}`, headers: { cookie: leader.cookie } });
    expect(textOf(page.body, 'rolling')).toBe(`${label}: 50% (n = 2).`);
    const members = await app.inject({ url: `/casework-audits?template=${templateId}`, headers: { cookie: member.cookie } });
    expect(textOf(members.body, 'rolling')).toBe(`${label}: c (n = c).`);
    expect(measureSource(AUDIT_MEASURE)!.title).toBe('Audits graded good or better, rolling 3 months');
    // A committee report (member-safe) gives the same label.
    expect((await caseworkAuditSection(database, '2025-01-31', 18))!.paragraphs[0]).toBe(`${label}: c (n = c). Counts from 1 to 5 are shown as c.`);
  });

  it('shows a member an improvement measure resting on 1 to 5 cases as c, as the results page and committee reports do', async () => {
    // The two audits above (50%, n = 2) measure an action of a new plan.
    const created = await post(leader, '/improvement/plans', { title: 'Audit plan' });
    const planPath = created.headers.location as string;
    const planId = Number(planPath.split('/').pop());
    await post(leader, `/improvement/plans/${planId}/lines`, { lineText: 'Improve casework quality.' });
    const lineId = (await sql<{ line_id: number }>`SELECT line_id FROM ks_plan_line WHERE plan_id = ${planId}`.execute(database.db)).rows[0]!.line_id;
    const action = await post(leader, `/improvement/lines/${lineId}/actions`, {
      actionText: 'Audit monthly',
      owner: 'Head of QA',
      'due-day': '31',
      'due-month': '3',
      'due-year': '2030',
    });
    const actionPath = action.headers.location as string;
    expect((await post(leader, `${actionPath}/measures`, { indicatorId: AUDIT_MEASURE, target: '80', trajectory: '' })).statusCode).toBe(303);

    const leaders = await app.inject({ url: actionPath, headers: { cookie: leader.cookie } });
    expect(leaders.body).toContain('50%');
    for (const path of [actionPath, `${planPath}/progress`]) {
      const page = await app.inject({ url: path, headers: { cookie: member.cookie } });
      expect(page.statusCode, path).toBe(200);
      expect(page.body, path).not.toContain('50%');
      expect(page.body, path).not.toMatch(/: 50 against a target/);
    }
    const memberAction = await app.inject({ url: actionPath, headers: { cookie: member.cookie } });
    expect(memberAction.body).toMatch(/Audits graded good or better, rolling 3 months: c on 31 January 2025/);
    // The suggested rating: red from 50% against 80% for the leader; for the member, none, since met or missed on the
    // hidden figure would tell it (the action is not overdue, and has no other measure).
    const rating = (html: string) =>
      /id="action-rating">([\s\S]*?)<\/dd>/
        .exec(html)![1]!
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    expect(rating(leaders.body)).toContain('Suggested from the evidence: Red');
    expect(rating(memberAction.body)).not.toContain('Suggested from the evidence');
    expect(rating(memberAction.body)).toContain('No suggestion from the published figures.');
    expect(memberAction.body).toMatch(/c \(fewer than 6 children or cases: not published, nor counted here\)/);
    expect(memberAction.body).not.toMatch(/\(missed\)|\(just missed\)|\(met\)/);
    const progress = await app.inject({ url: `${planPath}/progress`, headers: { cookie: member.cookie } });
    expect(progress.body).toMatch(/→ c \(31 January 2025\)/);
  });
});
