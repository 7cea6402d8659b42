/**
 * DfE's SSDA903 rules for 2026/27 (children looked after return 2026 to 2027: validation rules), on
 * the table of deprivation of liberty orders (DoLO: CHILD, DOB, DOLO_START, DOLO_END) that DfE added
 * that year; in the 2026/27 ruleset on (INTRODUCED_903). DfE's messages and coding are quoted as the
 * peer (csc-validator-be-903, lac2026_27) records them; where Keystone reads them otherwise than the
 * peer's code, PEER_DIFFERENCES says why.
 */
import type { SourceRow } from '../../types.ts';
import { compareText } from '../values.ts';
import { openWhenCareEndedRule } from './reviews-missing.ts';
import {
  blank,
  byChild,
  date,
  dateRule,
  endBeforeStartRule,
  endOutsideYearRule,
  episodesByChild,
  filled,
  firstRows,
  inList,
  lastYear,
  rowsWhere,
  rule,
  startAfterYearRule,
  v,
  type Hit,
  type Return903,
} from './rule.ts';

/** A DoLO's start must be a real date (a DoLO without one cannot be stored). */
export const rule_700 = dateRule('700', 'DoLO', 'DOLO_START', { required: true, rejects: true });
/** An end date, when given, must be a real date. */
export const rule_701 = dateRule('701', 'DoLO', 'DOLO_END', { rejects: true });

/** DfE: "The date that the DoLO ended is before the date that it started" (the same day is not before). */
export const rule_702 = endBeforeStartRule('702', 'DoLO', 'DOLO_START', 'DOLO_END');

export const rule_703 = startAfterYearRule('703', 'DoLO', 'DOLO_START');

export const rule_704 = endOutsideYearRule('704', 'DoLO', 'DOLO_END');

/** Each child's DoLOs with a valid start, in start order (file order on the same day). */
function inStartOrder(rows: readonly SourceRow[]): Map<string, SourceRow[]> {
  const groups = byChild(rows.filter((row) => date(row, 'DOLO_START') !== null));
  for (const orders of groups.values()) orders.sort((a, b) => compareText(date(a, 'DOLO_START')!, date(b, 'DOLO_START')!));
  return groups;
}

/**
 * DfE: "If provided <DOLO_START> from current DoLO occurrence must be >= previous DoLO occurrence
 * <DOLO_START> and previous DoLO occurrence <DOLO_END> cannot be Null", message "A DoLO cannot start
 * when the previous DoLO is still open": in start order, the DoLO before must have ended (blank is
 * open), on or before this one's start. The later DoLO is reported.
 */
export const rule_705 = rule('705', (data) => {
  const hits: Hit[] = [];
  for (const orders of inStartOrder(data.tables.DoLO).values()) {
    for (let index = 1; index < orders.length; index++) {
      const previousEnd = date(orders[index - 1]!, 'DOLO_END');
      const stillOpen = previousEnd === null ? blank(orders[index - 1]!, 'DOLO_END') : date(orders[index]!, 'DOLO_START')! < previousEnd;
      if (stillOpen) hits.push({ table: 'DoLO', row: orders[index]!, field: 'DOLO_START' });
    }
  }
  return hits;
});

/**
 * DfE: "If previous collection year last DoLO has <DOLO_START> and <DOLO_END> is null, then a DoLO must
 * be present in this years collection and the first DoLO <DOLO_START> must be the same as that
 * episode's <DOLO_START>". The child's first DoLO this year is reported when it starts on another day;
 * a child in this year's Header with no DoLO at all is reported there (a child not in this year's
 * return has no row to report).
 */
export const rule_706 = rule(
  '706',
  (data) => {
    const openLastYear = new Map<string, string>();
    for (const [child, orders] of inStartOrder(lastYear(data).tables.DoLO)) {
      const last = orders[orders.length - 1]!;
      if (blank(last, 'DOLO_END')) openLastYear.set(child, date(last, 'DOLO_START')!);
    }
    const thisYear = byChild(data.tables.DoLO);
    const header = firstRows(data, 'Header');
    const hits: Hit[] = [];
    for (const [child, start] of openLastYear) {
      const orders = thisYear.get(child);
      if (!orders) {
        const row = header.get(child);
        if (row) hits.push({ table: 'Header', row, field: 'CHILD' });
        continue;
      }
      const first = [...orders].sort((a, b) => compareText(date(a, 'DOLO_START') ?? '9999', date(b, 'DOLO_START') ?? '9999'))[0]!;
      if (date(first, 'DOLO_START') !== start) hits.push({ table: 'DoLO', row: first, field: 'DOLO_START' });
    }
    return hits;
  },
  { tables: ['DoLO', 'Header'] },
);

/**
 * DfE: "Child ceased to be looked after but there is a DoLO without an end date": the child's last
 * episode ended their care (REC other than X1) and a DoLO begun by then has no end date.
 */
export const rule_707 = openWhenCareEndedRule('707', 'DoLO', 'DOLO_START', 'DOLO_END');

/** DfE: "If <DOLO_START> not Null, then <DOLO_START> must be > <DOB>" (the DoLO row's DOB). */
export const rule_708 = rule('708', (data) =>
  rowsWhere(
    data,
    'DoLO',
    (row) => {
      const dob = date(row, 'DOB');
      const start = date(row, 'DOLO_START');
      return !!dob && !!start && start <= dob;
    },
    'DOLO_START',
  ),
);

/**
 * Episodes of children with a DoLO that overlap one with both dates ("If <DOLO_START> and <DOLO_END>
 * are present then <PLACEMENT> for any episode where <DECOM> and <DEC> overlap the DOLO …"), whose
 * placement breaks `breaks`. An episode overlaps when it starts before the DoLO ends and ends (if it
 * has) after the DoLO starts: the day a child moves is the last of one placement and the first of the
 * next, so a placement that ended the day the DoLO began, or began the day it ended, is not held to it.
 * Each such episode is reported once, at PLACE.
 */
function placementsDuringDoLO(data: Return903, breaks: (episode: SourceRow) => boolean): Hit[] {
  const episodes = episodesByChild(data);
  const reported = new Set<SourceRow>();
  const hits: Hit[] = [];
  for (const order of data.tables.DoLO) {
    const start = date(order, 'DOLO_START');
    const end = date(order, 'DOLO_END');
    if (!start || !end) continue;
    for (const episode of episodes.get(v(order, 'CHILD')) ?? []) {
      const ceased = date(episode, 'DEC');
      if (ceased === null && filled(episode, 'DEC')) continue;
      const overlaps = date(episode, 'DECOM')! < end && (ceased === null || ceased > start);
      if (overlaps && !reported.has(episode) && breaks(episode)) {
        reported.add(episode);
        hits.push({ table: 'Episodes', row: episode, field: 'PLACE' });
      }
    }
  }
  return hits;
}

/** DfE: "… should be 'K2', 'Z12', or 'Z13'". */
export const rule_709 = rule('709', (data) => placementsDuringDoLO(data, (episode) => !inList(episode, 'PLACE', ['K2', 'Z12', 'Z13'])));

/** DfE: "… must not be 'K1', 'P1', 'R5', 'K3'" (secure children's home, with parents, young offender institution, supported accommodation). */
export const rule_710 = rule('710', (data) => placementsDuringDoLO(data, (episode) => inList(episode, 'PLACE', ['K1', 'P1', 'R5', 'K3'])));
