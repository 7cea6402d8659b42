/**
 * DfE's SSDA903 rules for 2025/26 (children looked after return 2025 to 2026: validation rules): those
 * DfE added that year (rule_<CODE>, in the 2025/26 ruleset on: INTRODUCED_903), and the 2025/26 reading
 * of those it changed (FROM_2025_26: index.ts runs it in place of the earlier reading, in the other
 * group files, when a return is checked with 2025/26's rules or later). DfE's coding is quoted as the
 * peer (csc-validator-be-903, lac2025_26) records it.
 */
import type { SourceRow } from '../../types.ts';
import * as codes from '../codes.ts';
import { addYears, compareText } from '../values.ts';
import { blank, date, dobs, episodesByChild, filled, inList, lastYear, rowsWhere, rule, v, type Hit, type Return903 } from './rule.ts';

// ---- added for 2025/26 ----

/** DfE: "If <DEC> is null then <REASON_PLACE_CHANGE> should be null": an episode still open has no reason for a placement change. */
export const rule_233 = rule('233', (data) =>
  rowsWhere(data, 'Episodes', (row) => blank(row, 'DEC') && filled(row, 'REASON_PLACE_CHANGE'), 'REASON_PLACE_CHANGE'),
);

/**
 * DfE: "If <DECOM> < <DOB> + 10 years then previous episode <REASON_PLACE_CHANGE> can not be 'CUSTOD'":
 * the episode before one that starts before the child's 10th birthday cannot have ended in custody.
 * That earlier episode, which holds CUSTOD, is reported.
 */
export const rule_234 = rule('234', (data) => {
  const born = dobs(data);
  const hits: Hit[] = [];
  for (const [child, episodes] of episodesByChild(data)) {
    const dob = born.get(child);
    if (!dob) continue;
    const tenthBirthday = addYears(dob, 10);
    for (let index = 1; index < episodes.length; index++) {
      const previous = episodes[index - 1]!;
      if (date(episodes[index]!, 'DECOM')! < tenthBirthday && v(previous, 'REASON_PLACE_CHANGE') === 'CUSTOD')
        hits.push({ table: 'Episodes', row: previous, field: 'REASON_PLACE_CHANGE' });
    }
  }
  return hits;
});

/** A care leaver reported last year as having died (IN_TOUCH DIED) is reported this year as anything else. */
export const rule_348 = rule('348', (data) => {
  const died = new Set(
    lastYear(data)
      .tables.OC3.filter((row) => v(row, 'IN_TOUCH') === 'DIED')
      .map((row) => v(row, 'CHILD')),
  );
  return rowsWhere(data, 'OC3', (row) => died.has(v(row, 'CHILD')) && v(row, 'IN_TOUCH') !== 'DIED', 'IN_TOUCH');
});

const UNKNOWN_UPN = ['UN1', 'UN2', 'UN3', 'UN4', 'UN5'];
/** DfE: "If <UPN> is provided and <UPN> is not in 'UN1' … 'UN5' then <UPN> must be unique within the LA return in that year": every row sharing one is reported. */
export const rule_444 = rule('444', (data) => {
  const rows = new Map<string, number>();
  for (const row of data.tables.Header) {
    const upn = v(row, 'UPN');
    if (upn && !UNKNOWN_UPN.includes(upn)) rows.set(upn, (rows.get(upn) ?? 0) + 1);
  }
  return rowsWhere(data, 'Header', (row) => (rows.get(v(row, 'UPN')) ?? 0) > 1, 'UPN');
});

/** DfE: "If <PL_DISTANCE> is present and not 999.9, then <PL_DISTANCE> should be <=350 miles". */
export const rule_454 = rule(
  '454',
  (data) =>
    rowsWhere(
      data,
      'Episodes',
      (row) => {
        const miles = Number(v(row, 'PL_DISTANCE'));
        return filled(row, 'PL_DISTANCE') && miles > 350 && miles !== 999.9;
      },
      'PL_DISTANCE',
    ),
  { columns: ['PL_DISTANCE'] },
);

/** DfE: "For the last SW episode (i.e. the episode with the latest <DECOM>), <SW_DEC> must be NULL" (the later row in the file when two start the same day). */
export const rule_SW17STG2 = rule('SW17STG2', (data) => {
  const latest = new Map<string, SourceRow>();
  for (const row of data.tables.SWEpisodes) {
    const started = date(row, 'SW_DECOM');
    if (started === null) continue;
    const current = latest.get(v(row, 'CHILD'));
    if (!current || compareText(started, date(current, 'SW_DECOM')!) >= 0) latest.set(v(row, 'CHILD'), row);
  }
  return [...latest.values()].filter((row) => filled(row, 'SW_DEC')).map((row): Hit => ({ table: 'SWEpisodes', row, field: 'SW_DEC' }));
});

// ---- changed for 2025/26: Z1 split into Z11–Z14, H5 and P2 withdrawn ----

/** 178's placements that take no provider: "<PL> = 'T0'; 'T1'; 'T2'; 'T3'; 'Z11'; 'Z12'; 'Z13'; 'Z14'" (T4 no longer). */
const NO_PROVIDER_178 = ['T0', 'T1', 'T2', 'T3', ...codes.OTHER_PLACE];
/** 213's and 526's: the temporary placements and Z11–Z14. */
const NO_PROVIDER = [...codes.TEMPORARY_PLACE, ...codes.OTHER_PLACE];
/** 218's and 222's placements without an Ofsted URN: "'P1'; 'P3'; 'R1'; 'R2'; 'R5'; 'T0' … 'T4'; 'Z11'; 'Z12'; 'Z13'; 'Z14'". */
const NO_URN = ['P1', 'P3', 'R1', 'R2', 'R5', ...codes.TEMPORARY_PLACE, ...codes.OTHER_PLACE];

/**
 * DfE 2025/26: "If previous episode <PL> = 'T0' or 'T1' or 'T2' or 'T3' or 'T4' then current episode
 * <RNE> must = 'P' AND <PL> must = previous episode -1 <PL> AND <PL_POST> must = previous episode -1
 * <PL_POST>". The episode after the temporary one is reported, at the first of RNE, PLACE, PL_POST that
 * breaks it (a blank postcode before and after is the same postcode). Until 2024/25 Keystone's reading
 * was the placement before and after being the same (type, URN, postcode), reported at the temporary one.
 */
function check383(data: Return903): Hit[] {
  const hits: Hit[] = [];
  for (const episodes of episodesByChild(data).values()) {
    for (let index = 2; index < episodes.length; index++) {
      const [before, temporary, current] = [episodes[index - 2]!, episodes[index - 1]!, episodes[index]!];
      if (!inList(temporary, 'PLACE', codes.TEMPORARY_PLACE)) continue;
      const field = v(current, 'RNE') !== 'P' ? 'RNE' : ['PLACE', 'PL_POST'].find((name) => v(current, name) !== v(before, name));
      if (field) hits.push({ table: 'Episodes', row: current, field });
    }
  }
  return hits;
}

/** The 2025/26 reading of the rules DfE changed that year, by code (146 takes its year's list from codes.placeCodes, 218 its exempt placements from placements.ts's urnExempt, 226 only its wording changed: MESSAGES_903; 503D is switched in previous-year.ts). */
export const FROM_2025_26: ReadonlyMap<string, (data: Return903) => Hit[]> = new Map([
  [
    '178',
    (data: Return903) =>
      rowsWhere(
        data,
        'Episodes',
        (row) => filled(row, 'PLACE_PROVIDER') && (!inList(row, 'PLACE_PROVIDER', codes.PLACE_PROVIDER) || inList(row, 'PLACE', NO_PROVIDER_178)),
        'PLACE_PROVIDER',
      ),
  ],
  ['213', (data: Return903) => rowsWhere(data, 'Episodes', (row) => inList(row, 'PLACE', NO_PROVIDER) && filled(row, 'PLACE_PROVIDER'), 'PLACE_PROVIDER')],
  ['222', (data: Return903) => rowsWhere(data, 'Episodes', (row) => inList(row, 'PLACE', NO_URN) && filled(row, 'URN') && v(row, 'URN') !== 'XXXXXXX', 'URN')],
  ['383', check383],
  [
    '526',
    (data: Return903) =>
      rowsWhere(data, 'Episodes', (row) => filled(row, 'PLACE') && !inList(row, 'PLACE', NO_PROVIDER) && blank(row, 'PLACE_PROVIDER'), 'PLACE_PROVIDER'),
  ],
]);
