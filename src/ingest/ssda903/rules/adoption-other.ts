/** DfE rules on AD1, PlacedAdoption, PrevPerm, UASC and SWEpisodes. One exported object per rule. */
import * as codes from '../codes.ts';
import { addDays, addYears, compareText } from '../values.ts';
import {
  blank,
  byChild,
  codeRule,
  codeYear,
  date,
  dateRule,
  dobDiffers,
  dobs,
  filled,
  inList,
  notInHeader,
  oncePerChild,
  rowsWhere,
  rowsWith,
  rule,
  v,
  type Hit,
} from './rule.ts';

// ---- AD1 ----

export const rule_112 = dateRule('112', 'AD1', 'DATE_INT');
export const rule_113 = dateRule('113', 'AD1', 'DATE_MATCH');
export const rule_114 = codeRule('114', 'AD1', 'FOSTER_CARE', codes.ZERO_ONE);
export const rule_175 = codeRule('175', 'AD1', 'NB_ADOPTR', codes.NB_ADOPTR);
export const rule_176 = codeRule('176', 'AD1', 'SEX_ADOPTR', codes.SEX_ADOPTR);
export const rule_177 = codeRule('177', 'AD1', 'LS_ADOPTR', codes.LS_ADOPTR);
const AD1_FIELDS = ['DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'NB_ADOPTR', 'SEX_ADOPTR', 'LS_ADOPTR'];
export const rule_151 = rule('151', (data) =>
  rowsWhere(
    data,
    'AD1',
    (row) => {
      const completed = AD1_FIELDS.filter((field) => filled(row, field)).length;
      return completed > 0 && completed < AD1_FIELDS.length;
    },
    'DATE_INT',
  ),
);
export const rule_333 = rule('333', (data) =>
  rowsWhere(
    data,
    'AD1',
    (row) => {
      const intention = date(row, 'DATE_INT');
      const match = date(row, 'DATE_MATCH');
      return !!intention && !!match && intention > match;
    },
    'DATE_INT',
  ),
);
export const rule_511 = rule('511', (data) =>
  rowsWhere(data, 'AD1', (row) => v(row, 'NB_ADOPTR') === '2' && filled(row, 'SEX_ADOPTR') && !inList(row, 'SEX_ADOPTR', ['MM', 'FF', 'MF']), 'SEX_ADOPTR'),
);
export const rule_514 = rule('514', (data) =>
  rowsWhere(data, 'AD1', (row) => v(row, 'LS_ADOPTR') === 'L0' && inList(row, 'SEX_ADOPTR', ['MM', 'FF', 'MF']), 'SEX_ADOPTR'),
);
export const rule_517 = rule('517', (data) => rowsWhere(data, 'AD1', (row) => v(row, 'LS_ADOPTR') === 'L3' && v(row, 'SEX_ADOPTR') !== 'MF', 'SEX_ADOPTR'));
export const rule_518 = rule('518', (data) =>
  rowsWhere(data, 'AD1', (row) => v(row, 'LS_ADOPTR') === 'L4' && !inList(row, 'SEX_ADOPTR', ['MM', 'FF']), 'SEX_ADOPTR'),
);
export const rule_524 = rule('524', (data) =>
  rowsWhere(data, 'AD1', (row) => v(row, 'LS_ADOPTR') === 'L12' && !inList(row, 'SEX_ADOPTR', ['MM', 'FF']), 'SEX_ADOPTR'),
);
export const rule_INT01 = notInHeader('INT01', 'AD1');
export const rule_INT11 = dobDiffers('INT11', 'AD1');
export const rule_INT31 = oncePerChild('INT31', 'AD1');

// ---- PlacedAdoption ----

export const rule_115 = dateRule('115', 'PlacedAdoption', 'DATE_PLACED');
export const rule_116 = dateRule('116', 'PlacedAdoption', 'DATE_PLACED_CEASED');
export const rule_120 = codeRule('120', 'PlacedAdoption', 'REASON_PLACED_CEASED', codes.REASON_PLACED_CEASED);
export const rule_119 = rule('119', (data) =>
  rowsWhere(data, 'PlacedAdoption', (row) => blank(row, 'DATE_PLACED_CEASED') !== blank(row, 'REASON_PLACED_CEASED'), 'REASON_PLACED_CEASED'),
);
export const rule_522 = rule('522', (data) =>
  rowsWhere(
    data,
    'PlacedAdoption',
    (row) => {
      const placed = date(row, 'DATE_PLACED');
      const ceased = date(row, 'DATE_PLACED_CEASED');
      return !!placed && !!ceased && placed > ceased;
    },
    'DATE_PLACED',
  ),
);
export const rule_563 = rule('563', (data) =>
  rowsWhere(
    data,
    'PlacedAdoption',
    (row) => blank(row, 'DATE_PLACED') && (filled(row, 'DATE_PLACED_CEASED') || filled(row, 'REASON_PLACED_CEASED')),
    'DATE_PLACED',
  ),
);
export const rule_184 = rule('184', (data) => {
  const born = dobs(data);
  return rowsWhere(
    data,
    'PlacedAdoption',
    (row) => {
      const placed = date(row, 'DATE_PLACED');
      const dob = born.get(v(row, 'CHILD'));
      return !!placed && !!dob && placed < dob;
    },
    'DATE_PLACED',
  );
});
/** Decisions to place for adoption must not overlap: an earlier one must have ceased before a later one. */
export const rule_579 = rule('579', (data) => {
  const hits: Hit[] = [];
  for (const decisions of byChild(data.tables.PlacedAdoption.filter((row) => date(row, 'DATE_PLACED'))).values()) {
    decisions.sort((a, b) => compareText(date(a, 'DATE_PLACED')!, date(b, 'DATE_PLACED')!));
    for (let index = 1; index < decisions.length; index++) {
      const ceased = date(decisions[index - 1]!, 'DATE_PLACED_CEASED');
      if (ceased === null || date(decisions[index]!, 'DATE_PLACED')! < ceased)
        hits.push({ table: 'PlacedAdoption', row: decisions[index]!, field: 'DATE_PLACED' });
    }
  }
  return hits;
});
export const rule_INT02 = notInHeader('INT02', 'PlacedAdoption');
export const rule_INT12 = dobDiffers('INT12', 'PlacedAdoption');

// ---- PrevPerm ----

export const rule_631 = codeRule('631', 'PrevPerm', 'PREV_PERM', codes.PREV_PERM);
export const rule_635 = rule('635', (data) =>
  rowsWhere(
    data,
    'PrevPerm',
    (row) => v(row, 'PREV_PERM') === 'Z1' && (filled(row, 'DATE_PERM') || filled(row, 'LA_PERM')),
    'PREV_PERM',
    rowsWith(data, 'PrevPerm', 'PREV_PERM', ['Z1']),
  ),
);
export const rule_INT07 = notInHeader('INT07', 'PrevPerm');
export const rule_INT16 = dobDiffers('INT16', 'PrevPerm');
export const rule_INT35 = oncePerChild('INT35', 'PrevPerm');

// ---- UASC ----

export const rule_104 = dateRule('104', 'UASC', 'DUC');
export const rule_304 = rule('304', (data) =>
  rowsWhere(
    data,
    'UASC',
    (row) => {
      const ceased = date(row, 'DUC');
      const dob = date(row, 'DOB');
      return !!ceased && !!dob && ceased > addYears(dob, 18);
    },
    'DUC',
  ),
);
export const rule_INT09 = notInHeader('INT09', 'UASC');
export const rule_INT18 = dobDiffers('INT18', 'UASC');
export const rule_INT21 = rule('INT21', (data) => {
  const sex = new Map(data.tables.Header.map((row) => [v(row, 'CHILD'), v(row, 'SEX')]));
  return rowsWhere(data, 'UASC', (row) => sex.has(v(row, 'CHILD')) && sex.get(v(row, 'CHILD')) !== v(row, 'SEX'), 'SEX');
});
export const rule_INT36 = oncePerChild('INT36', 'UASC');

// ---- SWEpisodes ----

export const rule_SW02STG1 = rule('SW02STG1', (data) =>
  rowsWhere(data, 'SWEpisodes', (row) => filled(row, 'SW_ID') && !/^(SW|XX)/.test(v(row, 'SW_ID')), 'SW_ID'),
);
export const rule_SW03STG1 = rule('SW03STG1', (data) =>
  rowsWhere(data, 'SWEpisodes', (row) => ['SW_ID', 'SW_DECOM', 'SW_REASON'].some((field) => blank(row, field)), 'SW_ID'),
);
export const rule_SW04STG1 = dateRule('SW04STG1', 'SWEpisodes', 'SW_DECOM', { rejects: true });
export const rule_SW05STG1 = dateRule('SW05STG1', 'SWEpisodes', 'SW_DEC', { rejects: true });
export const rule_SW09STG2 = rule('SW09STG2', (data) =>
  rowsWhere(data, 'SWEpisodes', (row) => date(row, 'SW_DECOM') !== null && date(row, 'SW_DECOM') === date(row, 'SW_DEC'), 'SW_DEC'),
);
/**
 * A social worker episode starts when the previous one ended, give or take seven days. DfE's coding, 2023/24:
 * "<SW_DECOM> of current episode must be = (<SW_DEC> +/- 7 days) of previous episode if present"; 2024/25:
 * "If the current social worker episode <SW_REASON> is not = 'FCONTA' then <SW_DECOM> of current episode
 * must be >= (<SW_DEC> +/- 7 days) of previous episode if present" (only a start more than seven days
 * before the previous end is an error, and none when the reason is FCONTA).
 */
export const rule_SW10STG2 = rule('SW10STG2', (data) => {
  const from2024_25 = codeYear(data) >= 2025;
  const hits: Hit[] = [];
  for (const episodes of byChild(data.tables.SWEpisodes.filter((row) => date(row, 'SW_DECOM'))).values()) {
    episodes.sort((a, b) => compareText(date(a, 'SW_DECOM')!, date(b, 'SW_DECOM')!));
    for (let index = 1; index < episodes.length; index++) {
      const previousEnd = date(episodes[index - 1]!, 'SW_DEC');
      const episode = episodes[index]!;
      if (previousEnd === null) continue;
      const early = date(episode, 'SW_DECOM')! < addDays(previousEnd, -7);
      const late = date(episode, 'SW_DECOM')! > addDays(previousEnd, 7);
      if (from2024_25 ? early && v(episode, 'SW_REASON') !== 'FCONTA' : early || late) hits.push({ table: 'SWEpisodes', row: episode, field: 'SW_DECOM' });
    }
  }
  return hits;
});
export const rule_SW08STG2 = rule('SW08STG2', (data) => {
  const hits: Hit[] = [];
  for (const episodes of byChild(data.tables.SWEpisodes.filter((row) => date(row, 'SW_DECOM'))).values()) {
    episodes.sort((a, b) => compareText(date(a, 'SW_DECOM')!, date(b, 'SW_DECOM')!));
    for (const episode of episodes.slice(0, -1)) if (blank(episode, 'SW_DEC')) hits.push({ table: 'SWEpisodes', row: episode, field: 'SW_DEC' });
  }
  return hits;
});
