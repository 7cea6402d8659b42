/** `keystone workforce …`: the same figures as the workforce pages, for the council or one team. */
import { readFile } from 'node:fs/promises';
import type { Database } from '../core/db/database.ts';
import type { TeamScope } from '../core/auth/scope.ts';
import { monthEndOnOrBefore } from '../core/dates.ts';
import { asyeCaseloadPct, asyePipeline, workforceMeasuresOn, workforceTrend } from './measures.ts';
import { workerChangesOn } from './changes.ts';
import { allocationWaits, childrenAwaitingAllocation, closedOn, listClosures } from './closures.ts';
import { project, workersNeeded } from './capacity.ts';
import { capacityInputs } from './planning.ts';
import { importHrCsv } from './establishment.ts';
import { UsageError } from '../core/cli.ts';

export const WORKFORCE_ACTIONS = ['measures', 'trend', 'changes', 'closures', 'capacity', 'import'] as const;

export interface WorkforceCommand {
  action: string | undefined;
  asOf: string;
  teamId: string | null;
  threshold: number;
  json: boolean;
  file?: string;
  dryRun?: boolean;
  /** Capacity what-if. */
  addWorkers?: number;
  asye?: number;
  targetPct?: number;
}

export async function workforceCommand(database: Database, command: WorkforceCommand): Promise<number> {
  const scope: TeamScope = command.teamId ? { kind: 'teams', teamIds: [command.teamId] } : { kind: 'all' };
  const options = { threshold: command.threshold, scope, asyeCaseloadPct: await asyeCaseloadPct(database) };
  let result: unknown;
  switch (command.action) {
    case 'measures':
      result = { ...(await workforceMeasuresOn(database, command.asOf, options)), asyePipeline: await asyePipeline(database, command.asOf, scope) };
      break;
    case 'trend':
      result = (await workforceTrend(database, monthEndOnOrBefore(command.asOf), 24, options)).map((point) => ({ month_end: point.asOf, ...point.total }));
      break;
    case 'changes':
      result = await workerChangesOn(database, command.asOf, scope);
      break;
    case 'closures': {
      // Counts only: the command runs without a user, so it never lists children.
      const closures = await listClosures(database, scope);
      const awaiting = await childrenAwaitingAllocation(database, command.asOf);
      result = {
        as_of: command.asOf,
        closed_now: closures.filter((closure) => closedOn(closure, command.asOf)),
        closures,
        awaiting_allocation: {
          children: awaiting.length,
          over_20_days: awaiting.filter((child) => child.waitingDays > 20).length,
          longest_days: awaiting[0]?.waitingDays ?? null,
        },
        time_to_allocation: await allocationWaits(database, command.asOf),
      };
      break;
    }
    case 'capacity': {
      const asOf = monthEndOnOrBefore(command.asOf);
      const inputs = await capacityInputs(database, asOf, options);
      const modelOptions = { threshold: command.threshold, asyeShare: options.asyeCaseloadPct / 100 };
      const scenario = { addedWorkers: command.addWorkers ?? 0, asyeWorkers: command.asye ?? 0 };
      result = {
        as_of: asOf,
        scenario: { ...scenario, applied_to: command.teamId ? command.teamId : 'each team' },
        teams: inputs.map((team) => ({
          ...project(team, scenario, modelOptions),
          needed_for_target: workersNeeded(team, { ...modelOptions, targetPct: command.targetPct ?? 10 }),
        })),
      };
      break;
    }
    case 'import': {
      if (!command.file) throw new UsageError('give the HR CSV file: keystone workforce import FILE.csv');
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await readFile(command.file));
      } catch (error) {
        throw new UsageError(`cannot read ${command.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      const imported = await importHrCsv(database, bytes, { dryRun: command.dryRun });
      if (command.json) console.log(JSON.stringify(imported, null, 2));
      else {
        console.log(
          `${command.file}: ${imported.rows} rows, ${imported.inserted} new, ${imported.updated} changed, ${imported.unchanged} unchanged${imported.committed ? '' : ' (nothing written)'}`,
        );
        for (const problem of imported.problems) console.log(`  row ${problem.row}${problem.field ? `, ${problem.field}` : ''}: ${problem.message}`);
      }
      return imported.problems.length ? 1 : 0;
    }
    default:
      throw new UsageError(`say what to show: keystone workforce ${WORKFORCE_ACTIONS.join('|')} --as-of YYYY-MM-DD [--team ID] [--json]`);
  }
  console.log(JSON.stringify(result, null, command.json ? 2 : 1));
  return 0;
}
