/**
 * DfE rules on social worker episodes (SWEpisodes, from 2023-24), which cover the collection year and
 * the year before it. One exported object per rule.
 */
import type { SourceRow } from '../../types.ts';
import { addYears, compareText } from '../values.ts';
import { blank, byChild, codeYear, date, episodesByChild, filled, inList, rowsWhere, rule, v, type Hit, type Return903 } from './rule.ts';

/** Reasons a child's social worker changed (DfE 2024-25 guidance). */
const SW_REASON = ['MANAGE', 'FCONTA', 'LEFTRL', 'ORGRST', 'TSPROC', 'ABSENC', 'CHCHAN', 'PCCHAN', 'SWDIED', 'OTHERS'];

/** The social worker reporting period: the collection year in 2023/24, the first year collected; from 2024/25 it starts a year before. */
const periodStart = (data: Return903) => (codeYear(data) >= 2025 ? addYears(data.year.start, -1) : data.year.start);

/** Each child's social worker episodes with a valid start, in date order. */
function socialWorkerEpisodes(data: Return903): Map<string, SourceRow[]> {
  const groups = byChild(data.tables.SWEpisodes.filter((row) => date(row, 'SW_DECOM') !== null));
  for (const group of groups.values()) group.sort((a, b) => compareText(date(a, 'SW_DECOM')!, date(b, 'SW_DECOM')!));
  return groups;
}

/** Children looked after on 31 March: an open episode not under V3/V4 (short breaks). */
const openAtYearEnd = (data: Return903) => data.tables.Episodes.filter((row) => blank(row, 'DEC') && !inList(row, 'LS', ['V3', 'V4']));

export const rule_SW01STG1 = rule('SW01STG1', (data) => {
  const reported = new Set(data.tables.SWEpisodes.filter((row) => filled(row, 'SW_ID') && filled(row, 'SW_DECOM')).map((row) => v(row, 'CHILD')));
  return openAtYearEnd(data)
    .filter((row) => !reported.has(v(row, 'CHILD')))
    .map((row) => ({ table: 'Episodes' as const, row, field: 'DEC' }));
});

/**
 * 2024/25 (SW03STG1 split in two at 1 April 2023, the start of the first social worker reporting
 * period): every episode needs its start date; one starting before then needs the worker's ID (a
 * reason is not needed), one starting on or after it the ID and the reason for the change.
 */
function incomplete(code: string, needed: (before: boolean) => readonly string[]) {
  return rule(code, (data) =>
    data.tables.SWEpisodes.flatMap((row): Hit[] => {
      const started = date(row, 'SW_DECOM');
      const missing = started === null ? 'SW_DECOM' : needed(started < '2023-04-01').find((field) => blank(row, field));
      return missing ? [{ table: 'SWEpisodes', row, field: missing }] : [];
    }),
  );
}
export const rule_SW01aSTG1 = incomplete('SW01aSTG1', (before) => (before ? ['SW_ID'] : []));
export const rule_SW01bSTG1 = incomplete('SW01bSTG1', (before) => (before ? [] : ['SW_ID', 'SW_REASON']));

export const rule_SW06STG2 = rule('SW06STG2', (data) => rowsWhere(data, 'SWEpisodes', (row) => (date(row, 'SW_DECOM') ?? '') > data.year.end, 'SW_DECOM'));

export const rule_SW07STG2 = rule('SW07STG2', (data) =>
  rowsWhere(
    data,
    'SWEpisodes',
    (row) => {
      const ended = date(row, 'SW_DEC');
      return !!ended && (ended < periodStart(data) || ended > data.year.end);
    },
    'SW_DEC',
  ),
);

/**
 * An episode that ended before 31 March must be followed by another, as DfE's message says ("no subsequent
 * social worker episode has been provided"); how soon the next one starts is SW10STG2's check (within seven days).
 */
export const rule_SW11STG2 = rule('SW11STG2', (data) => {
  const hits: Hit[] = [];
  for (const episodes of socialWorkerEpisodes(data).values()) {
    const last = episodes[episodes.length - 1]!;
    const ended = date(last, 'SW_DEC');
    if (ended && ended < data.year.end) hits.push({ table: 'SWEpisodes', row: last, field: 'SW_DEC' });
  }
  return hits;
});

/**
 * A child looked after on 31 March needs social worker episodes back to the start of the collection
 * year, or to when their care began if it began during the year: their earliest social worker episode
 * must start by then.
 */
export const rule_SW12STG2 = rule('SW12STG2', (data) => {
  const workers = socialWorkerEpisodes(data);
  const episodes = episodesByChild(data);
  const hits: Hit[] = [];
  for (const child of new Set(openAtYearEnd(data).map((row) => v(row, 'CHILD')))) {
    const earliest = workers.get(child)?.[0];
    if (!earliest) continue; // no social worker episode at all is SW01STG1
    const own = episodes.get(child) ?? [];
    const lastStart = [...own].reverse().find((episode) => v(episode, 'RNE') === 'S');
    const careBegan = lastStart ? date(lastStart, 'DECOM')! : data.year.start;
    const needed = careBegan > data.year.start ? careBegan : data.year.start;
    if (date(earliest, 'SW_DECOM')! > needed) hits.push({ table: 'SWEpisodes', row: earliest, field: 'SW_DECOM' });
  }
  return hits;
});

/**
 * The reason for the change must be a valid code. In 2023/24 it must also be given ("either not valid or
 * has not been entered"); from 2024/25 it may be blank on an episode that began before 1 April 2023, the
 * start of the reporting period (DfE's SW01aSTG1: "<SW_REASON> may or may not have been provided").
 */
export const rule_SW13STG1 = rule('SW13STG1', (data) => {
  const from2024_25 = codeYear(data) >= 2025;
  return rowsWhere(
    data,
    'SWEpisodes',
    (row) => (blank(row, 'SW_REASON') ? !(from2024_25 && (date(row, 'SW_DECOM') ?? '9999-12-31') < '2023-04-01') : !inList(row, 'SW_REASON', SW_REASON)),
    'SW_REASON',
  );
});

/** Only a child's latest social worker episode may be open. */
export const rule_SW14STG2 = rule('SW14STG2', (data) => {
  const latest = new Set([...socialWorkerEpisodes(data).values()].map((episodes) => episodes[episodes.length - 1]!));
  return rowsWhere(data, 'SWEpisodes', (row) => blank(row, 'SW_DEC') && date(row, 'SW_DECOM') !== null && !latest.has(row), 'SW_DEC');
});

/** A reason is needed for an episode starting within the reporting period. */
export const rule_SW15STG2 = rule('SW15STG2', (data) =>
  rowsWhere(data, 'SWEpisodes', (row) => blank(row, 'SW_REASON') && !((date(row, 'SW_DECOM') ?? '9999-12-31') < periodStart(data)), 'SW_REASON'),
);
