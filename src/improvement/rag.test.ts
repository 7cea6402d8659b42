import { describe, expect, it } from 'vitest';
import { disagreement, measureStatus, suggestForAction, suggestForLine, type MeasureReading } from './rag.ts';

const reading = (value: number | null, target: number, extra: Partial<MeasureReading> = {}): MeasureReading => ({
  description: 'measure',
  value,
  asOf: value === null ? null : '2025-06-30',
  target,
  trajectory: [],
  polarity: 'higher_better',
  ...extra,
});

describe('measure status against target or trajectory', () => {
  it('meets, nearly misses (within 10% of the target) or misses, by polarity', () => {
    expect(measureStatus(reading(80, 80))).toBe('met');
    expect(measureStatus(reading(73, 80))).toBe('near'); // short by 7 ≤ 8
    expect(measureStatus(reading(71, 80))).toBe('missed'); // short by 9 > 8
    expect(measureStatus(reading(10.5, 10, { polarity: 'lower_better' }))).toBe('near'); // over by 0.5 ≤ 1
    expect(measureStatus(reading(9, 10, { polarity: 'lower_better' }))).toBe('met');
    expect(measureStatus(reading(null, 10))).toBe('no_data');
  });

  it('reads the target from the trajectory on the value’s date', () => {
    // 61 on 2017-03-31 → 80 on 2018-03-31: on 2017-09-30 (183 of 365 days) the target is 61 + 19 × 183/365 = 70.5.
    const trajectory = [
      { date: '2017-03-31', value: 61 },
      { date: '2018-03-31', value: 80 },
    ];
    expect(measureStatus(reading(71, 90, { asOf: '2017-09-30', trajectory }))).toBe('met');
    expect(measureStatus(reading(64, 90, { asOf: '2017-09-30', trajectory }))).toBe('near'); // short by 6.5 ≤ 7.05
    expect(measureStatus(reading(85, 90, { asOf: '2019-01-31', trajectory }))).toBe('met'); // after the last point: 80
  });
});

describe('suggested RAG', () => {
  it('suggests red for an overdue action, whatever its measures', () => {
    const suggestion = suggestForAction({ dueDate: '2025-03-31', completedOn: null, measures: [reading(90, 80)] }, '2025-04-01');
    expect(suggestion.rag).toBe('red');
    expect(suggestion.reasons[0]).toMatch(/Overdue/);
  });
  it('gives its reasons in words: dates as 31 March 2025, values with their unit', () => {
    const suggestion = suggestForAction(
      { dueDate: '2025-03-31', completedOn: null, measures: [reading(90, 95, { description: 'Interviews offered', unit: '%' })] },
      '2025-04-01',
    );
    expect(suggestion.reasons).toEqual([
      'Overdue: due 31 March 2025 and not completed',
      'Interviews offered: 90% against a target of 95% on 30 June 2025 (just missed)',
    ]);
  });
  it('is not overdue on the due date itself, nor once completed', () => {
    expect(suggestForAction({ dueDate: '2025-04-01', completedOn: null, measures: [] }, '2025-04-01').rag).toBeNull();
    expect(suggestForAction({ dueDate: '2025-03-31', completedOn: '2025-03-30', measures: [reading(90, 80)] }, '2025-06-01').rag).toBe('green');
  });
  it('takes the worst measure, and a line takes its worst action', () => {
    const action = suggestForAction({ dueDate: '2026-01-01', completedOn: null, measures: [reading(90, 80), reading(75, 80)] }, '2025-06-30');
    expect(action.rag).toBe('amber');
    const line = suggestForLine([action, { rag: 'green', reasons: [] }, { rag: null, reasons: [] }]);
    expect(line.rag).toBe('amber');
    expect(suggestForLine([{ rag: null, reasons: [] }]).rag).toBeNull();
  });
  it('shows where the person’s rating and the evidence disagree (blue counts as green)', () => {
    expect(disagreement('green', 'red')).toBe('more_optimistic');
    expect(disagreement('blue', 'green')).toBeNull();
    expect(disagreement('red', 'amber')).toBe('more_cautious');
    expect(disagreement('amber', null)).toBeNull();
  });
});
