import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { engines, freshDatabase } from '../../test/support/engines.ts';
import { requestsTo, signedInAs, testConfig } from '../../test/support/http.ts';
import { buildApp } from '../core/http/app.ts';
import { improvementRoutes } from './routes/index.ts';
import { addAction, closePlan, createPlan, listPlans, loadPlan, PlanStatusError } from './plan.ts';
import { evaluatePlan } from './evaluate.ts';
import { seedImprovementDemo } from './demo.ts';
import { listInspections, planDeadline } from '../inspections/register.ts';

const editor = { userId: null, name: 'Test', today: '2024-01-01' };

describe.each(engines)('closing and superseding plans on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  let leader: Awaited<ReturnType<typeof signedInAs>>;
  beforeAll(async () => {
    database = await freshDatabase(url);
    app = await buildApp({ database, config: testConfig() }, [improvementRoutes]);
    leader = await signedInAs(database, { username: 'leader', roles: ['senior_leader'] });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });
  const { post } = requestsTo(() => app);

  it('supersedes a plan by another open one, with a reason, and audits it; errors are named', async () => {
    const old = await createPlan(database, { title: 'Plan 2016', inspectionId: null, publishedDate: null }, editor);
    const next = await createPlan(database, { title: 'Plan 2019', inspectionId: null, publishedDate: null }, editor);
    const page = await app.inject({ url: `/improvement/plans/${old}`, headers: { cookie: leader.cookie } });
    expect(page.body).toContain('Close the plan');

    const bad = await post(leader, `/improvement/plans/${old}/close`, { outcome: 'superseded', supersededBy: String(old), reason: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Select the open plan that carries the work on');
    expect(bad.body).toContain('Say why the plan is closed');
    expect((await post(leader, `/improvement/plans/${old}/close`, { reason: 'x' })).body).toContain(
      'Select whether the plan is complete or carried on by another plan',
    );

    const done = await post(leader, `/improvement/plans/${old}/close`, {
      outcome: 'superseded',
      supersededBy: String(next),
      reason: 'The 2019 plan carries the work on.',
    });
    expect(done.statusCode).toBe(303);
    const closed = await app.inject({ url: `/improvement/plans/${old}`, headers: { cookie: leader.cookie } });
    expect(closed.body).toMatch(
      /<strong>Superseded<\/strong> on \d+ \w+ \d{4} by <a class="govuk-link" href="\/improvement\/plans\/\d+">Plan 2019<\/a>: The 2019 plan carries the work on./,
    );
    expect(closed.body).not.toContain('Close the plan');
    const list = await app.inject({ url: '/improvement', headers: { cookie: leader.cookie } });
    expect(list.body).toMatch(/Superseded [^<]* by Plan 2019/);
    expect((await post(leader, `/improvement/plans/${old}/close`, { outcome: 'closed', reason: 'again' })).body).toContain('The plan is already closed');
    const event = await database.db
      .selectFrom('ks_audit_event')
      .select(['details'])
      .where('subject_type', '=', 'improvement_plan')
      .where('subject_id', '=', String(old))
      .executeTakeFirstOrThrow();
    expect(event.details).toMatchObject({ status: { from: 'open', to: 'superseded' }, superseded_by: next, reason: 'The 2019 plan carries the work on.' });
    await expect(closePlan(database, next, { status: 'superseded', closedOn: '2024-01-01', reason: 'r', supersededBy: old })).rejects.toBeInstanceOf(
      PlanStatusError,
    );
  });

  it('judges a closed plan as it stood on the day it closed: nothing falls overdue afterwards', async () => {
    const planId = await createPlan(database, { title: 'Plan closed in 2020', inspectionId: null, publishedDate: null }, editor);
    const line = (await database.db
      .insertInto('ks_plan_line' as never)
      .values({ plan_id: planId, position: 1, line_text: 'Line' } as never)
      .returning('line_id' as never)
      .executeTakeFirstOrThrow()) as { line_id: number };
    await addAction(database, Number(line.line_id), { text: 'Action', owner: 'Owner', dueDate: '2020-06-30' });
    await closePlan(database, planId, { status: 'closed', closedOn: '2020-03-31', reason: 'Done', supersededBy: null });
    const page = await app.inject({ url: `/improvement/plans/${planId}`, headers: { cookie: leader.cookie } });
    expect(page.body).toContain('<strong>Closed</strong> on 31 March 2020: Done');
    expect(page.body).toContain('Overdue actions: as the plan stood when it closed, 31 March 2020');
    expect(page.body).not.toMatch(/>\s*Overdue\s*</);
  });
});

describe.each(engines)('the demo county’s improvement history on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase(url);
    await seedImprovementDemo(database, { from: '2020-04-01', to: '2026-10-31' });
  });
  afterAll(async () => {
    await database.drop();
  });

  it('reads like a council that kept its plan up to date', async () => {
    const plans = await listPlans(database);
    expect(plans.filter((plan) => plan.status === 'open').map((plan) => plan.title)).toEqual(['Improvement plan 2022 (ILACS)']);
    expect(plans.find((plan) => plan.title.startsWith('Improvement plan 2016'))).toMatchObject({
      status: 'superseded',
      successor: 'Improvement plan 2019 (ILACS)',
    });
    // Nothing in the live plan is overdue at the end of the demo data, and every rating was reviewed in its last year.
    const live = (await loadPlan(database, plans.find((plan) => plan.status === 'open')!.planId))!;
    const evaluated = await evaluatePlan(database, live, '2026-11-01', 20);
    expect(evaluated.overdue).toBe(0);
    const lastReview = live.lines
      .flatMap((line) => line.changes.map((change) => change.changedOn))
      .sort()
      .at(-1)!;
    expect(lastReview >= '2026-01-01').toBe(true);
    // Every inspection that needs a plan has one; the outstanding 2011 inspection needs none.
    const inspections = await listInspections(database);
    for (const inspection of inspections) {
      const required = planDeadline(inspection) !== null;
      expect(required, `${inspection.startDate} ${inspection.inspectionType}`).toBe(plans.some((plan) => plan.inspectionId === inspection.inspectionId));
    }
    expect(planDeadline(inspections.find((inspection) => inspection.startDate === '2011-11-28')!)).toBeNull();
  });
});
