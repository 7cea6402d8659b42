/**
 * DfE rules on episodes and placements (with Header, UASC and Missing where they compare): locations
 * and postcodes, URNs, reasons for placement change, respite and custody, UPN and mother details.
 * One exported object per rule.
 */
import type { SourceRow } from '../../types.ts';
import * as codes from '../codes.ts';
import { addYears, compareText, daysBetween } from '../values.ts';
import {
  blank,
  byChild,
  codeYear,
  consecutiveEpisodes,
  date,
  dobs,
  episodesByChild,
  female,
  filled,
  firstRows,
  inList,
  lastYear,
  rowsByChild,
  rowsWhere,
  rowsWith,
  rule,
  SHORT_BREAKS,
  v,
  type Hit,
  type Return903,
} from './rule.ts';

const shortBreak = (row: SourceRow) => inList(row, 'LS', SHORT_BREAKS);

/**
 * Children who are or were unaccompanied asylum seekers, as far as the tables supplied show: UASC
 * coded 1 in this or last year's Header, or a row in this or last year's UASC table.
 */
function uascChildren(data: Return903): Set<string> {
  const children = new Set<string>();
  for (const tables of [data.tables, lastYear(data).tables]) {
    for (const row of tables.Header) if (v(row, 'UASC') === '1') children.add(v(row, 'CHILD'));
    for (const row of tables.UASC) children.add(v(row, 'CHILD'));
  }
  return children;
}

// ---- placement location, distance and postcodes (PL_* columns: present from 2023-24 returns) ----

/** A distance in miles from 0.0 to 999.9. */
const validDistance = (text: string) => /^\d+(\.\d+)?$/.test(text) && Number(text) <= 999.9;
export const rule_164 = rule(
  '164',
  (data) => {
    const uasc = uascChildren(data);
    return rowsWhere(
      data,
      'Episodes',
      (row) => filled(row, 'PL_DISTANCE') && !shortBreak(row) && !uasc.has(v(row, 'CHILD')) && !validDistance(v(row, 'PL_DISTANCE').trim()),
      'PL_DISTANCE',
    );
  },
  { columns: ['PL_DISTANCE'] },
);
export const rule_169 = rule('169', (data) => rowsWhere(data, 'Episodes', (row) => blank(row, 'PL_LA') && !shortBreak(row), 'PL_LA'), { columns: ['PL_LA'] });
export const rule_179 = rule(
  '179',
  (data) => rowsWhere(data, 'Episodes', (row) => (filled(row, 'PL_LOCATION') ? !inList(row, 'PL_LOCATION', ['IN', 'OUT']) : !shortBreak(row)), 'PL_LOCATION'),
  { columns: ['PL_LOCATION'] },
);
export const rule_392a = rule(
  '392a',
  (data) => {
    const uasc = uascChildren(data);
    return rowsWhere(data, 'Episodes', (row) => blank(row, 'PL_DISTANCE') && !shortBreak(row) && !uasc.has(v(row, 'CHILD')), 'PL_DISTANCE');
  },
  { columns: ['PL_DISTANCE'] },
);
export const rule_392b = rule('392b', (data) => {
  const uasc = uascChildren(data);
  const hits: Hit[] = [];
  for (const row of data.tables.Episodes) {
    const missing = blank(row, 'HOME_POST') ? 'HOME_POST' : blank(row, 'PL_POST') ? 'PL_POST' : null;
    if (missing && !shortBreak(row) && !uasc.has(v(row, 'CHILD'))) hits.push({ table: 'Episodes', row, field: missing });
  }
  return hits;
});

/**
 * The shape of a UK postcode (outward code, a space or none, inward code), checked without a postcode
 * list: a well-formed postcode that does not exist is not caught.
 */
const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/i;
const badPostcode = (row: SourceRow, field: string) => filled(row, field) && !POSTCODE.test(v(row, field).trim());
export const rule_392c = rule('392c', (data) => {
  const hits: Hit[] = [];
  for (const row of data.tables.Episodes) {
    const bad = badPostcode(row, 'HOME_POST') ? 'HOME_POST' : badPostcode(row, 'PL_POST') ? 'PL_POST' : null;
    if (bad) hits.push({ table: 'Episodes', row, field: bad });
  }
  return hits;
});
const postcode = (row: SourceRow, field: string) => v(row, field).replace(/\s+/g, '').toUpperCase();
export const rule_392d = rule('392d', (data) =>
  rowsWhere(
    data,
    'Episodes',
    (row) => filled(row, 'HOME_POST') && v(row, 'PLACE') !== 'P1' && postcode(row, 'HOME_POST') === postcode(row, 'PL_POST'),
    'PL_POST',
  ),
);
export const rule_398 = rule('398', (data) =>
  rowsWhere(
    data,
    'Episodes',
    (row) => shortBreak(row) && (filled(row, 'HOME_POST') || filled(row, 'PL_POST')),
    'HOME_POST',
    rowsWith(data, 'Episodes', 'LS', SHORT_BREAKS),
  ),
);
export const rule_406 = rule(
  '406',
  (data) => {
    const uasc = uascChildren(data);
    return rowsWhere(data, 'Episodes', (row) => filled(row, 'PL_DISTANCE') && uasc.has(v(row, 'CHILD')), 'PL_DISTANCE');
  },
  { columns: ['PL_DISTANCE'] },
);
/** Placements 1015 leaves out: with adopters or foster carers (A3–A6, U1–U6), and short breaks. */
const FOSTER_OR_ADOPTION = ['A3', 'A4', 'A5', 'A6', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6'];
/**
 * 1015: a placement with the council's own provision (PR1) must be in the council's area (PL_LA its
 * own ONS code), except with foster carers or adopters, and short breaks; episodes without a legal
 * status or placement are left to the rules requiring those.
 */
export const rule_1015 = rule(
  '1015',
  (data) =>
    rowsWhere(
      data,
      'Episodes',
      (row) =>
        v(row, 'PLACE_PROVIDER') === 'PR1' &&
        filled(row, 'LS') &&
        filled(row, 'PLACE') &&
        !shortBreak(row) &&
        !inList(row, 'PLACE', FOSTER_OR_ADOPTION) &&
        v(row, 'PL_LA') !== data.council!.onsCode,
      'PL_LA',
      rowsWith(data, 'Episodes', 'PLACE_PROVIDER', ['PR1']),
    ),
  { columns: ['PL_LA'], needsCouncil: true },
);
/** 411: a placement located IN the council's area must have the council's own ONS code as PL_LA. */
export const rule_411 = rule(
  '411',
  (data) =>
    rowsWhere(
      data,
      'Episodes',
      (row) => v(row, 'PL_LOCATION') === 'IN' && v(row, 'PL_LA') !== data.council!.onsCode,
      'PL_LOCATION',
      rowsWith(data, 'Episodes', 'PL_LOCATION', ['IN']),
    ),
  {
    columns: ['PL_LA', 'PL_LOCATION'],
    needsCouncil: true,
  },
);
export const rule_420 = rule(
  '420',
  (data) => rowsWhere(data, 'Episodes', (row) => filled(row, 'PL_LA') && shortBreak(row), 'PL_LA', rowsWith(data, 'Episodes', 'LS', SHORT_BREAKS)),
  { columns: ['PL_LA'] },
);

// ---- URN and reason for placement change ----

/**
 * Placements with no Ofsted URN: parents, residential employment, temporary, other; until 2023/24 also
 * H5 (supported accommodation, registered from 28 October 2023: 230 checked that year) and P2
 * (independent living, ended 28 October 2023).
 */
const URN_EXEMPT = ['P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z1'];
/** 2024-25 took H5 and P2 off the list; 2025-26 put Z11–Z14 in place of Z1. */
const urnExempt = (endYear: number) =>
  endYear >= 2026 ? [...URN_EXEMPT.filter((code) => code !== 'Z1'), ...codes.OTHER_PLACE] : endYear >= 2025 ? URN_EXEMPT : [...URN_EXEMPT, 'H5', 'P2'];
/** A placement outside England (PL_LA an ONS code for Wales, Scotland or Northern Ireland, or WAL, SCO, NIR, NUK). */
const outsideEngland = (row: SourceRow) => /^[NWSC]/i.test(v(row, 'PL_LA'));
/**
 * A placement in the year (open, or ended on or after 1 April) needs a URN unless of an exempt type, outside England
 * or a short break: for V3 / V4 DfE's 214 asks for no URN ("Placement location information not required"), as its
 * postcode rules (169, 392b: "If <LS> not = 'V3' or 'V4' …") leave short breaks out, so 218 cannot ask for one.
 */
export const rule_218 = rule('218', (data) => {
  const exempt = urnExempt(codeYear(data));
  return rowsWhere(
    data,
    'Episodes',
    (row) => {
      const ended = date(row, 'DEC');
      const inYear = ended ? ended >= data.year.start : blank(row, 'DEC');
      return inYear && blank(row, 'URN') && filled(row, 'PLACE') && !inList(row, 'PLACE', exempt) && !outsideEngland(row) && !shortBreak(row);
    },
    'URN',
  );
});

/** A placement change (next episode P, B, T or U) between placements that are not temporary needs its reason. */
export const rule_225 = rule('225', (data) =>
  consecutiveEpisodes(data)
    .filter(
      ({ previous, next }) =>
        v(previous, 'REC') === 'X1' &&
        blank(previous, 'REASON_PLACE_CHANGE') &&
        !inList(previous, 'PLACE', codes.TEMPORARY_PLACE) &&
        inList(next, 'RNE', ['P', 'B', 'T', 'U']) &&
        !inList(next, 'PLACE', codes.TEMPORARY_PLACE),
    )
    .map(({ previous }) => ({ table: 'Episodes' as const, row: previous, field: 'REASON_PLACE_CHANGE' })),
);

/** A temporary placement (T0–T4) takes no reason for placement change, nor does the episode before it. */
export const rule_226 = rule('226', (data) => {
  const hits: Hit[] = [];
  for (const episodes of episodesByChild(data).values()) {
    episodes.forEach((episode, index) => {
      const before = episodes[index - 1];
      if (inList(episode, 'PLACE', codes.TEMPORARY_PLACE) && (filled(episode, 'REASON_PLACE_CHANGE') || (!!before && filled(before, 'REASON_PLACE_CHANGE')))) {
        hits.push({ table: 'Episodes', row: episode, field: 'REASON_PLACE_CHANGE' });
      }
    });
  }
  return hits;
});

/** Placed for adoption with current foster carers (A3, A4) straight from a foster or adoption placement. */
const BEFORE_FOSTER_ADOPTION = [...codes.ADOPTION_PLACE, ...codes.FOSTER_PLACE];
export const rule_336 = rule('336', (data) =>
  consecutiveEpisodes(data)
    .filter(({ previous, next }) => inList(next, 'PLACE', ['A3', 'A4']) && !inList(previous, 'PLACE', BEFORE_FOSTER_ADOPTION))
    .map(({ next }) => ({ table: 'Episodes' as const, row: next, field: 'PLACE' })),
);

// ---- legal status ----

/** PACE custody (J2) in one continuous stretch may last 21 days at most (open episodes run to the year end). */
export const rule_364 = rule('364', (data) => {
  const hits: Hit[] = [];
  for (const episodes of episodesByChild(data).values()) {
    let stretch: SourceRow[] = [];
    let days = 0;
    let lastEnd = '';
    const close = () => {
      if (days > 21) for (const episode of stretch) hits.push({ table: 'Episodes', row: episode, field: 'LS' });
      stretch = [];
      days = 0;
    };
    for (const episode of episodes) {
      if (v(episode, 'LS') !== 'J2') {
        close();
        continue;
      }
      const start = date(episode, 'DECOM')!;
      const end = date(episode, 'DEC') ?? data.year.end;
      if (stretch.length && start > lastEnd) close();
      stretch.push(episode);
      days += Math.max(0, daysBetween(start, end));
      lastEnd = end;
    }
    close();
  }
  return hits;
});

/** A respite (V3) episode always starts a new period of care. */
export const rule_366 = rule('366', (data) =>
  rowsWhere(data, 'Episodes', (row) => v(row, 'LS') === 'V3' && v(row, 'RNE') !== 'S', 'RNE', rowsWith(data, 'Episodes', 'LS', ['V3'])),
);

/** Both V3 (single short breaks) and V4 (a series) in the same year. */
export const rule_426 = rule('426', (data) => {
  const hits: Hit[] = [];
  for (const episodes of rowsByChild(data, 'Episodes').values()) {
    if (episodes.some((episode) => v(episode, 'LS') === 'V3') && episodes.some((episode) => v(episode, 'LS') === 'V4'))
      for (const episode of episodes.filter(shortBreak)) hits.push({ table: 'Episodes', row: episode, field: 'LS' });
  }
  return hits;
});

/** Still freed for adoption (D1) at the year end. */
export const rule_451 = rule('451', (data) =>
  rowsWhere(data, 'Episodes', (row) => v(row, 'LS') === 'D1' && blank(row, 'DEC') && blank(row, 'REC'), 'LS', rowsWith(data, 'Episodes', 'LS', ['D1'])),
);

/** Looked after (an open episode) past the 18th birthday: only as V2 (section 20(5)) in a community home (K2). */
export const rule_359 = rule('359', (data) => {
  const born = dobs(data);
  return rowsWhere(
    data,
    'Episodes',
    (row) => {
      const dob = born.get(v(row, 'CHILD'));
      return !!dob && addYears(dob, 18) < data.year.end && blank(row, 'DEC') && !(v(row, 'LS') === 'V2' && v(row, 'PLACE') === 'K2');
    },
    'LS',
  );
});

const ADOPTED = ['E11', 'E12'];
/** Adopted before (an episode ended E11 or E12, this year or last): no later episode is expected. */
export const rule_199 = rule('199', (data) => {
  // Only a child with an episode ending in adoption, in either year, can have one after it.
  const adoptedOnce = new Set(
    [...rowsWith(data, 'Episodes', 'REC', ADOPTED), ...lastYear(data).tables.Episodes.filter((row) => inList(row, 'REC', ADOPTED))].map((row) =>
      v(row, 'CHILD'),
    ),
  );
  if (!adoptedOnce.size) return [];
  const current = new Set(data.tables.Episodes);
  const hits: Hit[] = [];
  const last = byChild(lastYear(data).tables.Episodes.filter((row) => date(row, 'DECOM') !== null));
  for (const [child, episodes] of episodesByChild(data)) {
    if (!adoptedOnce.has(child)) continue;
    // Both years by start date; an episode in both years is taken from this year's return.
    const byStart = new Map<string, SourceRow>();
    for (const episode of last.get(child) ?? []) byStart.set(date(episode, 'DECOM')!, episode);
    for (const episode of episodes) byStart.set(date(episode, 'DECOM')!, episode);
    let adopted = false;
    for (const [, episode] of [...byStart.entries()].sort(([a], [b]) => compareText(a, b))) {
      if (adopted && current.has(episode)) hits.push({ table: 'Episodes', row: episode, field: 'RNE' });
      if (inList(episode, 'REC', ADOPTED)) adopted = true;
    }
  }
  return hits;
});

// ---- Header: UPN, UASC, mother ----

/** UN1 (“not yet allocated”) for a child of school age: 4 by 31 August before the year began. */
export const rule_209 = rule('209', (data) => {
  const cutOff = `${data.year.endYear - 2}-08-31`;
  return rowsWhere(
    data,
    'Header',
    (row) => {
      const dob = date(row, 'DOB');
      return v(row, 'UPN') === 'UN1' && !!dob && addYears(dob, 4) <= cutOff;
    },
    'UPN',
    rowsWith(data, 'Header', 'UPN', ['UN1']),
  );
});

/** UN4 (“newly looked after, UPN not yet known”) for a child whose episodes began more than a week before 31 March. */
export const rule_210 = rule('210', (data) => {
  const weekBefore = `${data.year.endYear}-03-24`;
  const unknown = new Set(data.tables.Header.filter((row) => v(row, 'UPN') === 'UN4').map((row) => v(row, 'CHILD')));
  const late = rowsWhere(data, 'Episodes', (row) => unknown.has(v(row, 'CHILD')) && (date(row, 'DECOM') ?? '') >= weekBefore, 'DECOM');
  const children = new Set(late.map((hit) => v(hit.row, 'CHILD')));
  return [...late, ...rowsWhere(data, 'Header', (row) => children.has(v(row, 'CHILD')), 'UPN')];
});

/** A date UASC status ceased for a child not coded UASC in Header. */
export const rule_303 = rule(
  '303',
  (data) => {
    const header = firstRows(data, 'Header');
    const hits: Hit[] = [];
    for (const row of data.tables.UASC) {
      const child = header.get(v(row, 'CHILD'));
      if (filled(row, 'DUC') && child && v(child, 'UASC') !== '1')
        hits.push({ table: 'UASC', row, field: 'DUC' }, { table: 'Header', row: child, field: 'UASC' });
    }
    return hits;
  },
  { columns: ['UASC'] },
);

/** A girl who ceased to be looked after this year (not after short breaks) needs her mother status. */
export const rule_607 = rule('607', (data) => {
  const girls = new Map(data.tables.Header.filter((row) => female(row) && blank(row, 'MOTHER')).map((row) => [v(row, 'CHILD'), row]));
  const ceased = rowsWhere(
    data,
    'Episodes',
    (row) => {
      const ended = date(row, 'DEC');
      return (
        girls.has(v(row, 'CHILD')) &&
        !!ended &&
        ended >= data.year.start &&
        ended <= data.year.end &&
        filled(row, 'REC') &&
        v(row, 'REC') !== 'X1' &&
        !shortBreak(row)
      );
    },
    'REC',
  );
  const children = new Set(ceased.map((hit) => v(hit.row, 'CHILD')));
  return [...ceased, ...[...children].map((child) => ({ table: 'Header' as const, row: girls.get(child)!, field: 'MOTHER' }))];
});

/** The first child's date of birth after the year end or after the mother ceased to be looked after. */
export const rule_625 = rule('625', (data) => {
  const episodes = episodesByChild(data);
  return rowsWhere(
    data,
    'Header',
    (row) => {
      const born = date(row, 'MC_DOB');
      if (!born) return false;
      const own = episodes.get(v(row, 'CHILD'));
      const last = own?.[own.length - 1];
      const ceased = last && filled(last, 'REC') && v(last, 'REC') !== 'X1' ? date(last, 'DEC') : null;
      return born > data.year.end || (!!ceased && born > ceased);
    },
    'MC_DOB',
  );
});

// ---- Missing ----

/** Missing from a placement that has since ended, with no end to the missing period. */
export const rule_575 = rule('575', (data) => {
  const episodes = rowsByChild(data, 'Episodes');
  return rowsWhere(
    data,
    'Missing',
    (row) => {
      const start = date(row, 'MIS_START');
      return (
        !!start &&
        blank(row, 'MIS_END') &&
        (episodes.get(v(row, 'CHILD')) ?? []).some((episode) => {
          const from = date(episode, 'DECOM');
          const to = date(episode, 'DEC');
          return !!from && !!to && start >= from && start <= to;
        })
      );
    },
    'MIS_END',
  );
});

/** Missing until the 18th birthday, the day care ended: the episode must end E8 (period of being looked after ceased for any other reason). */
export const rule_580 = rule('580', (data) => {
  const missingUntil18 = new Set<string>();
  for (const row of data.tables.Missing) {
    const dob = date(row, 'DOB');
    const end = date(row, 'MIS_END');
    if (dob && end && end === addYears(dob, 18)) missingUntil18.add(`${v(row, 'CHILD')}\u0000${end}`);
  }
  if (!missingUntil18.size) return [];
  return rowsWhere(
    data,
    'Episodes',
    (row) => filled(row, 'DEC') && missingUntil18.has(`${v(row, 'CHILD')}\u0000${date(row, 'DEC')}`) && v(row, 'REC') !== 'E8',
    'REC',
  );
});

/** Looked after only for short breaks (V3, V4): no mother status and no reviews; the child's episodes are reported too. */
export const rule_399 = rule('399', (data) => {
  const shortBreaksOnly = new Set([...rowsByChild(data, 'Episodes')].filter(([, episodes]) => episodes.every(shortBreak)).map(([child]) => child));
  const details = [
    ...rowsWhere(data, 'Header', (row) => shortBreaksOnly.has(v(row, 'CHILD')) && filled(row, 'MOTHER'), 'MOTHER'),
    ...rowsWhere(data, 'Reviews', (row) => shortBreaksOnly.has(v(row, 'CHILD')) && (filled(row, 'REVIEW') || filled(row, 'REVIEW_CODE')), 'REVIEW'),
  ];
  const children = new Set(details.map((hit) => v(hit.row, 'CHILD')));
  return [...details, ...rowsWhere(data, 'Episodes', (row) => children.has(v(row, 'CHILD')), 'LS')];
});
