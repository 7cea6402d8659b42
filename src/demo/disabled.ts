/**
 * Kestrelshire's disabled children: disabilities, short breaks and EHC plans, drawn from their own
 * random streams (one per child) so the rest of the county is exactly as before.
 *
 * - Disabilities (ssd_disability, CIN census codes): 90% of children ever referred with the
 *   disability need (N2), 12% of other children referred, 30% of other children with SEN; one code,
 *   a quarter of them two; NONE for every other child referred.
 * - Short breaks (V3 / V4), each recorded as the SSDA903 records it: a looked-after episode (start
 *   reason S, ceased E8) with its placement and legal status, never while looked after full-time
 *   (DfE's looked-after figures leave short breaks out, src/indicators/sql.ts): after a
 *   disabled child's assessment that found a need (60% of short-term support, 30% of child in need
 *   plans), starting 5–40 working days after it, but 40–90 more for children of the closed team's
 *   and the covering team's districts while the team is closed (a waiting list that grows while a
 *   team is short-staffed); the child's case stays open until they start. 70% a series (V4: a stay of 1–3 nights every 2–5 weeks for 3–24 months), the
 *   rest single breaks (V3: 1–3 stays of 1–7 nights).
 * - EHC plans (ssd_send, ssd_ehcp_requests, _assessment, _named_plan): half of disabled children
 *   aged 2–17 at some time; 85% of requests assessed (decided in 3–10 weeks); 90% of assessments end in a
 *   plan, issued 14–33 weeks after the request, sooner from the reorganisation on; 8% record an
 *   exception to the 20-week limit.
 */
import type { Cell } from '../core/db/bulk.ts';
import { addWorkingDaysToDay, addYearsToDay, addMonthsToDay, isoOf, type Day } from './calendar.ts';
import type { Child } from './children.ts';
import { stream, Weighted } from './random.ts';
import type { CountyTable } from './records.ts';
import type { Structure } from './structure.ts';

const DISABILITY = new Weighted<string>([
  ['LD', 30],
  ['AUT', 25],
  ['COMM', 12],
  ['MOB', 8],
  ['BEH', 8],
  ['HEAR', 3],
  ['VIS', 3],
  ['PC', 3],
  ['HAND', 2],
  ['INC', 2],
  ['CON', 2],
  ['DDA', 2],
]);

export const DISABLED_TABLES = {
  ssd_disability: ['disa_table_id', 'disa_person_id', 'disa_disability_code'],
  ssd_send: ['send_table_id', 'send_upn', 'send_uln', 'send_upn_unknown', 'send_person_id'],
  ssd_ehcp_requests: ['ehcr_ehcp_request_id', 'ehcr_send_table_id', 'ehcr_ehcp_req_date', 'ehcr_ehcp_req_outcome_date', 'ehcr_ehcp_req_outcome'],
  ssd_ehcp_assessment: [
    'ehca_ehcp_assessment_id',
    'ehca_ehcp_request_id',
    'ehca_ehcp_assessment_outcome_date',
    'ehca_ehcp_assessment_outcome',
    'ehca_ehcp_assessment_exceptions',
  ],
  ssd_ehcp_named_plan: [
    'ehcn_named_plan_id',
    'ehcn_ehcp_asmt_id',
    'ehcn_named_plan_start_date',
    'ehcn_named_plan_ceased_date',
    'ehcn_named_plan_ceased_reason',
  ],
} as const;

/** Adds the disabled children's rows to the county's tables (new tables after ssd_person; short breaks to ssd_legal_status). */
export function addDisabledChildren(tables: CountyTable[], input: { seed: number; to: Day; structure: Structure; children: readonly Child[] }): void {
  const { seed, to, structure, children } = input;
  const rows = Object.fromEntries(Object.keys(DISABLED_TABLES).map((name) => [name, [] as Cell[][]])) as Record<keyof typeof DISABLED_TABLES, Cell[][]>;
  const table = (name: string) => tables.find((candidate) => candidate.name === name)!;
  const legalStatus = table('ssd_legal_status');
  const claEpisodes = table('ssd_cla_episodes');
  const placements = table('ssd_cla_placement');
  const { closure } = structure;
  // While a team is closed for staff shortage the county is stretched: short breaks start later.
  const covering = (day: Day) => day >= closure.start - 30 && day < closure.end;
  const episodes = tables.find((table) => table.name === 'ssd_cin_episodes')!;
  const episodeRow = new Map(episodes.rows.map((row) => [String(row[0]), row]));
  const closeColumn = episodes.columns.indexOf('cine_close_date');
  const reasonColumn = episodes.columns.indexOf('cine_close_reason');
  let counter = 0;
  const id = (prefix: string) => `${prefix}${String(++counter).padStart(7, '0')}`;
  const date = (day: Day | null) => (day === null || day > to ? null : isoOf(day));

  for (const child of children) {
    if (child.episodes.length === 0) continue;
    const rng = stream(seed, 'disabled', child.candidate);
    const needDisability = child.episodes.some((episode) => episode.need === 'N2');
    if (!rng.chance(needDisability ? 0.9 : child.send ? 0.3 : 0.12)) {
      // Assessed and found not disabled: the CIN census's NONE (every child in it has a disability code).
      rows.ssd_disability.push([id('DIS'), child.personId, 'NONE']);
      continue;
    }
    const codes = new Set([DISABILITY.pick(rng)]);
    if (rng.chance(0.25)) codes.add(DISABILITY.pick(rng));
    for (const code of [...codes].sort()) rows.ssd_disability.push([id('DIS'), child.personId, code]);
    const eighteenth = addYearsToDay(child.dob, 18);

    // Short breaks after the first assessment that found a need.
    const assessed = child.episodes.find((episode) => episode.assessment && !episode.assessment.nfa && episode.assessment.authDay <= to);
    const assessment = assessed?.assessment;
    if (assessed && assessment && rng.chance(assessment.outcome === 'Short-term child in need services' ? 0.8 : 0.3)) {
      const delay = rng.triangular(5, 15, 40) + (covering(assessment.authDay) ? rng.int(60, 120) : 0);
      let day = addWorkingDaysToDay(assessment.authDay, delay);
      // The case stays open until the short breaks start (unallocated, perhaps: waiting).
      const row = episodeRow.get(assessed.referralId)!;
      if (row[closeColumn] !== null && String(row[closeColumn]) < isoOf(day)) {
        row[closeColumn] = date(day);
        if (day > to) row[reasonColumn] = null;
      }
      const series = rng.chance(0.7);
      const until = Math.min(eighteenth, series ? addMonthsToDay(day, rng.int(3, 24)) : day + 365);
      const singles = rng.int(1, 3);
      const inCare = child.episodes.flatMap((episode) => episode.carePeriods);
      for (let stays = 0; day < until && day <= to && (series || stays < singles); stays++) {
        const nights = series ? rng.int(1, 3) : rng.int(1, 7);
        // Never while looked after full-time: a short break is a stay away from home.
        if (!inCare.some((period) => period.startDay <= day + nights && period.endDay > day)) {
          // As the SSDA903 records it: each break an episode (start S, ceased E8) with its placement.
          const episodeId = id('SBE');
          const code = series ? 'V4' : 'V3';
          placements.rows.push([
            `SBP${episodeId.slice(3)}`,
            isoOf(day),
            'U6',
            null,
            null,
            `SBC${episodeId.slice(3)}`,
            'PR1',
            null,
            date(day + nights),
            null,
            child.personId,
          ]);
          claEpisodes.rows.push([
            episodeId,
            child.personId,
            isoOf(day),
            'S',
            'N2',
            date(day + nights),
            day + nights <= to ? 'E8' : null,
            `SBC${episodeId.slice(3)}`,
            assessed.referralId,
            `SBP${episodeId.slice(3)}`,
            isoOf(day),
            null,
            code,
          ]);
          legalStatus.rows.push([id('LSB'), child.personId, code, isoOf(day), date(day + nights)]);
        }
        day += nights + (series ? rng.int(14, 35) : rng.int(30, 120));
      }
    }

    // An EHC plan request for half of them, while aged 2 to 17.
    const earliest = Math.max(addYearsToDay(child.dob, 2), child.contacts[0]!.day - 365);
    const latest = Math.min(eighteenth - 250, to);
    if (earliest >= latest || !rng.chance(0.5)) continue;
    const requestDay = rng.int(earliest, latest);
    const sendId = id('SEND');
    rows.ssd_send.push([sendId, null, null, null, child.personId]);
    const requestId = id('EHR');
    const assess = rng.chance(0.85);
    const decidedDay = requestDay + rng.triangular(21, 38, 70);
    rows.ssd_ehcp_requests.push([
      requestId,
      sendId,
      isoOf(requestDay),
      date(decidedDay),
      decidedDay > to ? null : assess ? 'Assessment agreed' : 'Assessment refused',
    ]);
    if (!assess || decidedDay > to) continue;
    const planned = rng.chance(0.9);
    const quicker = requestDay >= structure.reorganisationDay ? 15 : 0;
    const issueDay = requestDay + rng.triangular(98, 150 - quicker, 231 - quicker);
    const assessmentId = id('EHA');
    rows.ssd_ehcp_assessment.push([
      assessmentId,
      requestId,
      date(issueDay - rng.int(7, 28)),
      issueDay - 28 > to ? null : planned ? 'Plan to be issued' : 'Plan not issued',
      rng.chance(0.08) ? 'Y' : 'N',
    ]);
    if (planned && issueDay <= to) rows.ssd_ehcp_named_plan.push([id('EHP'), assessmentId, isoOf(issueDay), null, null]);
  }
  const afterPerson = tables.findIndex((table) => table.name === 'ssd_person') + 1;
  tables.splice(
    afterPerson,
    0,
    ...(Object.keys(DISABLED_TABLES) as (keyof typeof DISABLED_TABLES)[]).map((name) => ({ name, columns: DISABLED_TABLES[name], rows: rows[name] })),
  );
}
