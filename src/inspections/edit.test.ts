import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { engines, freshDatabase } from '../../test/support/engines.ts';
import { signedInAs, testConfig } from '../../test/support/http.ts';
import { buildApp } from '../core/http/app.ts';
import { inspectionRoutes } from './routes/index.ts';
import { getInspection, inspectionChanges, saveInspection } from './register.ts';
import { createPlan } from '../improvement/plan.ts';

describe.each(engines)('changing a recorded inspection on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  let analyst: { cookie: string; csrfToken: string; userId: number };
  let manager: { cookie: string; csrfToken: string; userId: number };
  let inspectionId: number;
  let findingIds: number[];

  beforeAll(async () => {
    database = await freshDatabase(url);
    app = await buildApp({ database, config: testConfig() }, [inspectionRoutes]);
    analyst = await signedInAs(database, { username: 'analyst', roles: ['performance_analyst'], displayName: 'Ana Analyst' });
    manager = await signedInAs(database, { username: 'manager', roles: ['team_manager'] });
    inspectionId = await saveInspection(
      database,
      {
        framework: 'ilacs',
        inspectionType: 'standard',
        startDate: '2019-03-04',
        endDate: '2019-03-15',
        publishedDate: '2019-04-20',
        reportUrl: null,
        summary: null,
        grades: { overall_effectiveness: 'requires_improvement', help_and_protection: 'requires_improvement' },
        findings: [
          { kind: 'improvement_point', text: 'Management oversight of practice' },
          { kind: 'improvement_point', text: 'Timeliness of assessments' },
        ],
      },
      analyst.userId,
    );
    findingIds = (await getInspection(database, inspectionId))!.findings.map((finding) => finding.findingId);
    await createPlan(database, { title: 'Plan 2019', inspectionId, publishedDate: null }, { userId: analyst.userId, name: 'Ana Analyst', today: '2019-05-01' });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const form = (changes: Record<string, string>) => ({
    framework: 'ilacs',
    inspectionType: 'standard',
    'start-day': '4',
    'start-month': '3',
    'start-year': '2019',
    'end-day': '15',
    'end-month': '3',
    'end-year': '2019',
    'published-day': '20',
    'published-month': '4',
    'published-year': '2019',
    'grade-overall_effectiveness': 'requires_improvement',
    'grade-help_and_protection': 'requires_improvement',
    findingCount: '3',
    'findingId-1': String(findingIds[0]),
    'findingKind-1': 'improvement_point',
    'finding-1': 'Management oversight of practice',
    'findingId-2': String(findingIds[1]),
    'findingKind-2': 'improvement_point',
    'finding-2': 'Timeliness of assessments',
    'findingKind-3': 'improvement_point',
    'finding-3': '',
    reason: '',
    ...changes,
  });
  const send = (session: { cookie: string; csrfToken: string }, payload: Record<string, string>) =>
    app.inject({ method: 'POST', url: `/inspections/${inspectionId}`, headers: { cookie: session.cookie }, payload: { _csrf: session.csrfToken, ...payload } });

  it('opens the edit form filled with the inspection, its findings carrying their IDs', async () => {
    const page = await app.inject({ method: 'GET', url: `/inspections/${inspectionId}/edit`, headers: { cookie: analyst.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`action="/inspections/${inspectionId}"`);
    expect(page.body).toContain(`name="findingId-1" value="${findingIds[0]}"`);
    expect(page.body).toMatch(/<option value="ilacs" selected>/);
    expect(page.body).toContain('name="reason"');
  });

  it('asks why, and refuses people who may only read inspections', async () => {
    const noReason = await send(analyst, form({ 'end-day': '16' }));
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Say why the inspection is being changed');
    expect(noReason.body).toMatch(/name="end-day"[^>]*value="16"/);
    expect((await send(manager, form({ reason: 'x' }))).statusCode).toBe(403);
    expect(await inspectionChanges(database, inspectionId)).toEqual([]);
  });

  it('saves dates, type, framework, grades and findings, keeps who, when and why, and keeps plan lines linked', async () => {
    const response = await send(
      analyst,
      form({
        framework: 'ilacs_2023',
        inspectionType: 'short',
        'end-day': '14',
        'grade-overall_effectiveness': 'good',
        'grade-help_and_protection': '',
        'finding-1': 'Management oversight of practice in the front door',
        'finding-2': '',
        'finding-3': 'Quality of plans',
        reason: 'Corrected from the published report',
      }),
    );
    expect(response.statusCode).toBe(303);
    const saved = (await getInspection(database, inspectionId))!;
    expect(saved).toMatchObject({ framework: 'ilacs_2023', inspectionType: 'short', endDate: '2019-03-14', grades: { overall_effectiveness: 'good' } });
    expect(saved.grades.help_and_protection).toBeUndefined();
    expect(saved.findings.map((finding) => [finding.position, finding.text])).toEqual([
      [1, 'Management oversight of practice in the front door'],
      [2, 'Quality of plans'],
    ]);
    expect(saved.findings[0]!.findingId).toBe(findingIds[0]);

    const lines = await sql<{ finding_id: number | null; line_text: string }>`SELECT finding_id, line_text FROM ks_plan_line ORDER BY position`.execute(
      database.db,
    );
    expect(lines.rows.map((line) => [line.finding_id === null ? null : Number(line.finding_id), line.line_text])).toEqual([
      [findingIds[0], 'Management oversight of practice'],
      [null, 'Timeliness of assessments'],
    ]);

    const [change] = await inspectionChanges(database, inspectionId);
    expect(change).toMatchObject({ reason: 'Corrected from the published report', changedBy: 'Ana Analyst' });
    expect(Object.keys(change!.after).sort()).toEqual(['end_date', 'findings', 'framework', 'grades', 'inspection_type']);
    expect(change!.before.end_date).toBe('2019-03-15');
    expect(change!.after.grades).toEqual({ overall_effectiveness: 'good' });
    const audit = await sql<{
      action: string;
      subject_id: string;
    }>`SELECT action, subject_id FROM ks_audit_event WHERE subject_type = 'inspection' ORDER BY event_id DESC LIMIT 1`.execute(database.db);
    expect(audit.rows[0]).toEqual({ action: 'data.change', subject_id: String(inspectionId) });

    const page = await app.inject({ method: 'GET', url: `/inspections/${inspectionId}`, headers: { cookie: manager.cookie } });
    expect(page.body).toContain('id="inspection-history"');
    expect(page.body).toContain('Corrected from the published report');
    expect(page.body).toContain('15 March 2019 → 14 March 2019');
    expect(page.body).not.toContain('Change this inspection');
  });

  it('records nothing when nothing changed', async () => {
    const saved = (await getInspection(database, inspectionId))!;
    const same = form({
      framework: 'ilacs_2023',
      inspectionType: 'short',
      'end-day': '14',
      'grade-overall_effectiveness': 'good',
      'grade-help_and_protection': '',
      findingCount: '2',
      'findingId-1': String(saved.findings[0]!.findingId),
      'finding-1': saved.findings[0]!.text,
      'findingId-2': String(saved.findings[1]!.findingId),
      'finding-2': saved.findings[1]!.text,
      reason: 'No change',
    });
    expect((await send(analyst, same)).statusCode).toBe(303);
    expect(await inspectionChanges(database, inspectionId)).toHaveLength(1);
  });
});
