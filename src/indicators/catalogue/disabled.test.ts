/**
 * Disabled children's indicators on a hand-made county, worked by hand. As-of dates are month ends
 * in 2024 (month window: that calendar month). Easter 2024: Good Friday 29 March, Easter Monday 1 April.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../test/support/engines.ts';
import { indicatorDatabase, measure } from '../../../test/support/indicators.ts';
import { loadDisabledCounty } from '../../../test/support/disabled-fixture.ts';

const JAN = '2024-01-31';
const FEB = '2024-02-29';
const MAR = '2024-03-31';
const APR = '2024-04-30';

describe.each(engines)('disabled children indicators on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof indicatorDatabase>>;
  let values: Awaited<ReturnType<typeof measure>>;
  beforeAll(async () => {
    database = await indicatorDatabase(url);
    await loadDisabledCounty(database);
    values = await measure(
      database,
      [
        'disabled.children_in_need',
        'disabled.share_of_children_in_need_pct',
        'disabled.waiting_for_assessment',
        'disabled.assessment_wait_within_target_pct',
        'disabled.assessment_wait_average_wd',
        'disabled.waiting_for_service',
        'disabled.service_wait_within_target_pct',
        'disabled.short_breaks_children',
        'disabled.short_break_nights_per_child',
        'disabled.short_break_stays_per_child',
        'disabled.short_breaks_started',
        'disabled.short_breaks_ended',
        'disabled.series_became_looked_after',
        'disabled.ehcp_requests_decided_6_weeks_pct',
        'disabled.ehcp_20_weeks_pct',
        'disabled.ehcp_20_weeks_with_exceptions_pct',
        'disabled.ehcp_20_weeks_known_to_social_care_pct',
        'disabled.young_people_14_to_17',
      ],
      ['2023-12-31', JAN, FEB, MAR, APR],
    );
  });
  afterAll(async () => database?.drop());

  const point = (id: string, date: string) => values[id]![date]!;

  it('counts each disabled child in need once, and their share of children in need', () => {
    // 31 March: K1 (two disabilities), K3, K5; K2 is recorded NONE, K4 has no record. Children in need: K1–K5.
    expect(point('disabled.children_in_need', MAR).value).toBe(3);
    expect(point('disabled.share_of_children_in_need_pct', MAR)).toEqual({ numerator: 3, denominator: 5, value: 60 });
    // 14 to 17 on 31 March: K3 (15) and K5 (15); K1 is 13.
    expect(point('disabled.young_people_14_to_17', MAR).value).toBe(2);
  });

  it('measures waits for assessment in working days, across a bank holiday', () => {
    // 29 February: K1 referred 1 February, not yet assessed. 31 March: K3 (referred 27 March).
    expect(point('disabled.waiting_for_assessment', FEB).value).toBe(1);
    expect(point('disabled.waiting_for_assessment', MAR).value).toBe(1);
    // A1: 1 February → 28 March = 20 working days in February after the 1st + 20 in March = 40 (≤ 45).
    expect(point('disabled.assessment_wait_average_wd', MAR)).toEqual({ numerator: 40, denominator: 1, value: 40 });
    expect(point('disabled.assessment_wait_within_target_pct', MAR)).toEqual({ numerator: 1, denominator: 1, value: 100 });
    // A3: 27 March → 3 April = 28 March, 2 April, 3 April (Good Friday and Easter Monday are not working days).
    expect(point('disabled.assessment_wait_average_wd', APR)).toEqual({ numerator: 3, denominator: 1, value: 3 });
  });

  it('measures waits from assessment to the start of a service', () => {
    // 31 March: K1 assessed 28 March, plan from 10 April. K5's short breaks began after A5, so K5 is not waiting.
    expect(point('disabled.waiting_for_service', MAR).value).toBe(1);
    // 30 April: K1's plan has started; K3 (assessed 3 April) has no service yet.
    expect(point('disabled.waiting_for_service', APR).value).toBe(1);
    // April: K1's plan, 7 working days after 28 March (29 March and 1 April are bank holidays) ≤ 20.
    expect(point('disabled.service_wait_within_target_pct', APR)).toEqual({ numerator: 1, denominator: 1, value: 100 });
    // January: K5's first short break (30 January) after A5 (3 July 2023): well over 20 working days.
    expect(point('disabled.service_wait_within_target_pct', JAN)).toEqual({ numerator: 0, denominator: 1, value: 0 });
  });

  it('counts short breaks, nights split at a month end, stays and arrangements', () => {
    expect(point('disabled.short_breaks_children', JAN).value).toBe(1);
    expect(point('disabled.short_break_nights_per_child', JAN)).toEqual({ numerator: 2, denominator: 1, value: 2 });
    expect(point('disabled.short_break_nights_per_child', FEB)).toEqual({ numerator: 1, denominator: 1, value: 1 });
    // March: E2 (2 nights; L2 is the same stay) and L3 (a day, no night): 2 stays, 2 nights, 1 child.
    expect(point('disabled.short_break_nights_per_child', MAR)).toEqual({ numerator: 2, denominator: 1, value: 2 });
    expect(point('disabled.short_break_stays_per_child', MAR)).toEqual({ numerator: 2, denominator: 1, value: 2 });
    // K5's arrangement starts 30 January (the March stays follow within 90 days); K7's ended 2 January.
    expect(point('disabled.short_breaks_started', JAN).value).toBe(1);
    expect(point('disabled.short_breaks_started', MAR).value).toBe(0);
    expect(point('disabled.short_breaks_ended', JAN).value).toBe(1);
    expect(point('disabled.series_became_looked_after', MAR).value).toBe(1);
    expect(point('disabled.series_became_looked_after', FEB).value).toBe(0);
  });

  it('measures EHC plans within 20 weeks, with and without exceptions, and for children known to social care', () => {
    // March plans: NP2 (exception, in time), NP4 (in time), NP5 (late), NP6 (in time).
    expect(point('disabled.ehcp_20_weeks_pct', MAR)).toEqual({ numerator: 2, denominator: 3, value: 66.7 });
    expect(point('disabled.ehcp_20_weeks_with_exceptions_pct', MAR)).toEqual({ numerator: 3, denominator: 4, value: 75 });
    // Known to social care, exceptions left out: NP4 (K4) and NP5 (K5); K6 has no referral.
    expect(point('disabled.ehcp_20_weeks_known_to_social_care_pct', MAR)).toEqual({ numerator: 1, denominator: 2, value: 50 });
    // January: Q4, decided 40 days after it was received.
    expect(point('disabled.ehcp_requests_decided_6_weeks_pct', JAN)).toEqual({ numerator: 1, denominator: 1, value: 100 });
    // December: Q2 (49 days, late) and Q6 (42 days, in time).
    expect(point('disabled.ehcp_requests_decided_6_weeks_pct', '2023-12-31')).toEqual({ numerator: 1, denominator: 2, value: 50 });
  });
});
