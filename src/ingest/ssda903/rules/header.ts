/** DfE rules on the Header table (and Header with Episodes). One exported object per rule. */
import type { SourceRow } from '../../types.ts';
import * as codes from '../codes.ts';
import { addYears, ageOn } from '../values.ts';
import {
  blank,
  childrenIn,
  codeRule,
  codeYear,
  date,
  dateRule,
  episodesByChild,
  female,
  filled,
  inList,
  male,
  notInHeader,
  oncePerChild,
  rowsWhere,
  rowsWith,
  rule,
  SHORT_BREAKS,
  v,
} from './rule.ts';

/** The year's code list: 1 / 2 up to 2023-24, M / F / U from 2024-25. */
export const rule_101 = rule('101', (data) => rowsWhere(data, 'Header', (row) => !codes.sexCodes(codeYear(data)).includes(v(row, 'SEX')), 'SEX'));
/**
 * 2024/25: an unaccompanied asylum-seeking child is expected to be older: DfE's coding, "If <UASC_STATUS> = 1
 * then <DOB> should be > 11 years prior to <COLLECTION_END_DATE>". The status is Header's UASC when the
 * return has that column, else a row in the year's UASC table (the CSV tables' way of saying it).
 */
export const rule_231 = rule(
  '231',
  (data) => {
    const inTable = data.columns.Header.has('UASC') ? null : new Set(data.tables.UASC.map((row) => v(row, 'CHILD')));
    const uasc = (row: SourceRow) => (inTable ? inTable.has(v(row, 'CHILD')) : v(row, 'UASC') === '1');
    return rowsWhere(data, 'Header', (row) => uasc(row) && (date(row, 'DOB') ?? '') >= addYears(data.year.end, -11), 'DOB');
  },
  { tables: ['Header'] },
);
/** 2024/25: sex U (unknown or indeterminate) is valid (101) but queried. */
export const rule_232 = rule('232', (data) => rowsWhere(data, 'Header', (row) => v(row, 'SEX').toUpperCase() === 'U', 'SEX'));
export const rule_102 = dateRule('102', 'Header', 'DOB', { required: true, rejects: true });
export const rule_103 = codeRule('103', 'Header', 'ETHNIC', codes.ETHNIC, { required: true });
export const rule_105 = codeRule('105', 'Header', 'UASC', codes.ZERO_ONE, { required: true, columns: ['UASC'] });
export const rule_168 = rule('168', (data) => rowsWhere(data, 'Header', (row) => filled(row, 'UPN') && !codes.UPN.test(v(row, 'UPN')), 'UPN'));
export const rule_171 = dateRule('171', 'Header', 'MC_DOB', { rejects: false });
export const rule_174 = rule('174', (data) => rowsWhere(data, 'Header', (row) => filled(row, 'MC_DOB') && male(row), 'MC_DOB'));
export const rule_301 = rule('301', (data) => rowsWhere(data, 'Header', (row) => (date(row, 'DOB') ?? '') > data.year.end, 'DOB'));
export const rule_351 = rule('351', (data) =>
  rowsWhere(
    data,
    'Header',
    (row) => {
      const dob = date(row, 'DOB');
      return !!dob && addYears(dob, 25) < data.year.start;
    },
    'DOB',
  ),
);
export const rule_611 = rule('611', (data) =>
  rowsWhere(data, 'Header', (row) => v(row, 'MOTHER') === '1' && blank(row, 'MC_DOB'), 'MC_DOB', rowsWith(data, 'Header', 'MOTHER', ['1'])),
);
export const rule_612 = rule('612', (data) =>
  rowsWhere(data, 'Header', (row) => filled(row, 'MC_DOB') && v(row, 'MOTHER') === '0' && female(row), 'MC_DOB', rowsWith(data, 'Header', 'MOTHER', ['0'])),
);
export const rule_620 = rule('620', (data) =>
  rowsWhere(
    data,
    'Header',
    (row) => {
      const dob = date(row, 'DOB');
      return v(row, 'MOTHER') === '1' && !!dob && ageOn(dob, data.year.start) < 11;
    },
    'MOTHER',
    rowsWith(data, 'Header', 'MOTHER', ['1']),
  ),
);
export const rule_621 = rule('621', (data) =>
  rowsWhere(
    data,
    'Header',
    (row) => {
      const dob = date(row, 'DOB');
      const childDob = date(row, 'MC_DOB');
      return !!dob && !!childDob && childDob <= dob;
    },
    'MC_DOB',
  ),
);
export const rule_INT32 = oncePerChild('INT32', 'Header');
export const rule_INT03 = notInHeader('INT03', 'Episodes');

/**
 * A child in Header with no episode: warning only (the DfE portal needs episodes first). A care
 * leaver reported only in OC3 has no episode this year by right, so is not one.
 */
export const rule_EPI = rule(
  'EPI',
  (data) => {
    const [episodes, leavers] = [childrenIn(data, 'Episodes'), childrenIn(data, 'OC3')];
    return rowsWhere(data, 'Header', (row) => !episodes.has(v(row, 'CHILD')) && !leavers.has(v(row, 'CHILD')), 'CHILD');
  },
  { severity: 'warning', tables: ['Header', 'Episodes'] },
);

/** DfE: "Where any episode present, with an <LS> not = 'V3' or 'V4' then <UPN> must be provided" (a child on short breaks only needs none). */
export const rule_442 = rule('442', (data) => {
  const needUpn = new Set<string>();
  for (const episode of data.tables.Episodes) if (!inList(episode, 'LS', SHORT_BREAKS)) needUpn.add(v(episode, 'CHILD'));
  return rowsWhere(data, 'Header', (row) => blank(row, 'UPN') && needUpn.has(v(row, 'CHILD')), 'UPN');
});

/**
 * Looked after during the year (an episode open on or after 1 April) but MOTHER blank, for girls of any age: DfE's
 * message names no age, nor does its coding of the matching rule for girls who left care (607: "… and <SEX> = '2'
 * then <MOTHER> should be provided").
 */
export const rule_393 = rule('393', (data) => {
  const lookedAfter = new Set<string>();
  for (const [child, episodes] of episodesByChild(data)) {
    if (episodes.some((episode) => (date(episode, 'DEC') ?? '9999-12-31') >= data.year.start && !inList(episode, 'LS', SHORT_BREAKS))) lookedAfter.add(child);
  }
  return rowsWhere(data, 'Header', (row) => female(row) && blank(row, 'MOTHER') && lookedAfter.has(v(row, 'CHILD')), 'MOTHER');
});

/** First episode starts before the child was born. */
export const rule_302 = rule('302', (data) => {
  const hits = [];
  const header = new Map(data.tables.Header.map((row) => [v(row, 'CHILD'), date(row, 'DOB')]));
  for (const [child, episodes] of episodesByChild(data)) {
    const dob = header.get(child);
    const first = episodes[0]!;
    if (dob && date(first, 'DECOM')! < dob) hits.push({ table: 'Episodes' as const, row: first, field: 'DECOM' });
  }
  return hits;
});
