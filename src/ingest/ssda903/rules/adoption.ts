/**
 * DfE rules on adoption (AD1, PlacedAdoption) and previous permanence (PrevPerm) against the
 * episodes. One exported object per rule.
 */
import { readFileSync } from 'node:fs';
import type { SourceRow } from '../../types.ts';
import * as codes from '../codes.ts';
import { compareText, dmy } from '../values.ts';
import { blank, byChild, codeYear, date, episodesByChild, filled, inList, rowsWhere, rowsWith, rule, v, type Hit, type Return903 } from './rule.ts';

const ADOPTED = ['E11', 'E12'];
const AD1_FIELDS = ['DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'NB_ADOPTR', 'SEX_ADOPTR', 'LS_ADOPTR'];

/** Pairs of rows of two tables for the same child meeting a condition, both reported. */
function pairs(
  data: Return903,
  left: { table: 'Episodes' | 'AD1' | 'PlacedAdoption'; rows: readonly SourceRow[]; field: string },
  right: { table: 'AD1' | 'PlacedAdoption'; field: string },
  breaks: (a: SourceRow, b: SourceRow) => boolean,
): Hit[] {
  const others = byChild(data.tables[right.table]);
  const hits: Hit[] = [];
  const reported = new Set<SourceRow>();
  for (const row of left.rows) {
    for (const other of others.get(v(row, 'CHILD')) ?? []) {
      if (!breaks(row, other)) continue;
      if (!reported.has(row)) hits.push({ table: left.table, row, field: left.field });
      if (!reported.has(other)) hits.push({ table: right.table, row: other, field: right.field });
      reported.add(row).add(other);
    }
  }
  return hits;
}
/** Each child's episode meeting a condition that comes first (or last) by start date. */
function pick(data: Return903, where: (row: SourceRow) => boolean, which: 'first' | 'last'): SourceRow[] {
  const chosen: SourceRow[] = [];
  for (const episodes of episodesByChild(data).values()) {
    const found = which === 'first' ? episodes.find(where) : episodes.findLast(where);
    if (found) chosen.push(found);
  }
  return chosen;
}
const before = (a: string | null, b: string | null) => !!a && !!b && a < b;

// ---- PlacedAdoption against the episodes ----

/** The decision to place for adoption before the first period of care in the return began. */
export const rule_1003 = rule('1003', (data) =>
  pairs(
    data,
    { table: 'Episodes', rows: pick(data, (row) => v(row, 'RNE') === 'S', 'first'), field: 'DECOM' },
    { table: 'PlacedAdoption', field: 'DATE_PLACED' },
    (episode, decision) => before(date(decision, 'DATE_PLACED'), date(episode, 'DECOM')),
  ),
);

/** Decisions after the year end or after the child's last episode ended (X1 continuations aside). */
export const rule_117 = rule('117', (data) => {
  const lastEnded = pick(data, (row) => v(row, 'REC') !== 'X1', 'last');
  return pairs(data, { table: 'Episodes', rows: lastEnded, field: 'DEC' }, { table: 'PlacedAdoption', field: 'DATE_PLACED' }, (episode, decision) => {
    const ended = date(episode, 'DEC');
    return ['DATE_PLACED', 'DATE_PLACED_CEASED'].some((field) => {
      const day = date(decision, field);
      return !!day && (day > data.year.end || (!!ended && day > ended));
    });
  });
});

/** A decision that the child should no longer be placed, dated before this year or before their first episode (short breaks aside). */
export const rule_118 = rule('118', (data) =>
  pairs(
    data,
    { table: 'Episodes', rows: pick(data, (row) => !inList(row, 'LS', ['V3', 'V4']), 'first'), field: 'DECOM' },
    { table: 'PlacedAdoption', field: 'DATE_PLACED_CEASED' },
    (episode, decision) => {
      const ceased = date(decision, 'DATE_PLACED_CEASED');
      return !!ceased && (ceased < data.year.start || ceased < date(episode, 'DECOM')!);
    },
  ),
);

/** Placed for adoption (A3–A6) with no decision date. */
export const rule_551 = rule('551', (data) => {
  const decided = new Set(data.tables.PlacedAdoption.filter((row) => filled(row, 'DATE_PLACED')).map((row) => v(row, 'CHILD')));
  return rowsWhere(data, 'Episodes', (row) => !decided.has(v(row, 'CHILD')), 'PLACE', rowsWith(data, 'Episodes', 'PLACE', codes.ADOPTION_PLACE));
});

/** The latest decision must come on or before the first adoption placement. */
export const rule_552 = rule('552', (data) => {
  const latest = new Map<string, SourceRow>();
  for (const row of data.tables.PlacedAdoption) {
    const placed = date(row, 'DATE_PLACED');
    const kept = latest.get(v(row, 'CHILD'));
    if (placed && (!kept || placed > date(kept, 'DATE_PLACED')!)) latest.set(v(row, 'CHILD'), row);
  }
  return pick(data, (row) => inList(row, 'PLACE', codes.ADOPTION_PLACE), 'first').flatMap((episode): Hit[] => {
    const decision = latest.get(v(episode, 'CHILD'));
    return decision && date(episode, 'DECOM')! < date(decision, 'DATE_PLACED')!
      ? [
          { table: 'Episodes', row: episode, field: 'DECOM' },
          { table: 'PlacedAdoption', row: decision, field: 'DATE_PLACED' },
        ]
      : [];
  });
});

/**
 * An order (E1 placement order for 553/554, D1 freeing order for 555/556) needs a decision to place for
 * adoption: a PlacedAdoption row, not marked as ceased while the order's episode is open, and dated on or
 * before the first episode under the order.
 */
function orderNeedsDecision(code: string, status: 'E1' | 'D1'): ReturnType<typeof rule> {
  return rule(code, (data) => {
    const decisions = byChild(data.tables.PlacedAdoption);
    const hits: Hit[] = [];
    const reported = new Set<SourceRow>();
    for (const row of rowsWith(data, 'Episodes', 'LS', [status])) {
      const own = decisions.get(v(row, 'CHILD'));
      if (!own) {
        hits.push({ table: 'Episodes', row, field: 'LS' });
        continue;
      }
      if (filled(row, 'DEC')) continue;
      for (const decision of own) {
        if (reported.has(decision) || (blank(decision, 'DATE_PLACED_CEASED') && blank(decision, 'REASON_PLACED_CEASED'))) continue;
        hits.push({ table: 'PlacedAdoption', row: decision, field: 'DATE_PLACED_CEASED' });
        reported.add(decision);
      }
    }
    return hits;
  });
}
function decisionBeforeOrder(code: string, status: 'E1' | 'D1'): ReturnType<typeof rule> {
  return rule(code, (data) =>
    pairs(
      data,
      { table: 'Episodes', rows: pick(data, (row) => v(row, 'LS') === status, 'first'), field: 'DECOM' },
      { table: 'PlacedAdoption', field: 'DATE_PLACED' },
      (episode, decision) => before(date(episode, 'DECOM'), date(decision, 'DATE_PLACED')),
    ),
  );
}
export const rule_553 = orderNeedsDecision('553', 'E1');
export const rule_554 = decisionBeforeOrder('554', 'E1');
export const rule_555 = orderNeedsDecision('555', 'D1');
export const rule_556 = decisionBeforeOrder('556', 'D1');

/** Placed for adoption or under a placement order, then left care other than by adoption: the decision must be recorded as ceased, with its reason. */
export const rule_557 = rule('557', (data) => {
  // An order to place for adoption: E1 (placement order), and until 2023/24 D1 (freeing order) too.
  const orders = codeYear(data) >= 2025 ? ['E1'] : ['D1', 'E1'];
  const decisions = byChild(data.tables.PlacedAdoption);
  const hits: Hit[] = [];
  const reported = new Set<SourceRow>();
  for (const row of data.tables.Episodes) {
    const leftCare = filled(row, 'REC') && v(row, 'REC') !== 'X1' && !inList(row, 'REC', ADOPTED);
    if (!leftCare || !(inList(row, 'PLACE', codes.ADOPTION_PLACE) || inList(row, 'LS', orders))) continue;
    const own = decisions.get(v(row, 'CHILD')) ?? [];
    const incomplete = own.filter((decision) => blank(decision, 'DATE_PLACED_CEASED') || blank(decision, 'REASON_PLACED_CEASED'));
    if (own.length === 0 || incomplete.length > 0) hits.push({ table: 'Episodes', row, field: 'REC' });
    for (const decision of incomplete) {
      if (reported.has(decision)) continue;
      hits.push({ table: 'PlacedAdoption', row: decision, field: 'DATE_PLACED_CEASED' });
      reported.add(decision);
    }
  }
  return hits;
});

/** Adopted (E11, E12), yet the decision to place is recorded as ceased. */
/**
 * DfE's coding: if the latest episode ended in adoption (E11, E12) and the child has more than one
 * decision to place for adoption in the year, the latest decision must have no date it ceased.
 */
export const rule_558 = rule('558', (data) => {
  const latestCeased = new Set<string>();
  for (const [child, decisions] of byChild(data.tables.PlacedAdoption)) {
    if (decisions.length < 2) continue;
    const latest = decisions.reduce((a, b) => ((date(b, 'DATE_PLACED') ?? '') >= (date(a, 'DATE_PLACED') ?? '') ? b : a));
    if (filled(latest, 'DATE_PLACED_CEASED')) latestCeased.add(child);
  }
  const hits: Hit[] = [];
  for (const [child, episodes] of episodesByChild(data)) {
    const last = episodes[episodes.length - 1]!;
    if (latestCeased.has(child) && inList(last, 'REC', ADOPTED)) hits.push({ table: 'Episodes', row: last, field: 'REC' });
  }
  return hits;
});

/** A later decision while an earlier one was never revoked: the earlier one is reported. */
export const rule_583 = rule('583', (data) => {
  const hits: Hit[] = [];
  for (const decisions of byChild(data.tables.PlacedAdoption.filter((row) => date(row, 'DATE_PLACED'))).values()) {
    decisions.sort((a, b) => compareText(date(a, 'DATE_PLACED')!, date(b, 'DATE_PLACED')!));
    for (const earlier of decisions.slice(0, -1))
      if (blank(earlier, 'DATE_PLACED_CEASED')) hits.push({ table: 'PlacedAdoption', row: earlier, field: 'DATE_PLACED_CEASED' });
  }
  return hits;
});

// ---- AD1 against the episodes and PlacedAdoption ----

const adoptions = (data: Return903) => rowsWith(data, 'Episodes', 'REC', ADOPTED);
const adoptedInYear = (data: Return903) =>
  adoptions(data).filter((row) => {
    const ended = date(row, 'DEC');
    return !!ended && ended >= data.year.start && ended <= data.year.end;
  });

/** Matched with adopters after the placement that ended in adoption began. */
export const rule_331 = rule('331', (data) =>
  pairs(data, { table: 'Episodes', rows: adoptions(data), field: 'DECOM' }, { table: 'AD1', field: 'DATE_MATCH' }, (episode, ad1) =>
    before(date(episode, 'DECOM'), date(ad1, 'DATE_MATCH')),
  ),
);

/** The decision that adoption is in the child's best interests before their latest period of care began. */
export const rule_334 = rule('334', (data) =>
  pairs(
    data,
    { table: 'Episodes', rows: pick(data, (row) => v(row, 'RNE') === 'S', 'last'), field: 'DECOM' },
    { table: 'AD1', field: 'DATE_INT' },
    (episode, ad1) => before(date(ad1, 'DATE_INT'), date(episode, 'DECOM')),
  ),
);

/** Adopted from a placement with (A3, A5) or without (A4, A6) the current foster carers, contradicting FOSTER_CARE. */
export const rule_335 = rule('335', (data) =>
  pairs(
    data,
    { table: 'Episodes', rows: adoptions(data), field: 'PLACE' },
    { table: 'AD1', field: 'FOSTER_CARE' },
    (episode, ad1) =>
      (inList(episode, 'PLACE', ['A3', 'A5']) && v(ad1, 'FOSTER_CARE') === '0') || (inList(episode, 'PLACE', ['A4', 'A6']) && v(ad1, 'FOSTER_CARE') === '1'),
  ),
);

/** The decision that adoption is in the child's best interests after a placement for adoption began. */
export const rule_521 = rule('521', (data) =>
  pairs(
    data,
    { table: 'Episodes', rows: rowsWith(data, 'Episodes', 'PLACE', codes.ADOPTION_PLACE), field: 'DECOM' },
    { table: 'AD1', field: 'DATE_INT' },
    (episode, ad1) => before(date(episode, 'DECOM'), date(ad1, 'DATE_INT')),
  ),
);

/** The two decision dates (AD1 DATE_INT, PlacedAdoption DATE_PLACED) differ. */
export const rule_523 = rule('523', (data) =>
  pairs(data, { table: 'PlacedAdoption', rows: data.tables.PlacedAdoption, field: 'DATE_PLACED' }, { table: 'AD1', field: 'DATE_INT' }, (decision, ad1) => {
    const placed = date(decision, 'DATE_PLACED');
    const best = date(ad1, 'DATE_INT');
    return !!placed && !!best && placed !== best;
  }),
);

/** A reversed decision (DATE_PLACED_CEASED) with adoption details for the year. */
export const rule_525 = rule('525', (data) =>
  pairs(
    data,
    { table: 'PlacedAdoption', rows: data.tables.PlacedAdoption.filter((row) => filled(row, 'DATE_PLACED_CEASED')), field: 'DATE_PLACED_CEASED' },
    { table: 'AD1', field: 'DATE_INT' },
    (_decision, ad1) => AD1_FIELDS.some((field) => filled(ad1, field)),
  ),
);

/** Adopted on the day the child was matched with the adopters (a query: usually matching comes first). */
export const rule_582 = rule(
  '582',
  (data) =>
    pairs(
      data,
      { table: 'Episodes', rows: adoptions(data), field: 'DEC' },
      { table: 'AD1', field: 'DATE_MATCH' },
      (episode, ad1) => !!date(episode, 'DEC') && date(episode, 'DEC') === date(ad1, 'DATE_MATCH'),
    ),
  { severity: 'warning' },
);

/** Adopted this year with adoption details incomplete. */
export const rule_601 = rule('601', (data) =>
  pairs(data, { table: 'Episodes', rows: adoptedInYear(data), field: 'REC' }, { table: 'AD1', field: 'DATE_INT' }, (_episode, ad1) =>
    AD1_FIELDS.some((field) => blank(ad1, field)),
  ),
);

/** Adoption details for a child whose episodes show no adoption this year. */
export const rule_602 = rule('602', (data) => {
  const adopted = new Set(adoptedInYear(data).map((row) => v(row, 'CHILD')));
  return rowsWhere(data, 'AD1', (row) => !adopted.has(v(row, 'CHILD')) && AD1_FIELDS.some((field) => filled(row, field)), 'CHILD');
});

/** Civil partners (L2) must be a couple of any sexes (MM, FF, MF). */
export const rule_519 = rule('519', (data) =>
  rowsWhere(data, 'AD1', (row) => v(row, 'LS_ADOPTR') === 'L2' && !inList(row, 'SEX_ADOPTR', ['MM', 'FF', 'MF']), 'SEX_ADOPTR'),
);
/** A married couple of different sexes (L11) must be MF. */
export const rule_520 = rule('520', (data) => rowsWhere(data, 'AD1', (row) => v(row, 'LS_ADOPTR') === 'L11' && v(row, 'SEX_ADOPTR') !== 'MF', 'SEX_ADOPTR'));

// ---- PrevPerm ----

/** PrevPerm applies to children who started to be looked after on or after 1 April 2016. */
const PREV_PERM_FROM = '2016-04-01';

/**
 * A period of care that began this year needs its previous permanence option, and unless that was
 * none (Z1), the local authority and date of the order.
 */
export const rule_630 = rule('630', (data) => {
  const answered = new Set(
    data.tables.PrevPerm.filter(
      (row) => filled(row, 'PREV_PERM') && (v(row, 'PREV_PERM') === 'Z1' || (filled(row, 'LA_PERM') && filled(row, 'DATE_PERM'))),
    ).map((row) => v(row, 'CHILD')),
  );
  return rowsWhere(
    data,
    'Episodes',
    (row) => {
      const start = date(row, 'DECOM');
      return v(row, 'RNE') === 'S' && !!start && start >= data.year.start && !answered.has(v(row, 'CHILD'));
    },
    'RNE',
  );
});

/**
 * DATE_PERM is dd/mm/YYYY, with ZZ for an unknown day or month and ZZZZ for an unknown year; a known
 * date must be a real one and before the child's first episode in the return.
 */
const PARTIAL_DATE = /^(\d{2}|ZZ)\/(\d{2}|ZZ)\/(\d{4}|ZZZZ)$/i;
function datePermProblem(value: string, firstStart: string | undefined): boolean {
  const match = PARTIAL_DATE.exec(value.trim());
  if (!match) return true;
  const [, day, month, year] = match as unknown as [string, string, string, string];
  const known = (part: string) => !/z/i.test(part);
  if (known(month) && (Number(month) < 1 || Number(month) > 12)) return true;
  if (known(day) && (Number(day) < 1 || Number(day) > 31)) return true;
  if (known(day) && known(month) && known(year)) {
    const full = dmy(value.trim());
    return full === null || (!!firstStart && full >= firstStart);
  }
  return known(year) && !!firstStart && year > firstStart.slice(0, 4);
}
export const rule_632 = rule('632', (data) => {
  const episodes = episodesByChild(data);
  const hits: Hit[] = [];
  for (const row of data.tables.PrevPerm) {
    if (!filled(row, 'DATE_PERM')) continue;
    const first = episodes.get(v(row, 'CHILD'))?.[0];
    if (datePermProblem(v(row, 'DATE_PERM'), first ? date(first, 'DECOM')! : undefined)) {
      hits.push({ table: 'PrevPerm', row, field: 'DATE_PERM' });
      if (first) hits.push({ table: 'Episodes', row: first, field: 'DECOM' });
    }
  }
  return hits;
});

/** DfE codes of English councils (the shipped statistical-neighbour lists), read once. */
let councilCodes: ReadonlySet<string> | null = null;
function englishCouncilCodes(): ReadonlySet<string> {
  councilCodes ??= new Set(
    Object.keys(
      (
        JSON.parse(readFileSync(new URL('../../../indicators/benchmarks/statistical-neighbours.json', import.meta.url), 'utf8')) as {
          councils: Record<string, unknown>;
        }
      ).councils,
    ),
  );
  return councilCodes;
}
/** Codes of councils abolished in the 2019 Dorset reorganisation (a permanence order may have been made by one), and places outside England. */
const FORMER_AND_OUTSIDE = ['835', '837', 'WAL', 'SCO', 'NIR', 'NUK'];
export const rule_633 = rule('633', (data) =>
  rowsWhere(
    data,
    'PrevPerm',
    (row) =>
      filled(row, 'LA_PERM') && !englishCouncilCodes().has(v(row, 'LA_PERM').trim()) && !FORMER_AND_OUTSIDE.includes(v(row, 'LA_PERM').trim().toUpperCase()),
    'LA_PERM',
  ),
);

/** Previous permanence details for a child whose latest period of care began before 1 April 2016. */
export const rule_634 = rule('634', (data) => {
  const latest = new Map<string, string>();
  for (const [child, episodes] of episodesByChild(data)) latest.set(child, date(episodes[episodes.length - 1]!, 'DECOM')!);
  return rowsWhere(
    data,
    'PrevPerm',
    (row) => {
      const start = latest.get(v(row, 'CHILD'));
      return ['PREV_PERM', 'LA_PERM', 'DATE_PERM'].some((field) => filled(row, field)) && !!start && start < PREV_PERM_FROM;
    },
    'PREV_PERM',
  );
});
