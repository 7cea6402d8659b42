/** Gathers each team's figures for the capacity model (src/workforce/capacity.ts) from the same sources as the pages. */
import type { Database } from '../core/db/database.ts';
import type { TeamScope } from '../core/auth/scope.ts';
import { addMonths, type IsoDate } from '../core/dates.ts';
import { caseloadsOn, caseloadTrend, UNKNOWN_TEAM_ID } from '../caseloads/rules.ts';
import { workforceMeasuresOn } from './measures.ts';
import type { TeamInput } from './capacity.ts';

export async function capacityInputs(
  database: Database,
  asOf: IsoDate,
  options: { threshold: number; scope: TeamScope; asyeCaseloadPct: number },
): Promise<TeamInput[]> {
  const snapshot = await caseloadsOn(database, asOf, { threshold: options.threshold, scope: options.scope });
  const measures = await workforceMeasuresOn(database, asOf, options);
  const teamIds = [...new Set(snapshot.workers.map((worker) => worker.teamId))].filter((teamId) => teamId !== UNKNOWN_TEAM_ID);
  const from = addMonths(`${asOf.slice(0, 8)}01`, -11);
  const inputs: TeamInput[] = [];
  for (const teamId of teamIds) {
    const workers = snapshot.workers.filter((worker) => worker.teamId === teamId);
    const history = await caseloadTrend(database, { from, to: asOf, threshold: options.threshold, scope: { kind: 'teams', teamIds: [teamId] } });
    const team = measures.teams.find((row) => row.teamId === teamId);
    inputs.push({
      teamId,
      teamName: workers[0]!.teamName,
      workers: workers.map((worker) => ({
        fte: worker.fte ?? 1,
        weight: worker.role === 'asye_social_worker' ? options.asyeCaseloadPct / 100 : 1,
        caseload: worker.caseload,
      })),
      history: history.map((point) => point.cases),
      turnoverFraction: team && team.fteInPost > 0 ? team.leaverFte / team.fteInPost : 0,
      fillRate: team && team.leavers > 0 ? Math.min(1, team.starters / team.leavers) : 1,
      vacancyFte: team?.vacancyFte ?? 0,
    });
  }
  return inputs.sort((a, b) => a.teamName.localeCompare(b.teamName));
}
