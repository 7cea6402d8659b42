import type { Database } from '../core/db/database.ts';
import type { Role } from '../core/auth/access.ts';
import { upsertUser } from '../core/auth/users.ts';
import type { DemoSummary } from '../demo/index.ts';

/** Shared password of the demo accounts: printed at start-up; demo databases only. */
export const DEMO_PASSWORD = 'kestrel-demo-password';

export interface DemoAccount {
  username: string;
  displayName: string;
  roles: Role[];
  professionalId?: string;
  teamId?: string;
  sees: string;
}

/**
 * The accounts linked to a worker carry that worker's name, so that signed in as someone the pages
 * (caseloads, allocations, audits) name the same person; the others have invented names of their own.
 */
export function demoAccounts(summary: DemoSummary): DemoAccount[] {
  const { teamManager, socialWorker, serviceManager } = summary.accounts;
  return [
    { username: 'director', displayName: 'Dana Director', roles: ['senior_leader'], sees: 'every team' },
    {
      username: 'servicemanager',
      displayName: serviceManager.name,
      roles: ['service_manager'],
      professionalId: serviceManager.professionalId,
      sees: 'the teams in their service area',
    },
    {
      username: 'teammanager',
      displayName: teamManager.name,
      roles: ['team_manager'],
      professionalId: teamManager.professionalId,
      sees: `${teamManager.teamName}`,
    },
    {
      username: 'socialworker',
      displayName: socialWorker.name,
      roles: ['social_worker'],
      professionalId: socialWorker.professionalId,
      sees: 'the children allocated to them',
    },
    { username: 'analyst', displayName: 'Ana Analyst', roles: ['performance_analyst'], sees: 'every team, imports and exports' },
    { username: 'auditor', displayName: 'Audrey Auditor', roles: ['qa_auditor'], sees: 'every team’s figures; the children whose casework audit is open' },
    { username: 'member', displayName: 'Councillor Mem Ber', roles: ['elected_member'], sees: 'inspections, the improvement plan and aggregate results only' },
    { username: 'admin', displayName: 'Adi Admin', roles: ['administrator'], sees: 'users and settings, no child data' },
    {
      username: 'igofficer',
      displayName: 'Iggy Governance',
      roles: ['information_governance'],
      sees: 'the audit trail, break-glass reviews and restricted records',
    },
  ];
}

export async function createDemoAccounts(database: Database, summary: DemoSummary): Promise<DemoAccount[]> {
  const accounts = demoAccounts(summary);
  for (const account of accounts) {
    await upsertUser(database, { ...account, password: DEMO_PASSWORD });
  }
  return accounts;
}
