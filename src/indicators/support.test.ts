/**
 * After an import, Keystone says what the data make possible: an SSD extract whose case system
 * writes worker roles no default knows gives no caseload, and the import's summary (text and
 * --json) says so, naming the values seen with their rows and where to map them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase } from '../../test/support/engines.ts';
import { importCommand } from '../ingest/cli.ts';

const FILES: Record<string, string> = {
  'ssd_person.csv': 'pers_person_id,pers_forename,pers_dob\nK1,Ada,2015-06-01\nK2,Ben,2012-02-01\nK3,Cai,2013-01-01\n',
  'ssd_professionals.csv': 'prof_professional_id,prof_professional_name\nP1,Pat Worker\nP2,Tam Manager\n',
  'ssd_involvements.csv': [
    'invo_involvements_id,invo_professional_id,invo_professional_role_id,invo_involvement_start_date,invo_involvement_end_date,invo_person_id',
    'I1,P1,KEYWKR,2024-01-02,,K1',
    'I2,P1,KEYWKR,2024-01-03,,K2',
    'I3,P1,Key Wkr,2024-01-04,,K3',
    'I4,P2,TM,2024-01-05,,K1',
  ].join('\n'),
  'ssd_cin_episodes.csv': 'cine_referral_id,cine_person_id,cine_referral_date\nR1,K1,2024-01-02\nR2,K2,2024-03-03\n',
};

describe.each(engines)('what an import makes possible on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let folder: string;
  beforeAll(async () => {
    database = await freshDatabase(url);
    folder = mkdtempSync(path.join(tmpdir(), 'keystone-support-'));
    for (const [name, text] of Object.entries(FILES)) writeFileSync(path.join(folder, name), text);
  });
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await database.drop();
  });

  it('names the worker roles seen, with rows, when none is case-holding, and lists the figures not available', async () => {
    let text = '';
    expect(await importCommand(database, { format: 'ssd', paths: [folder], dryRun: false, strict: false, json: true }, (chunk) => void (text += chunk))).toBe(
      0,
    );
    const report = JSON.parse(text) as {
      support: {
        notSupported: { id: string; reason: string }[];
        supported: string[];
        localValues: { field: string; values: { value: string; rows: number; meaning: string | null }[] }[];
      };
    };
    const caseload = report.support.notSupported.find((entry) => entry.id === 'caseload.average')!;
    expect(caseload.reason).toBe(
      'no involvement has a case-holding role: values seen `KEYWKR` (2 rows), `Key Wkr` (1 row), `TM` (1 row, mapped as other); map them on the Local codes page.',
    );
    expect(report.support.notSupported.map((entry) => entry.id)).toEqual(expect.arrayContaining(['timeliness.cla_visits_pct', 'demand.open_cases']));
    expect(report.support.supported).toContain('demand.referrals');
    expect(report.support.localValues.find((field) => field.field === 'worker_role')!.values).toEqual([
      { value: 'KEYWKR', rows: 2, meaning: null },
      { value: 'Key Wkr', rows: 1, meaning: null },
      { value: 'TM', rows: 1, meaning: 'other' },
    ]);
  });

  it('says the same in the text summary', async () => {
    let text = '';
    await importCommand(database, { format: 'ssd', paths: [folder], dryRun: false, strict: false, json: false }, (chunk) => void (text += chunk));
    expect(text).toContain('What the data held now support (figures at 2024-03-31)');
    expect(text).toMatch(/not available {2}caseload\.average: no involvement has a case-holding role: values seen `KEYWKR` \(2 rows\)/);
    expect(text).toMatch(/"KEYWKR" +2 {2}not mapped/);
  });
});
