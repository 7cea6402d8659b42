/**
 * Kestrelshire's inspection history, improvement plans and casework audits for the demo county.
 * A fictional council whose story echoes County Durham's published reports (domain README §1):
 * outstanding 2011 → requires improvement 2016 (SIF, 14 recommendations; "one year on": 4 green,
 * 10 amber, some dates moved to March 2018) → JTAI 2018, focused visit 2019 → requires improvement
 * 2019 (ILACS; audits "at times over-optimistic") → good with outstanding leadership 2022.
 * The council kept its plans up to date: each plan's work was completed or carried on by the next
 * inspection's plan (the 2016 plan superseded by 2019's, 2019's by 2022's; the JTAI's closed), and
 * the 2022 plan is live with its ratings reviewed through 2026 and nothing left overdue.
 * Casework audits run through the demo period, improving towards their trajectory, with
 * moderation lowering early grades more often. Deterministic: no clock, no Math.random.
 * Call after the demo accounts exist (it uses 'auditor', 'servicemanager' and 'director').
 */
import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import { addDays, addMonths, monthEnd, type IsoDate } from '../core/dates.ts';
import { saveInspection, type InspectionInput } from '../inspections/register.ts';
import { DEFAULT_DOMAINS } from '../casework-audits/rules.ts';
import { saveTemplate } from '../casework-audits/store.ts';
import { addAction, addEvidence, addMeasure, closePlan, createPlan, rateLine, updateAction, type Editor } from './plan.ts';
import { AUDIT_MEASURE } from './evaluate.ts';
import type { Rag } from './rag.ts';
import { ALLOCATIONS, inEffect } from '../core/allocations.ts';

const SIF_2016_RECOMMENDATIONS = [
  'Reduce social workers’ caseloads so that they have enough time to work directly with children and families.',
  'Improve the quality and use of performance information so that political and senior leaders know how well services help children.',
  'Ensure that strategy discussions include all relevant agencies and are recorded clearly.',
  'Ensure that assessments consider children’s history and are completed within timescales that meet their needs.',
  'Ensure that plans are clear about the outcomes children need and the timescales for achieving them.',
  'Improve the consistency of management oversight and supervision, recording the rationale for decisions.',
  'Ensure that children’s wishes and feelings are recorded and influence their plans.',
  'Strengthen case-file auditing so that it identifies weaknesses in practice and drives improvement.',
  'Ensure that child protection visits take place at the frequency required by each child’s plan.',
  'Improve the timeliness of initial child protection conferences.',
  'Ensure that children looked after have up-to-date health assessments.',
  'Ensure that pathway plans for care leavers are specific and reviewed regularly.',
  'Reduce the number of placement moves for children looked after.',
  'Ensure that children who go missing are offered a return home interview within 72 hours and that the information is used.',
];

const INSPECTIONS: InspectionInput[] = [
  {
    framework: 'pre_sif',
    inspectionType: 'standard',
    startDate: '2011-11-28',
    endDate: '2011-12-09',
    publishedDate: '2012-01-20',
    reportUrl: null,
    summary: 'Safeguarding and looked after children inspection.',
    grades: { overall_effectiveness: 'outstanding', children_in_care: 'good' },
    findings: [],
  },
  {
    framework: 'sif',
    inspectionType: 'standard',
    startDate: '2016-02-22',
    endDate: '2016-03-18',
    publishedDate: '2016-05-16',
    reportUrl: null,
    summary: 'Children’s services require improvement to be good. The Local Safeguarding Children Board requires improvement.',
    grades: {
      overall_effectiveness: 'requires_improvement',
      help_and_protection: 'requires_improvement',
      looked_after_permanence: 'requires_improvement',
      adoption: 'good',
      care_leavers: 'good',
      leadership_management_governance: 'requires_improvement',
      lscb: 'requires_improvement',
    },
    findings: SIF_2016_RECOMMENDATIONS.map((text) => ({ kind: 'recommendation', text })),
  },
  {
    framework: 'other',
    inspectionType: 'jtai',
    startDate: '2018-07-02',
    endDate: '2018-07-06',
    publishedDate: '2018-08-31',
    reportUrl: null,
    summary: 'Joint targeted area inspection of the multi-agency response to abuse and neglect.',
    grades: {},
    findings: [{ kind: 'area_for_improvement', text: 'Partner agencies’ contributions to strategy discussions are not consistently recorded.' }],
  },
  {
    framework: 'ilacs',
    inspectionType: 'focused_visit',
    startDate: '2019-01-15',
    endDate: '2019-01-16',
    publishedDate: '2019-02-20',
    reportUrl: null,
    summary: 'Focused visit: children in need and children subject to a child protection plan.',
    grades: {},
    findings: [
      { kind: 'area_for_improvement', text: 'The quality and timeliness of child protection visits.' },
      { kind: 'area_for_improvement', text: 'The impact of management oversight on progressing plans.' },
    ],
  },
  {
    framework: 'ilacs',
    inspectionType: 'standard',
    startDate: '2019-09-09',
    endDate: '2019-09-20',
    publishedDate: '2019-10-21',
    reportUrl: null,
    summary: 'Audit activity is at times over-optimistic.',
    grades: {
      overall_effectiveness: 'requires_improvement',
      impact_of_leaders: 'requires_improvement',
      help_and_protection: 'requires_improvement',
      children_in_care: 'good',
    },
    findings: [
      { kind: 'improvement_point', text: 'The accuracy of quality assurance: audit activity is at times over-optimistic about the quality of practice.' },
      { kind: 'improvement_point', text: 'The timeliness and quality of child protection plans, so that they are clear about what needs to change.' },
      { kind: 'improvement_point', text: 'Social workers’ caseloads in the child protection teams.' },
      { kind: 'improvement_point', text: 'The consistency of management oversight and supervision.' },
    ],
  },
  {
    framework: 'ilacs',
    inspectionType: 'standard',
    startDate: '2022-05-09',
    endDate: '2022-05-20',
    publishedDate: '2022-07-05',
    reportUrl: null,
    summary: 'Good, with outstanding impact of leaders.',
    grades: { overall_effectiveness: 'good', impact_of_leaders: 'outstanding', help_and_protection: 'good', children_in_care: 'good' },
    findings: [
      { kind: 'improvement_point', text: 'The response to children who go missing from home or care, including return home interviews.' },
      { kind: 'improvement_point', text: 'The sufficiency of short breaks for disabled children.' },
      { kind: 'improvement_point', text: 'The quality of pathway plans for care leavers.' },
    ],
  },
];

/** A small deterministic generator (LCG) so the demo is the same every time. */
function generator(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

async function userId(database: Database, username: string): Promise<number | null> {
  const row = (await sql<{ user_id: number }>`SELECT user_id FROM ks_user WHERE username = ${username}`.execute(database.db)).rows[0];
  return row ? Number(row.user_id) : null;
}

export async function seedImprovementDemo(database: Database, summary: { from: IsoDate; to: IsoDate }): Promise<void> {
  const director = await userId(database, 'director');
  const ids: number[] = [];
  for (const inspection of INSPECTIONS) ids.push(await saveInspection(database, inspection, director));
  const editor = (today: IsoDate): Editor => ({ userId: director, name: 'Dana Director', today });

  // The 2016 plan at "one year on" (June 2017): 4 green, 10 amber; three dates moved to March 2018.
  const sifPlan = await createPlan(
    database,
    { title: 'Improvement plan 2016 (SIF recommendations)', inspectionId: ids[1]!, publishedDate: '2016-08-19' },
    editor('2016-08-19'),
  );
  const sifLines = (
    await sql<{ line_id: number }>`SELECT line_id FROM ks_plan_line WHERE plan_id = ${sifPlan} ORDER BY position`.execute(database.db)
  ).rows.map((row) => Number(row.line_id));
  const green = new Set([2, 3, 10, 11]);
  const moved = new Set([1, 5, 8]);
  for (const [index, lineId] of sifLines.entries()) {
    const number = index + 1;
    const actionId = await addAction(database, lineId, {
      text: `Deliver recommendation ${number}: agreed actions and owner at the improvement board`,
      owner: number <= 7 ? 'Head of Children’s Social Care' : 'Head of Quality Assurance',
      dueDate: '2017-03-31',
    });
    if (number === 1)
      await addMeasure(database, actionId, {
        indicatorId: 'caseload.over_threshold_pct',
        description: 'Share of social workers with more than 20 cases below 10%',
        target: 10,
        trajectory: [],
      });
    if (number === 8)
      await addMeasure(database, actionId, {
        indicatorId: AUDIT_MEASURE,
        description: 'Casework graded good or better: 80–100% by March 2018, 90–100% by March 2019',
        target: 90,
        trajectory: [
          { date: '2017-03-31', value: 61 },
          { date: '2018-03-31', value: 80 },
          { date: '2019-03-31', value: 90 },
        ],
      });
    if (moved.has(number))
      await updateAction(
        database,
        actionId,
        { dueDate: '2018-03-31' },
        number === 1
          ? 'Two child protection teams closed to new cases for staff shortage; new Easington team recruiting.'
          : 'Improvement slower than planned; board agreed a new date.',
        editor('2017-05-15'),
      );
    const rag: Rag = green.has(number) ? 'green' : 'amber';
    await updateAction(
      database,
      actionId,
      { rag },
      green.has(number) ? 'Completed and evidenced at the improvement board.' : 'In progress: work under way, not yet showing the intended result.',
      editor('2017-06-12'),
    );
    if (green.has(number)) await updateAction(database, actionId, { completedOn: '2017-05-31' }, 'Completed', editor('2017-06-12'));
    await rateLine(database, lineId, rag, 'One year on report to cabinet, June 2017.', editor('2017-06-12'));
    await addEvidence(
      database,
      actionId,
      {
        note: green.has(number) ? 'Improvement board minutes record completion.' : 'Progress reported to the improvement board; further work agreed.',
        link: null,
      },
      editor('2017-06-12'),
    );
  }

  // After "one year on" the board saw the amber recommendations through to March 2019; the 2019
  // inspection's plan then carried the remaining work on.
  for (const [index, lineId] of sifLines.entries()) {
    const number = index + 1;
    if (green.has(number)) {
      await rateLine(database, lineId, 'blue', 'Complete and embedded: confirmed by audit at the improvement board.', editor('2018-03-19'));
      continue;
    }
    const actionId = (await sql<{ action_id: number }>`SELECT action_id FROM ks_plan_action WHERE line_id = ${lineId}`.execute(database.db)).rows[0]!.action_id;
    const done = number % 3 === 0 ? '2019-03-29' : '2018-09-28';
    await updateAction(database, Number(actionId), { rag: 'green', completedOn: done }, 'Completed and evidenced at the improvement board.', editor(done));
    await rateLine(database, lineId, 'green', 'Actions complete; impact to be confirmed by the next inspection.', editor(done));
  }

  // The JTAI's written statement of action, delivered and closed within the year.
  const jtaiPlan = await createPlan(
    database,
    { title: 'Written statement of action 2018 (JTAI)', inspectionId: ids[2]!, publishedDate: '2018-11-23' },
    editor('2018-11-23'),
  );
  const jtaiLine = (await sql<{ line_id: number }>`SELECT line_id FROM ks_plan_line WHERE plan_id = ${jtaiPlan}`.execute(database.db)).rows.map((row) =>
    Number(row.line_id),
  )[0]!;
  const strategy = await addAction(database, jtaiLine, {
    text: 'Agree a multi-agency strategy discussion record and audit its use quarterly',
    owner: 'Safeguarding Partnership Business Manager',
    dueDate: '2019-03-31',
  });
  await updateAction(
    database,
    strategy,
    { rag: 'green', completedOn: '2019-03-15' },
    'Record in use by police, health and children’s services; first audit complete.',
    editor('2019-03-15'),
  );
  await rateLine(
    database,
    jtaiLine,
    'blue',
    'Embedded: the second quarterly audit found partners’ contributions recorded in 47 of 50 discussions.',
    editor('2019-06-28'),
  );
  await closePlan(database, jtaiPlan, {
    status: 'closed',
    closedOn: '2019-06-28',
    reason: 'All actions complete and embedded; closed by the Safeguarding Partnership, minutes of 28 June 2019.',
    supersededBy: null,
  });

  // The 2019 ILACS plan takes over the 2016 plan's open work.
  const ilacs2019 = await createPlan(
    database,
    { title: 'Improvement plan 2019 (ILACS)', inspectionId: ids[4]!, publishedDate: '2020-01-24' },
    editor('2020-01-24'),
  );
  await closePlan(database, sifPlan, {
    status: 'superseded',
    closedOn: '2020-01-24',
    reason: 'The 2019 inspection’s plan carries on the remaining work (quality assurance, plans, caseloads, oversight).',
    supersededBy: ilacs2019,
  });
  const ilacs2019Lines = (
    await sql<{ line_id: number }>`SELECT line_id FROM ks_plan_line WHERE plan_id = ${ilacs2019} ORDER BY position`.execute(database.db)
  ).rows.map((row) => Number(row.line_id));
  const work2019: [string, string, IsoDate, IsoDate][] = [
    ['Moderate a sample of every auditor’s audits each month and report agreement rates to the board', 'Head of Quality Assurance', '2020-06-30', '2020-07-10'],
    [
      'Child protection plan template rewritten with families; training for every child protection social worker',
      'Head of Children’s Social Care',
      '2020-09-30',
      '2020-12-18',
    ],
    ['Recruit to the new Easington child protection team and hold caseloads below 20', 'Service Manager, Child Protection', '2021-03-31', '2021-06-30'],
    ['Monthly reflective supervision audit, with findings to team managers', 'Principal Social Worker', '2020-12-31', '2021-01-29'],
  ];
  for (const [index, lineId] of ilacs2019Lines.entries()) {
    const [text, owner, due, done] = work2019[index] ?? work2019[0]!;
    const actionId = await addAction(database, lineId, { text, owner, dueDate: due });
    if (done > due)
      await updateAction(database, actionId, { dueDate: done }, 'Delayed by the pandemic; the board agreed a new date.', editor(addDays(due, -30)));
    await updateAction(database, actionId, { rag: 'green', completedOn: done }, 'Completed and evidenced at the improvement board.', editor(done));
    await rateLine(
      database,
      lineId,
      index === 2 ? 'green' : 'blue',
      index === 2 ? 'Caseloads below 20 in every child protection team since June 2021.' : 'Complete and embedded.',
      editor('2021-09-30'),
    );
  }

  // The 2022 plan, live through the demo period and kept up to date, with measures from the county's own data.
  const ilacsPlan = await createPlan(
    database,
    { title: 'Improvement plan 2022 (ILACS)', inspectionId: ids[5]!, publishedDate: '2022-09-30' },
    editor('2022-09-30'),
  );
  await closePlan(database, ilacs2019, {
    status: 'superseded',
    closedOn: '2022-09-30',
    reason: 'Work complete except sustaining caseloads, which the 2022 plan carries on.',
    supersededBy: ilacsPlan,
  });
  const ilacsLines = (
    await sql<{ line_id: number }>`SELECT line_id FROM ks_plan_line WHERE plan_id = ${ilacsPlan} ORDER BY position`.execute(database.db)
  ).rows.map((row) => Number(row.line_id));
  const missing = await addAction(database, ilacsLines[0]!, {
    text: 'Commission a return home interview service offering every interview within 72 hours',
    owner: 'Service Manager, Adolescents',
    dueDate: '2023-03-31',
  });
  await addMeasure(database, missing, {
    indicatorId: 'missing.rhi_offered_pct',
    description: 'Return home interviews offered: 95%',
    target: 95,
    trajectory: [],
  });
  await updateAction(database, missing, { rag: 'green', completedOn: '2023-03-24' }, 'Service in place; offers tracked monthly.', editor('2023-04-20'));
  await rateLine(database, ilacsLines[0]!, 'green', 'Service in place and performance reported monthly.', editor('2023-04-20'));
  const sustainRhi = await addAction(database, ilacsLines[0]!, {
    text: 'Quarterly review of return home interview offers and what children say, with the police',
    owner: 'Service Manager, Adolescents',
    dueDate: '2027-03-31',
  });
  await updateAction(database, sustainRhi, { rag: 'green' }, 'Reviews held each quarter; last on 15 October 2026.', editor('2026-10-15'));
  const breaks = await addAction(database, ilacsLines[1]!, {
    text: 'Sufficiency review of short breaks with parent carers',
    owner: 'Head of Disabled Children’s Service',
    dueDate: '2023-06-30',
  });
  await updateAction(database, breaks, { dueDate: '2023-12-31' }, 'Parent carer forum asked for a longer consultation.', editor('2023-06-01'));
  await updateAction(database, breaks, { rag: 'amber' }, 'Consultation under way.', editor('2023-06-01'));
  await rateLine(database, ilacsLines[1]!, 'amber', 'Review delayed by consultation.', editor('2023-06-01'));
  await updateAction(database, breaks, { rag: 'green', completedOn: '2023-12-15' }, 'Review published; cabinet agreed new provision.', editor('2023-12-15'));
  const provision = await addAction(database, ilacsLines[1]!, {
    text: 'Open two short-break homes agreed in the sufficiency review',
    owner: 'Head of Disabled Children’s Service',
    dueDate: '2025-09-30',
  });
  await updateAction(database, provision, { dueDate: '2026-03-31' }, 'Second home’s registration with Ofsted took longer than planned.', editor('2025-08-14'));
  await updateAction(database, provision, { rag: 'green', completedOn: '2026-03-20' }, 'Both homes registered and open.', editor('2026-03-20'));
  await rateLine(database, ilacsLines[1]!, 'green', 'Both short-break homes open; waiting list down from 31 to 9 families.', editor('2026-04-16'));
  const pathway = await addAction(database, ilacsLines[2]!, {
    text: 'Audit every care leaver’s pathway plan and coach personal advisers',
    owner: 'Team Manager, 16+ and Care Leavers',
    dueDate: '2024-03-31',
  });
  await addMeasure(database, pathway, { indicatorId: AUDIT_MEASURE, description: 'Casework graded good or better', target: 80, trajectory: [] });
  await updateAction(database, pathway, { rag: 'green' }, 'Audits show steady improvement.', editor('2024-01-15'));
  await updateAction(database, pathway, { completedOn: '2024-03-28' }, 'Every pathway plan audited; coaching continues in supervision.', editor('2024-03-28'));
  const pathwayReview = await addAction(database, ilacsLines[2]!, {
    text: 'Re-audit a quarter of pathway plans each year and report to the corporate parenting board',
    owner: 'Team Manager, 16+ and Care Leavers',
    dueDate: '2027-03-31',
  });
  await updateAction(database, pathwayReview, { rag: 'green' }, 'Re-audit for 2026 under way; first half reported in September.', editor('2026-09-24'));
  await rateLine(database, ilacsLines[2]!, 'green', 'Pathway plans audited good or better in most cases; annual re-audit in place.', editor('2026-09-24'));

  await seedAudits(database, summary);
}

/** About 18 audits a month over the last two years of data, improving; a third moderated. */
async function seedAudits(database: Database, summary: { from: IsoDate; to: IsoDate }) {
  const auditor = await userId(database, 'auditor');
  const moderator = await userId(database, 'servicemanager');
  const assigner = await userId(database, 'director');
  if (auditor === null || moderator === null) return;
  const firstMonth = addMonths(`${summary.to.slice(0, 8)}01`, -24) < summary.from ? summary.from : addMonths(`${summary.to.slice(0, 8)}01`, -24);
  const templateId = await saveTemplate(database, {
    name: 'Casework audit (Ofsted grades)',
    scale: 'ofsted',
    goodThreshold: 3,
    domains: [...DEFAULT_DOMAINS],
    trajectory: [
      { date: monthEnd(firstMonth), value: 61 },
      { date: monthEnd(addMonths(firstMonth, 12)), value: 80 },
      { date: monthEnd(addMonths(firstMonth, 24)), value: 90 },
    ],
  });
  const random = generator(2016);
  const months = 24;
  for (let month = 0; month < months; month++) {
    const auditDate = addDays(`${addMonths(firstMonth, month).slice(0, 8)}01`, 14);
    if (auditDate > summary.to) break;
    const children = await sql<{ person_id: string; team_id: string }>`
      SELECT DISTINCT ON (i.invo_person_id) i.invo_person_id AS person_id, m.memb_team_id AS team_id
      FROM ${ALLOCATIONS} i
      JOIN ks_team_membership m ON m.memb_professional_id = i.invo_professional_id
       AND m.memb_start_date <= ${auditDate} AND (m.memb_end_date IS NULL OR m.memb_end_date > ${auditDate})
      WHERE ${inEffect('i', auditDate)}
      ORDER BY i.invo_person_id, m.memb_team_id
      LIMIT 400`.execute(database.db);
    const pool = children.rows;
    if (pool.length === 0) continue;
    const last = month === months - 1 || addMonths(auditDate, 1) > summary.to;
    const perMonth = 18;
    const chanceGood = 0.58 + (0.34 * month) / (months - 1);
    for (let index = 0; index < perMonth && index < pool.length; index++) {
      const child = pool[Math.floor(random() * pool.length)]!;
      const open = last && index < 3;
      const row = await sql<{ audit_id: number }>`
        INSERT INTO ks_casework_audit (template_id, person_id, audit_date, team_id, auditor_id, assigned_by)
        VALUES (${templateId}, ${child.person_id}, ${auditDate}, ${child.team_id}, ${auditor}, ${assigner})
        RETURNING audit_id`.execute(database.db);
      if (open) continue;
      const auditId = Number(row.rows[0]!.audit_id);
      const good = random() < chanceGood;
      const overall = good ? (random() < 0.15 ? 4 : 3) : random() < 0.8 ? 2 : 1;
      const moderated = random() < 0.33;
      // Early audits were over-optimistic: moderation lowers about 40% of them at first, 10% by the end.
      const lowered = moderated && overall > 1 && random() < 0.4 - (0.3 * month) / (months - 1);
      const completedOn = addDays(auditDate, 7);
      for (const domain of DEFAULT_DOMAINS) {
        const grade = Math.max(1, Math.min(4, overall + (random() < 0.2 ? -1 : random() < 0.1 ? 1 : 0)));
        await sql`INSERT INTO ks_casework_audit_grade (audit_id, domain, grade, moderated_grade) VALUES (${auditId}, ${domain}, ${grade}, ${moderated ? (lowered ? Math.max(1, grade - 1) : grade) : null})`.execute(
          database.db,
        );
      }
      await sql`
        UPDATE ks_casework_audit SET completed_on = ${completedOn}, overall_grade = ${overall}, findings = ${good ? 'Plan is clear and the child’s views are recorded.' : 'Plan lacks timescales; management oversight not recorded.'},
          moderator_id = ${moderated ? moderator : null}, moderated_on = ${moderated ? addDays(completedOn, 7) : null},
          moderated_grade = ${moderated ? (lowered ? overall - 1 : overall) : null}, moderation_note = ${moderated ? (lowered ? 'Grade lowered: the evidence on file does not support the auditor’s judgement.' : 'Agreed with the auditor.') : null}
        WHERE audit_id = ${auditId}`.execute(database.db);
    }
  }
}
