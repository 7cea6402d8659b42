/**
 * The council's local codes, hand-worked: an SSD extract whose worker roles are spelt as real case
 * systems spell them gives caseloads; an unmapped role gives none until an administrator maps it on
 * the Local codes page, which recomputes (the data version moves) without a re-import; the page is
 * for administrators only, audited, versioned, and its CSV goes out and comes back.
 */
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase } from '../../test/support/engines.ts';
import { multipartForm, requestsTo, signedInAs, testConfig } from '../../test/support/http.ts';
import { buildApp } from '../core/http/app.ts';
import { dataVersion } from '../core/cache.ts';
import { caseloadsOn } from '../caseloads/rules.ts';
import { caseloadRoutes } from '../caseloads/routes.ts';
import { runImport } from '../ingest/pipeline.ts';
import type { InputFile } from '../ingest/types.ts';
import { codeKey, FIELD_NAMES, readCodesCsv } from './codes.ts';
import { localCodeRoutes } from './routes.ts';

const file = (name: string, text: string): InputFile => ({ name, bytes: new TextEncoder().encode(text) });
const actor = { userId: null, username: 'test', ip: null, requestId: null };

// Four children; P1 holds K1 and K2 (two spellings of the SSD's example), P2 holds K3 as `CW`,
// and K4 is with P2 under `KW`, a role no default knows. A team manager's involvement is not a case.
const EXTRACT = [
  file('ssd_person.csv', 'pers_person_id,pers_forename,pers_dob\nK1,Ada,2015-06-01\nK2,Ben,2012-02-01\nK3,Cai,2013-01-01\nK4,Dee,2016-03-01\n'),
  file('ssd_professionals.csv', 'prof_professional_id,prof_professional_name\nP1,Pat Worker\nP2,Sam Worker\nP3,Tam Manager\n'),
  file(
    'ssd_involvements.csv',
    [
      'invo_involvements_id,invo_professional_id,invo_professional_role_id,invo_involvement_start_date,invo_involvement_end_date,invo_person_id',
      'I1,P1,Allocated Case Worker,2024-01-02,,K1',
      'I2,P1,ALLOCATED CASE WORKER,2024-01-03,,K2',
      'I3,P2,CW,2024-01-04,,K3',
      'I4,P2,KW,2024-01-05,,K4',
      'I5,P3,Team Manager,2024-01-05,,K1',
    ].join('\n') + '\n',
  ),
];
const AS_OF = '2024-03-31';

describe('comparing local values', () => {
  it('ignores case, spaces, underscores, hyphens and full stops', () => {
    expect(new Set(['ALLOCATED_CASE_WORKER', 'Allocated Case Worker', 'ALLOCATED CASE WORKER', 'allocated-case-worker'].map(codeKey))).toEqual(
      new Set(['allocatedcaseworker']),
    );
    expect(codeKey('C.W')).toBe(codeKey('cw'));
  });

  it('reads a CSV, naming the row and column of each problem', () => {
    const csv =
      'field,local_value,meaning\nworker_role,CW,case_holding\nworker_role,c w,other\nworker_rolez,X,other\nteam,Team A,T9\nlegal_status,Section 20,V2\n';
    const { codes, problems } = readCodesCsv(new TextEncoder().encode(csv), new Set(['T1']));
    expect(codes).toEqual([
      { field: 'worker_role', localValue: 'CW', meaning: 'case_holding' },
      { field: 'legal_status', localValue: 'Section 20', meaning: 'V2' },
    ]);
    expect(problems.map((problem) => `${problem.row}:${problem.field}`)).toEqual(['2:local_value', '3:field', '4:meaning']);
    expect(problems[0]!.message).toContain('already mapped on row 1');
  });

  it('asks for a blank field by name, rather than calling “” a field Keystone does not map', () => {
    const { problems } = readCodesCsv(new TextEncoder().encode('field,local_value,meaning\n,CW,case_holding\n'), new Set());
    expect(problems).toEqual([{ row: 1, field: 'field', message: `Enter the field: use ${FIELD_NAMES.join(', ')}` }]);
  });
});

describe.each(engines)('local codes on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  let admin: Awaited<ReturnType<typeof signedInAs>>;
  const caseloads = async () =>
    Object.fromEntries(
      (await caseloadsOn(database, AS_OF, { threshold: 20, scope: { kind: 'all' } })).workers.map((worker) => [worker.professionalId, worker.caseload]),
    );
  const { post } = requestsTo(() => app);

  beforeAll(async () => {
    database = await freshDatabase(url);
    const result = await runImport(database, { format: 'ssd', files: EXTRACT, mode: 'lenient', dryRun: false, actor });
    expect(result.status).toBe('committed');
    app = await buildApp({ database, config: testConfig() }, [localCodeRoutes, caseloadRoutes]);
    admin = await signedInAs(database, { username: 'adi.admin', roles: ['administrator'] });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('counts caseloads from an SSD extract whose worker role is `Allocated Case Worker`, `ALLOCATED CASE WORKER` or `CW`', async () => {
    // P1: K1 and K2; P2: K3 only (KW is not mapped); the team manager holds no case.
    expect(await caseloads()).toEqual({ P1: 2, P2: 1 });
  });

  it('is for administrators only', async () => {
    const manager = await signedInAs(database, { username: 'tm.one', roles: ['team_manager', 'performance_analyst'] });
    for (const path of ['/admin/local-codes', '/admin/local-codes.csv']) {
      expect((await app.inject({ url: path, headers: { cookie: manager.cookie } })).statusCode).toBe(403);
    }
    const refused = await app.inject({
      method: 'POST',
      url: '/admin/local-codes',
      headers: { cookie: manager.cookie },
      payload: { _csrf: manager.csrfToken, field: 'worker_role', localValue: 'KW', meaning: 'case_holding' },
    });
    expect(refused.statusCode).toBe(403);
    expect((await app.inject({ url: '/admin/local-codes' })).statusCode).toBe(302); // to sign in
  });

  it('shows the values the data hold, with rows, and which are not mapped', async () => {
    const page = await app.inject({ url: '/admin/local-codes', headers: { cookie: admin.cookie } });
    expect(page.statusCode).toBe(200);
    const seen = page.body.slice(page.body.indexOf('id="worker_role-seen"'), page.body.indexOf('id="worker_role-codes"'));
    expect(seen).toMatch(
      /<code>KW<\/code><\/td><td class="govuk-table__cell govuk-table__cell--numeric">1<\/td>\s*<td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--yellow">Not mapped/,
    );
    expect(seen).toContain('<code>CW</code>');
    expect(page.body).toContain('1 rows have a worker role that is not mapped');
  });

  it('maps a value on the page: versioned, audited, and the figures recomputed from the same data', async () => {
    const versionBefore = await dataVersion(database);
    const bad = await post(admin, '/admin/local-codes', { field: 'worker_role', localValue: 'KW', meaning: 'boss' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('is not a meaning of worker role');
    const saved = await post(admin, '/admin/local-codes', { field: 'worker_role', localValue: 'KW', meaning: 'case_holding' });
    expect(saved.statusCode).toBe(303);
    expect(await caseloads()).toEqual({ P1: 2, P2: 2 });
    expect(await dataVersion(database)).toBeGreaterThan(versionBefore);
    const version = await sql<{
      version: number;
      username: string;
      source: string;
    }>`SELECT version, username, source FROM ks_local_code_version ORDER BY version DESC LIMIT 1`.execute(database.db);
    expect(version.rows[0]).toMatchObject({ username: 'adi.admin', source: 'page' });
    // Listed with when it was saved, GOV.UK style on the clock in England (GMT in December).
    await sql`UPDATE ks_local_code_version SET saved_at = '2026-12-07 23:05:00+00' WHERE version = ${version.rows[0]!.version}`.execute(database.db);
    expect((await app.inject({ url: '/admin/local-codes', headers: { cookie: admin.cookie } })).body).toContain(
      `<td class="govuk-table__cell">7 December 2026 at 11:05pm</td>`,
    );
    const event = await database.db
      .selectFrom('ks_audit_event')
      .select(['username', 'subject_type', 'details'])
      .where('action', '=', 'data.change')
      .orderBy('event_id', 'desc')
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ username: 'adi.admin', subject_type: 'local_codes', details: { added: ['worker_role: KW → case_holding'] } });
    // Removing it takes the child out of P2's caseload again.
    expect((await post(admin, '/admin/local-codes', { field: 'worker_role', localValue: 'kw', remove: 'yes' })).statusCode).toBe(303);
    expect(await caseloads()).toEqual({ P1: 2, P2: 1 });
  });

  it('downloads the mapping as CSV and replaces it from an uploaded CSV, refusing a file with a bad row whole', async () => {
    const csv = await app.inject({ url: '/admin/local-codes.csv', headers: { cookie: admin.cookie } });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('worker_role,Allocated Case Worker,case_holding');
    const upload = async (text: string) => {
      const form = await multipartForm({ _csrf: admin.csrfToken }, [{ name: 'codes.csv', field: 'file', text }]);
      return app.inject({
        method: 'POST',
        url: '/admin/local-codes/upload',
        headers: { cookie: admin.cookie, 'content-type': form.contentType },
        payload: form.payload,
      });
    };
    const refused = await upload(`${csv.body}worker_role,KW,holds it\n`);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('is not a meaning of worker role');
    expect(await caseloads()).toEqual({ P1: 2, P2: 1 });
    // Only CW is case-holding now: P1's children are no longer allocated.
    const replaced = await upload('field,local_value,meaning\nworker_role,CW,case_holding\nworker_role,KW,case_holding\n');
    expect(replaced.statusCode).toBe(303);
    expect(await caseloads()).toEqual({ P2: 2 });
    const event = await database.db
      .selectFrom('ks_audit_event')
      .select(['details'])
      .where('subject_type', '=', 'local_codes')
      .orderBy('event_id', 'desc')
      .executeTakeFirstOrThrow();
    expect(event.details).toMatchObject({ source: 'csv' });
    // And back: the downloaded file restores the mapping.
    expect((await upload(csv.body)).statusCode).toBe(303);
    expect(await caseloads()).toEqual({ P1: 2, P2: 1 });
  });

  it('warns on the caseload page, naming the roles seen, when no role is mapped as case-holding', async () => {
    const form = await multipartForm({ _csrf: admin.csrfToken }, [
      { name: 'codes.csv', field: 'file', text: 'field,local_value,meaning\nworker_role,TM,other\n' },
    ]);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/admin/local-codes/upload',
          headers: { cookie: admin.cookie, 'content-type': form.contentType },
          payload: form.payload,
        })
      ).statusCode,
    ).toBe(303);
    const analyst = await signedInAs(database, { username: 'pa.one', roles: ['performance_analyst'] });
    const page = await app.inject({ url: '/caseloads?date-day=31&date-month=3&date-year=2024', headers: { cookie: analyst.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('No caseload can be counted: no involvement has a case-holding role: values seen ');
    expect(page.body).toContain('`CW` (1 row)');
  });
});
