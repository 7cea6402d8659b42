/**
 * Demo establishment for the synthetic county, derived from what the county already holds so the
 * two agree. Call after the county is loaded (src/server/start.ts seedDemo).
 *
 * - Each case-holding team is funded for its average cases held (sampled every sixth month-end), at
 *   the demo's full-staffing caseload (16.5 per FTE, as src/demo/simulate.ts sizes teams): about 30%
 *   senior social worker posts, the rest social worker; plus one team manager post; each service
 *   area one service manager post. Posts are funded while the team exists (dept_valid_from/to), so
 *   the 2022 reorganisation ends the old teams' posts and starts the new ones'.
 * - Social Work Academy: each September in the period, a cohort of ASYE posts (one for every
 *   four case-holding teams, at least two) funded for a year in the long-term teams in turn.
 * - Investment: when the team closed to new cases reopens, three more social worker posts for it.
 */
import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import { addMonths, monthEnds, type IsoDate } from '../core/dates.ts';
import { caseloadsOn } from '../caseloads/rules.ts';
import { savePost, type Post } from './establishment.ts';

const CASES_PER_FTE = 16.5 * 0.95;

export async function seedDemoEstablishment(database: Database): Promise<number> {
  const range = await sql<{ first: IsoDate | null; last: IsoDate | null }>`
    SELECT min(invo_involvement_start_date)::text AS first, max(coalesce(invo_involvement_end_date, invo_involvement_start_date))::text AS last FROM ssd_involvements`.execute(
    database.db,
  );
  const first = range.rows[0]?.first;
  const last = range.rows[0]?.last;
  if (!first || !last) return 0;
  const units = await sql<{ id: string; type: string; valid_from: IsoDate | null; valid_to: IsoDate | null }>`
    SELECT dept_team_id AS id, dept_team_type AS type, dept_valid_from::text AS valid_from, dept_valid_to::text AS valid_to FROM ssd_department ORDER BY dept_team_id`.execute(
    database.db,
  );
  const posts: Post[] = [];
  const post = (teamId: string, role: string, fundedFrom: IsoDate, fundedTo: IsoDate | null, fundingSource: string, investment: string | null = null) =>
    posts.push({
      postId: `${teamId}-${String(posts.filter((p) => p.teamId === teamId).length + 1).padStart(3, '0')}`,
      teamId,
      role,
      fte: 1,
      fundedFrom,
      fundedTo,
      fundingSource,
      investment,
      notes: null,
    });

  // Each team's average cases held, sampled at every sixth month-end (the caseload definition's own figures).
  const casesByTeam = new Map<string, number[]>();
  for (const day of monthEnds(first, last).filter((_, index) => index % 6 === 0)) {
    const snapshot = await caseloadsOn(database, day, { threshold: 20, scope: { kind: 'all' } });
    for (const team of snapshot.teams) if (team.cases > 0) casesByTeam.set(team.teamId, [...(casesByTeam.get(team.teamId) ?? []), team.cases]);
  }

  const longTermTeams: string[] = [];
  for (const unit of units.rows) {
    const from = unit.valid_from ?? first;
    if (unit.type === 'service') {
      post(unit.id, 'service_manager', from, unit.valid_to, 'Base budget');
      continue;
    }
    const samples = casesByTeam.get(unit.id) ?? [];
    if (samples.length === 0) continue;
    const average = samples.reduce((sum, cases) => sum + cases, 0) / samples.length;
    const caseHolding = Math.max(2, Math.round(average / CASES_PER_FTE));
    const seniors = Math.round(caseHolding * 0.3);
    post(unit.id, 'team_manager', from, unit.valid_to, 'Base budget');
    for (let index = 0; index < caseHolding; index++)
      post(unit.id, index < seniors ? 'senior_social_worker' : 'social_worker', from, unit.valid_to, 'Base budget');
    if (!unit.id.startsWith('TM-AS')) longTermTeams.push(unit.id); // the demo's assessment teams hold no long-term work
  }

  const teamsOn = (day: IsoDate) =>
    units.rows.filter((unit) => longTermTeams.includes(unit.id) && (unit.valid_from ?? first) <= day && (unit.valid_to === null || unit.valid_to > day));
  const cohortSize = Math.max(2, Math.round(longTermTeams.length / 4));
  let turn = 0;
  for (let year = Number(first.slice(0, 4)); `${year}-09-01` <= last; year++) {
    const september = `${year}-09-01`;
    if (september < first) continue;
    const open = teamsOn(september);
    for (let index = 0; index < cohortSize && open.length; index++) {
      post(
        open[turn++ % open.length]!.id,
        'asye_social_worker',
        september,
        addMonths(september, 12),
        'Social Work Academy',
        `ASYE cohort ${year}/${String((year + 1) % 100).padStart(2, '0')}`,
      );
    }
  }

  const closure = await sql<{ team_id: string; end_date: IsoDate | null }>`
    SELECT clos_team_id AS team_id, clos_end_date::text AS end_date FROM ks_team_closure ORDER BY clos_start_date LIMIT 1`.execute(database.db);
  const closed = closure.rows[0];
  if (closed?.end_date) {
    for (let index = 0; index < 3; index++)
      post(
        closed.team_id,
        'social_worker',
        closed.end_date,
        null,
        'Investment',
        `Family safeguarding investment ${closed.end_date.slice(0, 4)}: posts for the team reopening after closure`,
      );
  }
  await database.db.transaction().execute(async (trx) => {
    for (const row of posts) await savePost(trx, row);
  });
  return posts.length;
}
