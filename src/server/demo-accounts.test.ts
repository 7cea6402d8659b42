import { describe, expect, it } from 'vitest';
import { generateCounty } from '../demo/index.ts';
import { demoAccounts } from './demo-accounts.ts';
import { describeAccounts } from './start.ts';

describe('demo accounts', () => {
  it('gives each account linked to a worker that worker’s name, so the pages and the header name one person', () => {
    const county = generateCounty({ children: 400, seed: 7 });
    const professionals = county.tables.find((table) => table.name === 'ssd_professionals')!;
    const nameOf = new Map(professionals.rows.map((row) => [row[0], row[2]]));
    const accounts = demoAccounts({ accounts: county.accounts } as Parameters<typeof demoAccounts>[0]);
    const linked = accounts.filter((account) => account.professionalId);
    expect(linked.map((account) => account.username).sort()).toEqual(['servicemanager', 'socialworker', 'teammanager']);
    for (const account of linked) expect(account.displayName).toBe(nameOf.get(account.professionalId!));
    expect(new Set(accounts.map((account) => account.displayName)).size).toBe(accounts.length);
    expect(describeAccounts(accounts)).toContain(`socialworker    ${accounts.find((a) => a.username === 'socialworker')!.displayName}`);
  });
});
