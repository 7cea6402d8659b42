/** Which plan actions an indicator measures, from a hand-made plan in the database. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase } from '../../test/support/engines.ts';
import { addAction, addLine, addMeasure, createPlan, updateAction, type Editor } from '../improvement/plan.ts';
import { latestPlanEvaluated, planLinksByIndicator } from './plan-links.ts';

describe.each(engines)('improvement-plan links on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const editor: Editor = { userId: null, name: 'Dee Director', today: '2025-04-01' };
  beforeAll(async () => {
    database = await freshDatabase(url);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('links each measured indicator to its actions in the latest plan, with rating and suggestion', async () => {
    // An older plan measuring the same indicator is not the current plan, so it is not linked.
    const old = await createPlan(database, { title: 'Improvement plan 2016', inspectionId: null, publishedDate: null }, editor);
    const oldAction = await addAction(database, await addLine(database, old, { text: 'Old recommendation', lead: null }), {
      text: 'Old action',
      owner: 'Someone',
      dueDate: '2017-03-31',
    });
    await addMeasure(database, oldAction, { indicatorId: 'timeliness.assessments_45wd_pct', description: 'Old', target: 80, trajectory: [] });

    const plan = await createPlan(database, { title: 'Improvement plan 2025', inspectionId: null, publishedDate: null }, editor);
    const line = await addLine(database, plan, { text: 'Assessments are timely', lead: 'Head of Service' });
    // Due 30 June 2025 and not completed by 30 September: overdue, so Keystone suggests red; rated amber,
    // the plan is more optimistic. There are no case data, so the measures give no evidence either way.
    const late = await addAction(database, line, { text: 'Add an assessment team', owner: 'Head of Assessment', dueDate: '2025-06-30' });
    await addMeasure(database, late, {
      indicatorId: 'timeliness.assessments_45wd_pct',
      description: 'Assessments in 45 working days: 85%',
      target: 85,
      trajectory: [],
    });
    await addMeasure(database, late, { indicatorId: 'timeliness.assessments_45wd_pct', description: 'The same indicator again', target: 90, trajectory: [] });
    await updateAction(database, late, { rag: 'amber' }, 'Recruitment under way', editor);
    // Due next March, unrated, no evidence: no suggestion.
    const later = await addAction(database, line, { text: 'Weekly tracking', owner: 'Service Manager', dueDate: '2026-03-31' });
    await addMeasure(database, later, { indicatorId: 'caseload.average', description: 'Average caseload 18', target: 18, trajectory: [] });

    const links = planLinksByIndicator(await latestPlanEvaluated(database, '2025-09-30', 20));
    expect([...links.keys()].sort()).toEqual(['caseload.average', 'timeliness.assessments_45wd_pct']);
    expect(links.get('timeliness.assessments_45wd_pct')).toEqual([
      {
        planTitle: 'Improvement plan 2025',
        recommendation: { position: 1, text: 'Assessments are timely' },
        action: 'Add an assessment team',
        owner: 'Head of Assessment',
        dueDate: '2025-06-30',
        completedOn: null,
        overdue: true,
        rag: 'amber',
        suggested: 'red',
        disagreement: 'more_optimistic',
      },
    ]);
    expect(links.get('caseload.average')).toMatchObject([{ action: 'Weekly tracking', overdue: false, rag: null, suggested: null, disagreement: null }]);
  });
});
