/**
 * DfE rules comparing this year's return with last year's (the catalogue's `<table>_last` tables,
 * supplied as `<table>_last.csv`). Each runs only when last year's tables it reads were supplied.
 * One exported object per rule.
 */
import type { SourceRow } from '../../types.ts';
import type { Table903 } from '../tables.ts';
import { addYears, compareText, daysBetween, dmy } from '../values.ts';
import {
  byChild,
  childrenIn,
  date,
  episodesByChild,
  filled,
  firstRows,
  inList,
  lastEpisodesByChild,
  lastYear,
  lastYearFirstRows,
  rule,
  v,
  type Hit,
  type Return903,
  type Rule903,
  codeYear,
} from './rule.ts';

/** Last year's first row per child in a table. */
const lastByChild = (data: Return903, table: Table903) => lastYearFirstRows(data, table);

/** The same value in both years: valid dates compared as dates (spaces around them do not count), anything else as written, blank included. */
/** Sex written 1 / 2 before 2024-25 and M / F after: the same child's sex across that change is the same. */
const SEX_AS_LETTER: Readonly<Record<string, string>> = { '1': 'M', '2': 'F' };

function same(before: SourceRow, now: SourceRow, field: string): boolean {
  if (field === 'SEX') return (SEX_AS_LETTER[v(before, field)] ?? v(before, field)) === (SEX_AS_LETTER[v(now, field)] ?? v(now, field));
  const [a, b] = [date(before, field), date(now, field)];
  return a !== null && b !== null ? a === b : v(before, field) === v(now, field);
}

/** Header rows of children in both years whose value of a field changed. */
function headerChanged(code: string, field: string): Rule903 {
  return rule(code, (data) => {
    const last = lastByChild(data, 'Header');
    return data.tables.Header.filter((row) => {
      const before = last.get(v(row, 'CHILD'));
      return !!before && !same(before, row, field);
    }).map((row) => ({ table: 'Header' as const, row, field }));
  });
}

export const rule_202 = headerChanged('202', 'SEX');
export const rule_203 = headerChanged('203', 'DOB');
export const rule_204 = headerChanged('204', 'ETHNIC');

/** Mother last year, and not now, for a child looked after this year. */
export const rule_207 = rule('207', (data) => {
  const last = lastByChild(data, 'Header');
  const looked = childrenIn(data, 'Episodes');
  return data.tables.Header.filter((row) => {
    const before = last.get(v(row, 'CHILD'));
    return !!before && looked.has(v(row, 'CHILD')) && v(before, 'MOTHER') === '1' && v(row, 'MOTHER') !== '1';
  }).map((row) => ({ table: 'Header' as const, row, field: 'MOTHER' }));
});

const UPN_UNKNOWN = ['UN1', 'UN2', 'UN3', 'UN4', 'UN5'];
/**
 * A UPN may change only from unknown to known (blank or UNn to a real UPN), or from blank or UN1 (no
 * UPN yet) to another reason for not knowing it (UN2–UN5).
 */
export const rule_208 = rule('208', (data) => {
  const last = lastByChild(data, 'Header');
  return data.tables.Header.filter((row) => {
    const before = last.get(v(row, 'CHILD'));
    if (!before) return false;
    const was = v(before, 'UPN').toUpperCase();
    const now = v(row, 'UPN').toUpperCase();
    if (was === now) return false;
    const unknownBefore = was === '' || UPN_UNKNOWN.includes(was);
    if (unknownBefore && now !== '' && !UPN_UNKNOWN.includes(now)) return false;
    return !((was === '' || was === 'UN1') && UPN_UNKNOWN.slice(1).includes(now));
  }).map((row) => ({ table: 'Header' as const, row, field: 'UPN' }));
});

// ---- UASC status across the two years (Header's UASC column in both years) ----

interface UascYears {
  uasc: SourceRow;
  header: SourceRow | undefined;
  uascLast: SourceRow | undefined;
  headerLast: SourceRow | undefined;
}

/** Each child in this year's UASC table with their Header row and last year's UASC and Header rows. */
function uascYears(data: Return903): UascYears[] {
  const header = firstRows(data, 'Header');
  const uascLast = lastByChild(data, 'UASC');
  const headerLast = lastByChild(data, 'Header');
  return data.tables.UASC.map((uasc) => {
    const child = v(uasc, 'CHILD');
    return { uasc, header: header.get(child), uascLast: uascLast.get(child), headerLast: headerLast.get(child) };
  });
}

function uascRule(code: string, breaks: (entry: UascYears, data: Return903) => boolean): Rule903 {
  return rule(
    code,
    (data) =>
      uascYears(data)
        .filter((entry) => breaks(entry, data))
        .flatMap((entry): Hit[] => [
          { table: 'UASC', row: entry.uasc, field: 'DUC' },
          ...(entry.header ? [{ table: 'Header' as const, row: entry.header, field: 'UASC' }] : []),
        ]),
    { columns: ['UASC'] },
  );
}

const uascNow = (entry: UascYears) => (entry.header ? v(entry.header, 'UASC') : '');
const uascBefore = (entry: UascYears) => (entry.headerLast ? v(entry.headerLast, 'UASC') : '');
const ducBefore = (entry: UascYears) => (entry.uascLast ? date(entry.uascLast, 'DUC') : null);

/** UASC last year and not now: this year's DUC must be blank and last year's must fall in last year. */
export const rule_205A = uascRule('205A', (entry, data) => {
  if (uascNow(entry) === '1' || uascBefore(entry) !== '1') return false;
  const before = ducBefore(entry);
  const lastStart = addYears(data.year.start, -1);
  const lastEnd = addYears(data.year.end, -1);
  return filled(entry.uasc, 'DUC') || before === null || before < lastStart || before > lastEnd;
});

/**
 * UASC in both years: last year's DUC must be the 18th birthday, and this year's either falls in this
 * year or repeats last year's.
 */
export const rule_205B = uascRule('205B', (entry, data) => {
  if (uascNow(entry) !== '1' || uascBefore(entry) !== '1') return false;
  const now = date(entry.uasc, 'DUC');
  const before = ducBefore(entry);
  const dob = date(entry.uasc, 'DOB');
  const inYear = now !== null && now >= data.year.start && now <= data.year.end;
  return (!inYear && now !== before) || dob === null || before !== addYears(dob, 18);
});

/** UASC in neither year, yet a DUC in one of them. */
export const rule_205C = uascRule(
  '205C',
  (entry) => uascNow(entry) !== '1' && uascBefore(entry) !== '1' && (filled(entry.uasc, 'DUC') || (!!entry.uascLast && filled(entry.uascLast, 'DUC'))),
);

/** UASC now but not in last year's Header. */
export const rule_205D = rule(
  '205D',
  (data) => {
    const last = lastByChild(data, 'Header');
    return data.tables.Header.filter((row) => {
      const before = last.get(v(row, 'CHILD'));
      return !!before && v(row, 'UASC') === '1' && v(before, 'UASC') !== '1';
    }).map((row) => ({ table: 'Header' as const, row, field: 'UASC' }));
  },
  { tables: ['Header'], previousTables: ['Header'], columns: ['UASC'] },
);

export const rule_624 = rule('624', (data) => {
  const last = lastByChild(data, 'Header');
  return data.tables.Header.filter((row) => {
    const before = last.get(v(row, 'CHILD'));
    return !!before && filled(before, 'MC_DOB') && !same(before, row, 'MC_DOB');
  }).map((row) => ({ table: 'Header' as const, row, field: 'MC_DOB' }));
});

/** A mother now whose first child was born before this year, though not a mother last year. */
export const rule_626 = rule('626', (data) => {
  const last = lastByChild(data, 'Header');
  return data.tables.Header.filter((row) => {
    const before = last.get(v(row, 'CHILD'));
    const born = date(row, 'MC_DOB');
    return !!before && !!born && born < data.year.start && v(row, 'MOTHER') === '1' && v(before, 'MOTHER') === '0';
  }).map((row) => ({ table: 'Header' as const, row, field: 'MOTHER' }));
});

// ---- Episodes: the first episode this year continues last year's open episode ----

interface Continuation {
  first: SourceRow;
  lastFinal: SourceRow;
}

/** Each child's first episode this year with their final episode of last year, where last year ended with it open. */
function continuations(data: Return903): Continuation[] {
  const last = lastEpisodesByChild(data);
  const pairs: Continuation[] = [];
  for (const [child, episodes] of episodesByChild(data)) {
    const previous = last.get(child);
    const lastFinal = previous?.[previous.length - 1];
    if (lastFinal && !filled(lastFinal, 'DEC')) pairs.push({ first: episodes[0]!, lastFinal });
  }
  return pairs;
}

function continuationRule(
  code: string,
  field: string,
  differs: (now: string, before: string) => boolean = (now, before) => now !== before,
  columns: string[] = [],
): Rule903 {
  return rule(
    code,
    (data) =>
      continuations(data)
        .filter(({ first, lastFinal }) => differs(v(first, field), v(lastFinal, field)))
        .map(({ first }) => ({ table: 'Episodes' as const, row: first, field })),
    { columns, tables: ['Episodes'], previousTables: ['Episodes'] },
  );
}

/** Distances differ when they are 0.2 miles or more apart (they are computed from postcodes, to one decimal place). */
const distancesDiffer = (now: string, before: string) => {
  const a = Number(now);
  const b = Number(before);
  return now === '' || before === '' || Number.isNaN(a) || Number.isNaN(b) ? now !== before : Math.abs(a - b) >= 0.2 - 1e-9;
};

export const rule_502 = continuationRule('502', 'DECOM', (now, before) => dmy(now) !== dmy(before));
export const rule_503A = continuationRule('503A', 'RNE');
export const rule_503B = continuationRule('503B', 'LS');
export const rule_503C = continuationRule('503C', 'CIN');
/**
 * In 2024/25, when K3 took over supported accommodation from H5, last year's open H5 placement may
 * continue as K3 (DfE's coding: "[For 2025 only: Except if previous year <PL> = 'H5' and current year
 * <PL> = 'K3']", repeated in DfE's 2025/26 rules): in that year's ruleset only.
 */
const recodedH5 = (now: string, before: string) => before === 'H5' && now === 'K3';
const rule_503D_before = continuationRule('503D', 'PLACE');
const rule_503D_in2024_25 = continuationRule('503D', 'PLACE', (now, before) => now !== before && !recodedH5(now, before));
export const rule_503D = { ...rule_503D_before, check: (data: Return903) => (codeYear(data) === 2025 ? rule_503D_in2024_25 : rule_503D_before).check(data) };
export const rule_503E = continuationRule('503E', 'PLACE_PROVIDER');
export const rule_503F = continuationRule('503F', 'URN');
export const rule_503G = continuationRule('503G', 'PL_DISTANCE', distancesDiffer, ['PL_DISTANCE']);
export const rule_503H = continuationRule('503H', 'PL_LA', undefined, ['PL_LA']);
export const rule_503J = continuationRule('503J', 'PL_LOCATION', undefined, ['PL_LOCATION']);

/** 452 and 453 as the DfE validator reads them: a continuing episode (same reason for new episode) whose placement LA or distance changed. */
const sameReasonContinuation = (code: string, field: string, differs: (now: string, before: string) => boolean) =>
  rule(
    code,
    (data) =>
      continuations(data)
        .filter(({ first, lastFinal }) => v(first, 'RNE') === v(lastFinal, 'RNE') && differs(v(first, field), v(lastFinal, field)))
        .map(({ first }) => ({ table: 'Episodes' as const, row: first, field })),
    { columns: [field] },
  );
export const rule_452 = sameReasonContinuation('452', 'PL_LA', (now, before) => now !== before);
export const rule_453 = sameReasonContinuation('453', 'PL_DISTANCE', distancesDiffer);

/** A child's first episode began before this year: last year's final episode must be the same one. */
export const rule_562 = rule('562', (data) => {
  const last = lastEpisodesByChild(data);
  const hits: Hit[] = [];
  for (const [child, episodes] of episodesByChild(data)) {
    const first = episodes[0]!;
    if (date(first, 'DECOM')! >= data.year.start) continue;
    const previous = last.get(child);
    const lastFinal = previous?.[previous.length - 1];
    if (!lastFinal || date(lastFinal, 'DECOM') !== date(first, 'DECOM')) hits.push({ table: 'Episodes', row: first, field: 'DECOM' });
  }
  return hits;
});

/** Every episode that began before this year, for a child with no episodes last year. */
export const rule_NoE = rule('NoE', (data) => {
  const last = new Set(lastYear(data).tables.Episodes.map((row) => v(row, 'CHILD')));
  return data.tables.Episodes.filter((row) => {
    const start = date(row, 'DECOM');
    return !!start && start < data.year.start && !last.has(v(row, 'CHILD'));
  }).map((row) => ({ table: 'Episodes' as const, row, field: 'DECOM' }));
});

// ---- OC3 (care leavers) against both years' episodes ----

/** Care leaver information for a child with no episodes in either year. */
export const rule_1002 = rule('1002', (data) => {
  const looked = new Set([...data.tables.Episodes, ...lastYear(data).tables.Episodes].map((row) => v(row, 'CHILD')));
  return data.tables.OC3.filter((row) => !looked.has(v(row, 'CHILD'))).map((row) => ({ table: 'OC3' as const, row, field: 'IN_TOUCH' }));
});

/** Care leaver information for a child with no episodes this year whose last episode of last year was still open. */
export const rule_1010 = rule('1010', (data) => {
  const now = childrenIn(data, 'Episodes');
  const last = lastEpisodesByChild(data);
  return data.tables.OC3.filter((row) => {
    const previous = last.get(v(row, 'CHILD'));
    const lastFinal = previous?.[previous.length - 1];
    return !now.has(v(row, 'CHILD')) && !!lastFinal && !filled(lastFinal, 'DEC');
  }).map((row) => ({ table: 'OC3' as const, row, field: 'IN_TOUCH' }));
});

/**
 * A relevant or former relevant child has been looked after (V3/V4 short breaks aside) for at least 13
 * weeks (91 days) since their 14th birthday, some of it after their 16th, and was not adopted. Judged
 * on the two years of episodes supplied (an episode in both years counted once; an open final episode
 * runs to the end of this year); young people of 20 or more at the year end are left alone, since two
 * years of episodes cannot show their care after 14.
 */
export const rule_1001 = rule('1001', (data) => {
  const dobs = new Map<string, string>();
  for (const row of data.tables.Header) {
    const dob = date(row, 'DOB');
    if (dob && !dobs.has(v(row, 'CHILD'))) dobs.set(v(row, 'CHILD'), dob);
  }
  const episodes = byChild([...data.tables.Episodes, ...lastYear(data).tables.Episodes].filter((row) => date(row, 'DECOM') !== null));
  const hits: Hit[] = [];
  for (const row of data.tables.OC3) {
    const child = v(row, 'CHILD');
    const dob = dobs.get(child);
    if (!dob || addYears(dob, 20) <= data.year.end) continue;
    // One episode per start date, preferring the copy that has an end date.
    const byStart = new Map<string, SourceRow>();
    for (const episode of episodes.get(child) ?? []) {
      const start = date(episode, 'DECOM')!;
      const kept = byStart.get(start);
      if (!kept || (!date(kept, 'DEC') && date(episode, 'DEC'))) byStart.set(start, episode);
    }
    const ordered = [...byStart.entries()].sort(([a], [b]) => compareText(a, b));
    const from14 = addYears(dob, 14);
    const from16 = addYears(dob, 16);
    let after14 = 0;
    let after16 = 0;
    ordered.forEach(([start, episode], index) => {
      if (inList(episode, 'LS', ['V3', 'V4'])) return;
      const end = date(episode, 'DEC') ?? (index === ordered.length - 1 ? data.year.end : null);
      if (!end) return;
      after14 += Math.max(0, daysBetween(start > from14 ? start : from14, end));
      after16 += Math.max(0, daysBetween(start > from16 ? start : from16, end));
    });
    const final = ordered[ordered.length - 1]?.[1];
    const adopted = !!final && inList(final, 'REC', ['E11', 'E12']);
    if (adopted || after14 < 91 || after16 < 1) hits.push({ table: 'OC3', row, field: 'IN_TOUCH' });
  }
  return hits;
});

// ---- PlacedAdoption ----

/** A decision dated before this year must have been in last year's return. */
export const rule_559 = rule('559', (data) => {
  const last = lastByChild(data, 'PlacedAdoption');
  return data.tables.PlacedAdoption.filter((row) => {
    const placed = date(row, 'DATE_PLACED');
    const before = last.get(v(row, 'CHILD'));
    return !!placed && placed < data.year.start && (!before || !filled(before, 'DATE_PLACED'));
  }).map((row) => ({ table: 'PlacedAdoption' as const, row, field: 'DATE_PLACED' }));
});

/** Last year's decision stood (not ceased): this year's date must be the same. */
export const rule_560 = rule('560', (data) => {
  const last = lastByChild(data, 'PlacedAdoption');
  return data.tables.PlacedAdoption.filter((row) => {
    const before = last.get(v(row, 'CHILD'));
    return !!before && filled(before, 'DATE_PLACED') && !filled(before, 'DATE_PLACED_CEASED') && v(row, 'DATE_PLACED') !== v(before, 'DATE_PLACED');
  }).map((row) => ({ table: 'PlacedAdoption' as const, row, field: 'DATE_PLACED' }));
});

/** The same decision date as last year, though last year's decision had ceased. */
export const rule_561 = rule('561', (data) => {
  const last = lastByChild(data, 'PlacedAdoption');
  return data.tables.PlacedAdoption.filter((row) => {
    const before = last.get(v(row, 'CHILD'));
    return (
      !!before &&
      filled(row, 'DATE_PLACED') &&
      v(row, 'DATE_PLACED') === v(before, 'DATE_PLACED') &&
      (filled(before, 'DATE_PLACED_CEASED') || filled(before, 'REASON_PLACED_CEASED'))
    );
  }).map((row) => ({ table: 'PlacedAdoption' as const, row, field: 'DATE_PLACED' }));
});

/** Last year's decision ceased: a decision this year must be a new, later one. */
export const rule_584 = rule('584', (data) => {
  const last = lastByChild(data, 'PlacedAdoption');
  return data.tables.PlacedAdoption.filter((row) => {
    const before = last.get(v(row, 'CHILD'));
    if (!before || !(filled(before, 'DATE_PLACED_CEASED') || filled(before, 'REASON_PLACED_CEASED'))) return false;
    const placed = date(row, 'DATE_PLACED');
    const placedBefore = date(before, 'DATE_PLACED');
    return !filled(row, 'DATE_PLACED') || (!!placed && !!placedBefore && placed <= placedBefore);
  }).map((row) => ({ table: 'PlacedAdoption' as const, row, field: 'DATE_PLACED' }));
});

// ---- Missing ----

/** Last year ended with the child missing: this year's first missing period must be that one. */
export const rule_576 = rule('576', (data) => {
  const openLast = new Map<string, string>();
  for (const row of lastYear(data).tables.Missing) if (!filled(row, 'MIS_END') && filled(row, 'MIS_START')) openLast.set(v(row, 'CHILD'), v(row, 'MIS_START'));
  const hits: Hit[] = [];
  for (const [child, periods] of byChild(data.tables.Missing)) {
    const open = openLast.get(child);
    if (open === undefined) continue;
    const first = [...periods].sort((a, b) => compareText(date(a, 'MIS_START') ?? '9999', date(b, 'MIS_START') ?? '9999'))[0]!;
    if (date(first, 'MIS_START') !== dmy(open)) hits.push({ table: 'Missing', row: first, field: 'MIS_START' });
  }
  return hits;
});

// ---- SWEpisodes: the first social worker episode continues last year's open one ----

function socialWorkerContinuation(code: string, field: string): Rule903 {
  return rule(code, (data) => {
    const inOrder = (rows: readonly SourceRow[]) => {
      const groups = byChild(rows.filter((row) => date(row, 'SW_DECOM') !== null));
      for (const group of groups.values()) group.sort((a, b) => compareText(date(a, 'SW_DECOM')!, date(b, 'SW_DECOM')!));
      return groups;
    };
    const last = inOrder(lastYear(data).tables.SWEpisodes);
    const hits: Hit[] = [];
    for (const [child, episodes] of inOrder(data.tables.SWEpisodes)) {
      const previous = last.get(child);
      const lastFinal = previous?.[previous.length - 1];
      if (!lastFinal || filled(lastFinal, 'SW_DEC')) continue;
      const first = episodes[0]!;
      const same = field === 'SW_DECOM' ? date(first, field) === date(lastFinal, field) : v(first, field) === v(lastFinal, field);
      if (!same) hits.push({ table: 'SWEpisodes', row: first, field });
    }
    return hits;
  });
}

export const rule_SW16aSTG2 = socialWorkerContinuation('SW16aSTG2', 'SW_ID');
export const rule_SW16bSTG2 = socialWorkerContinuation('SW16bSTG2', 'SW_DECOM');
export const rule_SW16cSTG2 = socialWorkerContinuation('SW16cSTG2', 'SW_REASON');
