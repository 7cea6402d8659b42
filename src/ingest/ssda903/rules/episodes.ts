/** DfE rules on the Episodes table (and Episodes with Header). One exported object per rule. */
import type { SourceRow } from '../../types.ts';
import * as codes from '../codes.ts';
import { addYears, ageOn, daysBetween } from '../values.ts';
import {
  blank,
  codeRule,
  codeYear,
  consecutiveEpisodes,
  endBeforeStartRule,
  date,
  dateRule,
  dobs,
  episodesByChild,
  filled,
  inList,
  rowsWhere,
  rowsWith,
  rule,
  v,
  type Hit,
  type Return903,
} from './rule.ts';

export const rule_141 = dateRule('141', 'Episodes', 'DECOM', { required: true, rejects: true });
export const rule_143 = codeRule('143', 'Episodes', 'RNE', codes.RNE, { required: true });
export const rule_144 = codeRule('144', 'Episodes', 'LS', codes.LS, { required: true });
export const rule_145 = codeRule('145', 'Episodes', 'CIN', codes.CIN, { required: true });
/** The year's placement types (K3 from 2024-25). */
export const rule_146 = rule('146', (data) => rowsWhere(data, 'Episodes', (row) => !codes.placeCodes(codeYear(data)).includes(v(row, 'PLACE')), 'PLACE'));
export const rule_147 = dateRule('147', 'Episodes', 'DEC', { rejects: true });
export const rule_149 = codeRule('149', 'Episodes', 'REC', codes.REC);
export const rule_1009 = codeRule('1009', 'Episodes', 'REASON_PLACE_CHANGE', codes.REASON_PLACE_CHANGE);

export const rule_148 = rule('148', (data) => rowsWhere(data, 'Episodes', (row) => blank(row, 'DEC') !== blank(row, 'REC'), 'DEC'));
export const rule_353 = rule('353', (data) => rowsWhere(data, 'Episodes', (row) => (date(row, 'DECOM') ?? '9999') < '1991-10-14', 'DECOM'));
export const rule_354 = rule('354', (data) => rowsWhere(data, 'Episodes', (row) => (date(row, 'DECOM') ?? '') > data.year.end, 'DECOM'));
export const rule_385 = rule('385', (data) => rowsWhere(data, 'Episodes', (row) => (date(row, 'DEC') ?? '') > data.year.end, 'DEC'));
export const rule_355 = rule('355', (data) =>
  rowsWhere(data, 'Episodes', (row) => date(row, 'DECOM') !== null && date(row, 'DECOM') === date(row, 'DEC'), 'DEC'),
);
export const rule_356 = endBeforeStartRule('356', 'Episodes', 'DECOM', 'DEC');
export const rule_445 = rule('445', (data) =>
  rowsWhere(data, 'Episodes', (row) => v(row, 'LS') === 'D1' && (date(row, 'DECOM') ?? '') > '2005-12-30', 'LS', rowsWith(data, 'Episodes', 'LS', ['D1'])),
);
export const rule_446 = rule('446', (data) =>
  rowsWhere(data, 'Episodes', (row) => v(row, 'LS') === 'E1' && (date(row, 'DECOM') ?? '9999') < '2005-12-30', 'LS', rowsWith(data, 'Episodes', 'LS', ['E1'])),
);

/** Every episode but a child's last must have ended. */
/** An episode followed by another has ended: its end date and the reason it ended (DfE's fields DEC and REC) are both given. */
export const rule_142 = rule('142', (data) => {
  const hits: Hit[] = [];
  for (const episodes of episodesByChild(data).values()) {
    for (const episode of episodes.slice(0, -1)) {
      const missing = ['DEC', 'REC'].find((field) => blank(episode, field));
      if (missing) hits.push({ table: 'Episodes', row: episode, field: missing });
    }
  }
  return hits;
});

/** The first episode in the return must be a start (S) unless it began before the year (carried over). */
export const rule_357 = rule('357', (data) => {
  const hits: Hit[] = [];
  for (const episodes of episodesByChild(data).values()) {
    const first = episodes[0]!;
    if (date(first, 'DECOM')! >= data.year.start && v(first, 'RNE') !== 'S') hits.push({ table: 'Episodes', row: first, field: 'RNE' });
  }
  return hits;
});

export const rule_501 = rule('501', (data) =>
  consecutiveEpisodes(data)
    .filter(({ previous, next }) => {
      const end = date(previous, 'DEC');
      return !!end && date(next, 'DECOM')! < end;
    })
    .map(({ next }) => ({ table: 'Episodes' as const, row: next, field: 'DECOM' })),
);

export const rule_431 = rule('431', (data) =>
  consecutiveEpisodes(data)
    .filter(({ previous, next }) => v(next, 'RNE') === 'S' && date(previous, 'DEC') === date(next, 'DECOM'))
    .map(({ next }) => ({ table: 'Episodes' as const, row: next, field: 'RNE' })),
);

/** Reasons an episode ends that mean the child ceased to be looked after: every code but X1 (a code that is not one is 149's error, and says nothing). */
const CEASED = codes.REC.filter((code) => code !== 'X1');
export const rule_432 = rule('432', (data) =>
  consecutiveEpisodes(data)
    .filter(({ previous, next }) => inList(previous, 'REC', CEASED) && v(next, 'RNE') !== 'S')
    .map(({ next }) => ({ table: 'Episodes' as const, row: next, field: 'RNE' })),
);

/** Reasons for a new episode that continue the period of care: a change of placement, legal status, or both. */
const PLACEMENT_OR_STATUS_CHANGE = ['P', 'L', 'T', 'U', 'B'];
export const rule_433 = rule('433', (data) =>
  consecutiveEpisodes(data)
    .filter(
      ({ previous, next }) =>
        PLACEMENT_OR_STATUS_CHANGE.includes(v(next, 'RNE')) && date(previous, 'DEC') !== null && date(previous, 'DEC') !== date(next, 'DECOM'),
    )
    .map(({ next }) => ({ table: 'Episodes' as const, row: next, field: 'DECOM' })),
);

/**
 * X1 (“new episode begins”) must match what follows, in DfE's three cases: an episode ending X1 needs
 * the next one to start the same day; an episode ending on the day the next starts, the child still
 * looked after, must end X1; and the episode on which the child ceases to be looked after (their last,
 * with an end date) must not end X1.
 */
export const rule_388 = rule('388', (data) => {
  const hits: Hit[] = [];
  for (const episodes of episodesByChild(data).values()) {
    episodes.forEach((episode, index) => {
      const ended = date(episode, 'DEC');
      const next = episodes[index + 1];
      const x1 = v(episode, 'REC') === 'X1';
      const bad = next ? !!ended && (x1 ? date(next, 'DECOM') !== ended : filled(episode, 'REC') && date(next, 'DECOM') === ended) : !!ended && x1;
      if (bad) hits.push({ table: 'Episodes', row: episode, field: 'REC' });
    });
  }
  return hits;
});

/** Care ended because the child died (E2) or is 18 or over (E15): no episode can follow (437). */
const FINAL_REASONS = ['E2', 'E15'];
export const rule_437 = rule('437', (data) =>
  consecutiveEpisodes(data)
    .filter(({ previous }) => inList(previous, 'REC', FINAL_REASONS))
    .map(({ previous }) => ({ table: 'Episodes' as const, row: previous, field: 'REC' })),
);

/** The category of need stays what it was at the start of the period of care: an episode continuing the one before (X1, starting the day it ended) keeps its code. */
export const rule_504 = rule('504', (data) =>
  consecutiveEpisodes(data)
    .filter(
      ({ previous, next }) =>
        v(next, 'RNE') !== 'S' &&
        v(previous, 'REC') === 'X1' &&
        date(previous, 'DEC') === date(next, 'DECOM') &&
        filled(previous, 'CIN') &&
        filled(next, 'CIN') &&
        v(previous, 'CIN') !== v(next, 'CIN'),
    )
    .map(({ next }) => ({ table: 'Episodes' as const, row: next, field: 'CIN' })),
);

// ---- placement type and provider ----

const NO_PROVIDER = ['T0', 'T1', 'T2', 'T3', 'T4', 'Z1'];
/** DfE: if provided, the placement provider must be a valid code, and it should not be provided for T0–T4 or Z1. */
export const rule_178 = rule('178', (data) =>
  rowsWhere(
    data,
    'Episodes',
    (row) => filled(row, 'PLACE_PROVIDER') && (!inList(row, 'PLACE_PROVIDER', codes.PLACE_PROVIDER) || inList(row, 'PLACE', NO_PROVIDER)),
    'PLACE_PROVIDER',
  ),
);
export const rule_213 = rule('213', (data) =>
  rowsWhere(
    data,
    'Episodes',
    (row) => inList(row, 'PLACE', NO_PROVIDER) && filled(row, 'PLACE_PROVIDER'),
    'PLACE_PROVIDER',
    rowsWith(data, 'Episodes', 'PLACE', NO_PROVIDER),
  ),
);
export const rule_526 = rule('526', (data) =>
  rowsWhere(data, 'Episodes', (row) => filled(row, 'PLACE') && !inList(row, 'PLACE', NO_PROVIDER) && blank(row, 'PLACE_PROVIDER'), 'PLACE_PROVIDER'),
);
const providerCannot = (code: string, provider: string, places: readonly string[]) =>
  rule(code, (data) =>
    rowsWhere(
      data,
      'Episodes',
      (row) => v(row, 'PLACE_PROVIDER') === provider && inList(row, 'PLACE', places),
      'PLACE_PROVIDER',
      rowsWith(data, 'Episodes', 'PLACE_PROVIDER', [provider]),
    ),
  );
export const rule_527 = providerCannot('527', 'PR1', ['P1', 'R2', 'R5']);
export const rule_528 = providerCannot('528', 'PR2', ['P1', 'R2', 'R5']);
export const rule_529 = providerCannot('529', 'PR3', ['P1', 'A3', 'A4', 'A5', 'A6', 'K1', 'K2', ...codes.FOSTER_PLACE]);
export const rule_530 = providerCannot('530', 'PR4', ['P1']);
export const rule_531 = providerCannot('531', 'PR5', ['P1']);
export const rule_550 = rule('550', (data) =>
  rowsWhere(
    data,
    'Episodes',
    (row) => v(row, 'PLACE_PROVIDER') === 'PR0' && filled(row, 'PLACE') && v(row, 'PLACE') !== 'P1',
    'PLACE_PROVIDER',
    rowsWith(data, 'Episodes', 'PLACE_PROVIDER', ['PR0']),
  ),
);

/** Placement types that carry no Ofsted URN: H5 left the list in 2023-24 (supported accommodation is registered), P2 in 2024-25. */
const NO_URN = ['P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z1'];
const noUrn = (endYear: number) => (endYear >= 2025 ? NO_URN : endYear === 2024 ? [...NO_URN, 'P2'] : [...NO_URN, 'H5', 'P2']);
export const rule_222 = rule('222', (data) => {
  const places = noUrn(codeYear(data));
  return rowsWhere(
    data,
    'Episodes',
    (row) => inList(row, 'PLACE', places) && filled(row, 'URN') && v(row, 'URN') !== 'XXXXXXX',
    'URN',
    rowsWith(data, 'Episodes', 'PLACE', places),
  );
});
/** 2023/24 only: P2 (independent living) ended on 28 October 2023, so a P2 episode must end by then. */
export const rule_217t = rule('217t', (data) =>
  rowsWhere(
    data,
    'Episodes',
    (row) => v(row, 'PLACE') === 'P2' && (blank(row, 'DEC') || (date(row, 'DEC') ?? '') > '2023-10-28'),
    'PLACE',
    rowsWith(data, 'Episodes', 'PLACE', ['P2']),
  ),
);
/**
 * 2023/24 only: supported accommodation (H5) in England needs a URN from 28 October 2023, when its
 * registration began, so an H5 episode still open on 29 October 2023 needs one. A placement outside
 * England has a placement LA of a Welsh, Scottish or Northern Irish authority (W…, S…, N…).
 */
export const rule_230 = rule(
  '230',
  (data) =>
    rowsWhere(
      data,
      'Episodes',
      (row) =>
        v(row, 'PLACE') === 'H5' &&
        (blank(row, 'DEC') || (date(row, 'DEC') ?? '') >= '2023-10-29') &&
        (blank(row, 'URN') || v(row, 'URN') === 'XXXXXXX') &&
        !/^[NWS]/i.test(v(row, 'PL_LA')),
      'URN',
      rowsWith(data, 'Episodes', 'PLACE', ['H5']),
    ),
  { columns: ['PL_LA'] },
);
export const rule_214 = rule('214', (data) =>
  rowsWhere(
    data,
    'Episodes',
    (row) => inList(row, 'LS', ['V3', 'V4']) && (filled(row, 'PL_POST') || filled(row, 'URN')),
    'PL_POST',
    rowsWith(data, 'Episodes', 'LS', ['V3', 'V4']),
  ),
);
export const rule_217 = rule('217', (data) =>
  rowsWhere(
    data,
    'Episodes',
    (row) => inList(row, 'PLACE', ['A3', 'A5']) && (date(row, 'DECOM') ?? '') >= '2015-04-01' && !inList(row, 'RNE', ['S', 'T', 'U']),
    'RNE',
    rowsWith(data, 'Episodes', 'PLACE', ['A3', 'A5']),
  ),
);

// ---- temporary placements and respite ----

export const rule_380 = rule('380', (data) =>
  rowsWhere(
    data,
    'Episodes',
    (row) => inList(row, 'PLACE', codes.TEMPORARY_PLACE) && !inList(row, 'RNE', ['P', 'B']),
    'PLACE',
    rowsWith(data, 'Episodes', 'PLACE', codes.TEMPORARY_PLACE),
  ),
);
export const rule_381 = rule('381', (data) =>
  rowsWhere(
    data,
    'Episodes',
    (row) => inList(row, 'PLACE', codes.TEMPORARY_PLACE) && filled(row, 'REC') && v(row, 'REC') !== 'X1',
    'PLACE',
    rowsWith(data, 'Episodes', 'PLACE', codes.TEMPORARY_PLACE),
  ),
);
export const rule_382 = rule('382', (data) =>
  rowsWhere(
    data,
    'Episodes',
    (row) => inList(row, 'LS', ['V3', 'V4']) && inList(row, 'PLACE', codes.TEMPORARY_PLACE),
    'PLACE',
    rowsWith(data, 'Episodes', 'PLACE', codes.TEMPORARY_PLACE),
  ),
);
export const rule_384 = rule('384', (data) =>
  rowsWhere(
    data,
    'Episodes',
    (row) => inList(row, 'LS', ['V3', 'V4']) && inList(row, 'PLACE', ['U1', 'U4']),
    'PLACE',
    rowsWith(data, 'Episodes', 'PLACE', ['U1', 'U4']),
  ),
);
export const rule_378 = rule('378', (data) =>
  rowsWhere(data, 'Episodes', (row) => v(row, 'PLACE') === 'P1' && v(row, 'LS') === 'V2', 'PLACE', rowsWith(data, 'Episodes', 'PLACE', ['P1'])),
);

/** Episodes of a kind lasting longer than allowed (open ones counted to the end of the year). */
function longerThan(code: string, field: 'LS' | 'PLACE', values: readonly string[], maxDays: number) {
  return rule(code, (data) =>
    rowsWhere(
      data,
      'Episodes',
      (row) => {
        const start = date(row, 'DECOM');
        if (!start || !inList(row, field, values)) return false;
        const end = date(row, 'DEC');
        if (!end && blank(row, 'DEC')) return daysBetween(start, data.year.end) > maxDays;
        return !!end && daysBetween(start, end) > maxDays;
      },
      field === 'LS' ? 'DEC' : 'PLACE',
      rowsWith(data, 'Episodes', field, values),
    ),
  );
}
/**
 * An order (a legal status) lasting longer than allowed: it runs on across episodes that continue it
 * (ending X1 on the day the next, with the same status, starts), counted to the end of the year while
 * open; the episode where the order ends is reported.
 */
function orderLongerThan(code: string, status: string, maxDays: number) {
  return rule(code, (data) => {
    const hits: Hit[] = [];
    for (const episodes of episodesByChild(data).values()) {
      let since: string | null = null;
      episodes.forEach((episode, index) => {
        if (v(episode, 'LS') !== status) return void (since = null);
        since ??= date(episode, 'DECOM')!;
        const next = episodes[index + 1];
        const ended = date(episode, 'DEC');
        if (next && ended && v(episode, 'REC') === 'X1' && v(next, 'LS') === status && date(next, 'DECOM') === ended) return;
        const until = ended ?? (blank(episode, 'DEC') ? data.year.end : null);
        if (until && daysBetween(since, until) > maxDays) hits.push({ table: 'Episodes', row: episode, field: 'DEC' });
        since = null;
      });
    }
    return hits;
  });
}
export const rule_361 = orderLongerThan('361', 'L1', 3);
export const rule_362 = orderLongerThan('362', 'L2', 21);
export const rule_363 = orderLongerThan('363', 'L3', 7);
export const rule_365 = longerThan('365', 'LS', ['V3'], 17);
export const rule_375 = longerThan('375', 'PLACE', ['T1'], 42);
/** T3: temporary accommodation while the usual foster carers are on holiday (T2 is the child's own holiday). */
export const rule_376 = longerThan('376', 'PLACE', ['T3'], 21);
export const rule_379 = longerThan('379', 'PLACE', ['T4'], 7);

/** No more than 75 days of respite (V3) within the collection year. */
export const rule_367 = rule('367', (data) => {
  const hits: Hit[] = [];
  for (const episodes of episodesByChild(data).values()) {
    let days = 0;
    for (const episode of episodes) {
      if (v(episode, 'LS') !== 'V3') continue;
      const start = date(episode, 'DECOM')! < data.year.start ? data.year.start : date(episode, 'DECOM')!;
      const end = date(episode, 'DEC') ?? data.year.end;
      if (end >= start) days += daysBetween(start, end);
      if (days > 75) {
        hits.push({ table: 'Episodes', row: episode, field: 'DEC' });
        break;
      }
    }
  }
  return hits;
});

/** Only two T3 placements (the usual foster carers' holiday) in any 12 months: a third starting within 12 months of the one two before it breaks the rule. */
export const rule_377 = rule('377', (data) => {
  const hits: Hit[] = [];
  for (const episodes of episodesByChild(data).values()) {
    const holidays = episodes.filter((episode) => v(episode, 'PLACE') === 'T3');
    holidays.forEach((episode, index) => {
      if (index >= 2 && date(episode, 'DECOM')! >= data.year.start && date(episode, 'DECOM')! < addYears(date(holidays[index - 2]!, 'DECOM')!, 1))
        hits.push({ table: 'Episodes', row: episode, field: 'PLACE' });
    });
  }
  return hits;
});

/** After a temporary placement the child returns to the placement before it. */
export const rule_383 = rule('383', (data) => {
  const hits: Hit[] = [];
  for (const episodes of episodesByChild(data).values()) {
    for (let index = 1; index < episodes.length - 1; index++) {
      const [before, temporary, after] = [episodes[index - 1]!, episodes[index]!, episodes[index + 1]!];
      if (!inList(temporary, 'PLACE', codes.TEMPORARY_PLACE)) continue;
      const same = v(before, 'PLACE') === v(after, 'PLACE') && v(before, 'URN') === v(after, 'URN') && v(before, 'PL_POST') === v(after, 'PL_POST');
      if (!same) hits.push({ table: 'Episodes', row: temporary, field: 'PLACE' });
    }
  }
  return hits;
});

// ---- age-related (with Header DOB) ----

/** Episodes whose `when` field holds one of the values, where the child's age on a date (at) is wrong (bad). */
function ageRule(
  code: string,
  field: string,
  when: readonly [field: string, values: readonly string[]],
  at: (row: SourceRow) => string | null,
  bad: (age: number) => boolean,
) {
  return rule(code, (data: Return903) => {
    const born = dobs(data);
    return rowsWhere(
      data,
      'Episodes',
      (row) => {
        const dob = born.get(v(row, 'CHILD'));
        const on = at(row);
        return !!dob && !!on && bad(ageOn(dob, on));
      },
      field,
      rowsWith(data, 'Episodes', ...when),
    );
  });
}
const onStart = (row: SourceRow) => date(row, 'DECOM');
const onEnd = (row: SourceRow) => date(row, 'DEC');

export const rule_352 = ageRule('352', 'DECOM', ['RNE', ['S']], onStart, (age) => age >= 18);
export const rule_358 = ageRule('358', 'LS', ['LS', ['J1', 'J2', 'J3']], onStart, (age) => age < 10);
/** Supported accommodation: H5 at 14 or over up to 2022-23, at 16 or over in 2023-24; from 2024-25 it is K3, at 16 or over. */
const supportedAccommodation = (place: string, minimum: number) => ageRule('371', 'PLACE', ['PLACE', [place]], onStart, (age) => age < minimum);
const [H5_AT_14, H5_AT_16, K3_AT_16] = [supportedAccommodation('H5', 14), supportedAccommodation('H5', 16), supportedAccommodation('K3', 16)];
export const rule_371 = rule('371', (data) => (codeYear(data) >= 2025 ? K3_AT_16 : codeYear(data) === 2024 ? H5_AT_16 : H5_AT_14).check(data));
/** Independent living (P2): at 15 or over in 2022/23, 16 in 2023/24 (the rule's message says which); DfE deleted the rule for 2024/25. */
const independentLiving = (minimum: number) => ageRule('370', 'PLACE', ['PLACE', ['P2']], onStart, (age) => age < minimum);
const [P2_AT_15, P2_AT_16] = [independentLiving(15), independentLiving(16)];
export const rule_370 = rule('370', (data) => (codeYear(data) <= 2023 ? P2_AT_15 : P2_AT_16).check(data));
export const rule_372 = ageRule('372', 'PLACE', ['PLACE', ['R5']], onStart, (age) => age < 10);
export const rule_373 = ageRule('373', 'PLACE', ['PLACE', ['S1']], onStart, (age) => age < 4);
export const rule_374 = ageRule('374', 'PLACE', ['PLACE', ['P3']], onStart, (age) => age < 14);
export const rule_386 = ageRule('386', 'REC', ['REC', ['E11', 'E12']], onEnd, (age) => age >= 18);
export const rule_387 = ageRule('387', 'REC', ['REC', ['E5', 'E6']], onEnd, (age) => age < 14);
export const rule_389 = ageRule('389', 'REC', ['REC', ['E7']], onEnd, (age) => age < 16);
export const rule_407 = ageRule('407', 'REC', ['REC', ['E45', 'E46', 'E47', 'E48']], onEnd, (age) => age >= 18);
export const rule_460 = ageRule('460', 'REC', ['REC', ['E17']], onEnd, (age) => age < 18);

// ---- how an episode ended ----

export const rule_390 = rule('390', (data) =>
  rowsWhere(
    data,
    'Episodes',
    (row) => inList(row, 'REC', ['E11', 'E12']) && filled(row, 'PLACE') && !inList(row, 'PLACE', codes.ADOPTION_PLACE),
    'REC',
    rowsWith(data, 'Episodes', 'REC', ['E11', 'E12']),
  ),
);
export const rule_516 = rule('516', (data) =>
  rowsWhere(
    data,
    'Episodes',
    (row) => inList(row, 'REC', ['E45', 'E46']) && filled(row, 'PLACE') && !inList(row, 'PLACE', codes.FOSTER_PLACE),
    'REC',
    rowsWith(data, 'Episodes', 'REC', ['E45', 'E46']),
  ),
);

/** A placement for adoption with a placement order (A5, A6) needs legal status E1, the placement order (a freeing order, D1, is not one). */
export const rule_408 = rule('408', (data) =>
  rowsWhere(
    data,
    'Episodes',
    (row) => inList(row, 'PLACE', ['A5', 'A6']) && filled(row, 'LS') && v(row, 'LS') !== 'E1',
    'LS',
    rowsWith(data, 'Episodes', 'PLACE', ['A5', 'A6']),
  ),
);

/** The same reasons for a new episode must show in the data: L changes legal status only, P placement only, B/T/U both. */
function changed(previous: SourceRow, next: SourceRow, fields: readonly string[]): boolean {
  return fields.some((field) => v(previous, field) !== v(next, field));
}
const PLACEMENT_FIELDS = ['PLACE', 'PLACE_PROVIDER', 'PL_POST', 'URN'];
const LEGAL_STATUS = ['LS'];
const PLACEMENT_CHANGE = ['P', 'T'];
const BOTH_CHANGE = ['B', 'U'];
export const rule_434 = rule('434', (data) =>
  consecutiveEpisodes(data)
    .filter(({ previous, next }) => v(next, 'RNE') === 'L' && (!changed(previous, next, LEGAL_STATUS) || changed(previous, next, PLACEMENT_FIELDS)))
    .map(({ next }) => ({ table: 'Episodes' as const, row: next, field: 'RNE' })),
);
export const rule_435 = rule('435', (data) =>
  consecutiveEpisodes(data)
    .filter(
      ({ previous, next }) => inList(next, 'RNE', PLACEMENT_CHANGE) && (changed(previous, next, LEGAL_STATUS) || !changed(previous, next, PLACEMENT_FIELDS)),
    )
    .map(({ next }) => ({ table: 'Episodes' as const, row: next, field: 'RNE' })),
);
export const rule_436 = rule('436', (data) =>
  consecutiveEpisodes(data)
    .filter(({ previous, next }) => inList(next, 'RNE', BOTH_CHANGE) && (!changed(previous, next, LEGAL_STATUS) || !changed(previous, next, PLACEMENT_FIELDS)))
    .map(({ next }) => ({ table: 'Episodes' as const, row: next, field: 'RNE' })),
);
