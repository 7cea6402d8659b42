/** DfE rules on Reviews and Missing (with Episodes where they compare). One exported object per rule. */
import * as codes from '../codes.ts';
import { ageOn, compareText } from '../values.ts';
import type { Table903 } from '../tables.ts';
import {
  blank,
  byChild,
  codeRule,
  date,
  dateRule,
  dobDiffers,
  startAfterYearRule,
  endOutsideYearRule,
  endBeforeStartRule,
  episodesByChild,
  filled,
  inList,
  notInHeader,
  rowsWhere,
  rowsWith,
  rule,
  v,
  type Hit,
} from './rule.ts';

// ---- Reviews ----

export const rule_166 = dateRule('166', 'Reviews', 'REVIEW', { required: true, rejects: true });
export const rule_167 = codeRule('167', 'Reviews', 'REVIEW_CODE', codes.REVIEW_CODE, { required: true });
export const rule_440 = rule('440', (data) =>
  rowsWhere(
    data,
    'Reviews',
    (row) => {
      if (v(row, 'REVIEW_CODE') !== 'PN0') return false;
      const dob = date(row, 'DOB');
      const review = date(row, 'REVIEW');
      return !!dob && !!review && ageOn(dob, review) >= 4;
    },
    'REVIEW_CODE',
    rowsWith(data, 'Reviews', 'REVIEW_CODE', ['PN0']),
  ),
);
export const rule_441 = rule('441', (data) =>
  rowsWhere(
    data,
    'Reviews',
    (row) => {
      if (!inList(row, 'REVIEW_CODE', ['PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6', 'PN7'])) return false;
      const dob = date(row, 'DOB');
      const review = date(row, 'REVIEW');
      return !!dob && !!review && ageOn(dob, review) < 4;
    },
    'REVIEW_CODE',
  ),
);
export const rule_INT08 = notInHeader('INT08', 'Reviews');
export const rule_INT17 = dobDiffers('INT17', 'Reviews');

// ---- Missing ----

export const rule_1004 = dateRule('1004', 'Missing', 'MIS_START', { rejects: true });
export const rule_1005 = dateRule('1005', 'Missing', 'MIS_END', { rejects: true });
export const rule_1006 = codeRule('1006', 'Missing', 'MISSING', codes.MISSING);
export const rule_564 = rule('564', (data) => rowsWhere(data, 'Missing', (row) => filled(row, 'MISSING') && blank(row, 'MIS_START'), 'MIS_START'));
export const rule_565 = rule('565', (data) => rowsWhere(data, 'Missing', (row) => filled(row, 'MIS_START') && blank(row, 'MISSING'), 'MISSING'));
export const rule_566 = rule('566', (data) => rowsWhere(data, 'Missing', (row) => filled(row, 'MIS_END') && blank(row, 'MISSING'), 'MISSING'));
export const rule_567 = endBeforeStartRule('567', 'Missing', 'MIS_START', 'MIS_END');
export const rule_570 = startAfterYearRule('570', 'Missing', 'MIS_START');
export const rule_571 = endOutsideYearRule('571', 'Missing', 'MIS_END');
export const rule_586 = rule('586', (data) =>
  rowsWhere(
    data,
    'Missing',
    (row) => {
      const dob = date(row, 'DOB');
      const start = date(row, 'MIS_START');
      return !!dob && !!start && start < dob;
    },
    'MIS_START',
  ),
);

/** A new missing period cannot start while the previous one is open or before it ended. */
export const rule_574 = rule('574', (data) => {
  const hits: Hit[] = [];
  for (const periods of byChild(data.tables.Missing.filter((row) => date(row, 'MIS_START'))).values()) {
    periods.sort((a, b) => compareText(date(a, 'MIS_START')!, date(b, 'MIS_START')!));
    for (let index = 1; index < periods.length; index++) {
      const previousEnd = date(periods[index - 1]!, 'MIS_END');
      if (previousEnd === null || date(periods[index]!, 'MIS_START')! < previousEnd) hits.push({ table: 'Missing', row: periods[index]!, field: 'MIS_START' });
    }
  }
  return hits;
});

/** The child's last episode, when it ended the period of care (not X1): the day and reason care ended. */
function careEnded(data: Parameters<typeof rule_574.check>[0]): Map<string, { dec: string; rec: string }> {
  const ended = new Map<string, { dec: string; rec: string }>();
  for (const [child, episodes] of episodesByChild(data)) {
    const last = episodes[episodes.length - 1]!;
    const dec = date(last, 'DEC');
    if (dec && filled(last, 'REC') && v(last, 'REC') !== 'X1') ended.set(child, { dec, rec: v(last, 'REC') });
  }
  return ended;
}

/** A row begun on or before the day the child's care ended (careEnded) and left open; not when care ended for one of `exceptReasons`. */
export function openWhenCareEndedRule(code: string, table: Table903, startField: string, endField: string, exceptReasons: readonly string[] = []) {
  return rule(code, (data) => {
    const ended = careEnded(data);
    return rowsWhere(
      data,
      table,
      (row) => {
        const start = date(row, startField);
        const care = ended.get(v(row, 'CHILD'));
        return !!care && !!start && start <= care.dec && blank(row, endField) && !exceptReasons.includes(care.rec);
      },
      endField,
    );
  });
}

export const rule_577 = openWhenCareEndedRule('577', 'Missing', 'MIS_START', 'MIS_END', ['E8']);
export const rule_578 = rule('578', (data) => {
  const ended = careEnded(data);
  return rowsWhere(
    data,
    'Missing',
    (row) => {
      const start = date(row, 'MIS_START');
      const care = ended.get(v(row, 'CHILD'));
      return !!care && !!start && start > care.dec;
    },
    'MIS_START',
  );
});
export const rule_581 = rule('581', (data) => {
  const firstStart = new Map<string, string>();
  for (const [child, episodes] of episodesByChild(data)) firstStart.set(child, date(episodes[0]!, 'DECOM')!);
  return rowsWhere(
    data,
    'Missing',
    (row) => {
      const start = date(row, 'MIS_START');
      const first = firstStart.get(v(row, 'CHILD'));
      return !!start && !!first && start < first;
    },
    'MIS_START',
  );
});
export const rule_INT04 = notInHeader('INT04', 'Missing');
export const rule_INT13 = dobDiffers('INT13', 'Missing');
