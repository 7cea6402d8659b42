import { describe, expect, it } from 'vitest';
import { entryFromReport, headline, planDeadline } from './register.ts';

describe('statutory deadline for the action plan', () => {
  it('is 70 working days after publication for a judgement inspection, skipping bank holidays', () => {
    // Published Mon 16 May 2016; 30 May and 29 Aug are bank holidays. 4 days to 20 May, 5 a week to
    // 19 Aug (except 4 in the week of 30 May: 68 by 19 Aug), then Mon 22 (69), Tue 23 Aug (70).
    expect(planDeadline({ inspectionType: 'standard', publishedDate: '2016-05-16', findings: [{ kind: 'recommendation' }] })).toEqual({
      kind: 'action_plan',
      workingDays: 70,
      due: '2016-08-23',
    });
  });
  it('is not required of an inspection that found nothing to improve (an outstanding one without recommendations)', () => {
    expect(planDeadline({ inspectionType: 'standard', publishedDate: '2012-01-20', findings: [] })).toBeNull();
  });
  it('is 20 working days for a draft after a focused visit with priority action, none without', () => {
    // Published Wed 20 Feb 2019: 2 days to 22 Feb, 15 to 15 Mar, then 18, 19, 20 March.
    const findings = [{ kind: 'priority_action' as const }, { kind: 'area_for_improvement' as const }];
    expect(planDeadline({ inspectionType: 'focused_visit', publishedDate: '2019-02-20', findings })).toEqual({
      kind: 'draft_plan',
      workingDays: 20,
      due: '2019-03-20',
    });
    expect(planDeadline({ inspectionType: 'focused_visit', publishedDate: '2019-02-20', findings: [findings[1]!] })).toBeNull();
    expect(planDeadline({ inspectionType: 'monitoring_visit', publishedDate: '2019-02-20', findings })).toBeNull();
  });
  it('has no date until the publication date is recorded', () => {
    expect(planDeadline({ inspectionType: 'short', publishedDate: null, findings: [{ kind: 'improvement_point' }] })).toEqual({
      kind: 'action_plan',
      workingDays: 70,
      due: null,
    });
  });
});

describe('a parsed report as a register entry', () => {
  const base = {
    local_authority: 'Durham',
    inspection_type: null,
    inspection_start: '2016-02-22',
    inspection_end: '2016-03-18',
    grades: { overall_effectiveness: 'requires_improvement' as const },
    improvement_points: ['One', 'Two'],
  };
  it('maps frameworks by date and findings by kind', () => {
    expect(entryFromReport({ ...base, framework: 'SIF' })).toMatchObject({
      framework: 'sif',
      inspectionType: 'standard',
      findings: [
        { kind: 'recommendation', text: 'One' },
        { kind: 'recommendation', text: 'Two' },
      ],
    });
    expect(entryFromReport({ ...base, framework: 'ILACS', inspection_start: '2023-05-02' })).toMatchObject({
      framework: 'ilacs_2023',
      findings: [{ kind: 'improvement_point' }, { kind: 'improvement_point' }],
    });
    expect(entryFromReport({ ...base, framework: 'ILACS', inspection_start: '2026-04-20' }).framework).toBe('ilacs_2026');
    expect(entryFromReport({ ...base, framework: 'ILACS', inspection_type: 'focused_visit', inspection_start: '2019-01-15' })).toMatchObject({
      framework: 'ilacs',
      inspectionType: 'focused_visit',
      findings: [{ kind: 'area_for_improvement' }, { kind: 'area_for_improvement' }],
    });
    expect(entryFromReport({ ...base, framework: 'OTHER', inspection_start: '2011-11-28' }).framework).toBe('pre_sif');
  });
  it('headlines the overall grade with any outstanding or inadequate area', () => {
    expect(
      headline({ inspectionType: 'standard', grades: { overall_effectiveness: 'good', impact_of_leaders: 'outstanding', help_and_protection: 'good' } }),
    ).toBe('Good, with outstanding impact of leaders on social work practice with children and families');
    expect(headline({ inspectionType: 'focused_visit', grades: {} })).toBe('Focused visit');
  });
});
