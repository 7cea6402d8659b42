import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import { buildApp } from '../core/http/app.ts';
import { engines, freshDatabase } from '../../test/support/engines.ts';
import { requestsTo, signedInAs, testConfig, dateFields } from '../../test/support/http.ts';
import { workforceRoutes } from './routes/index.ts';
import { workforceMeasuresOn } from './measures.ts';
import { getPost, listPosts, setPostHolder } from './establishment.ts';
import { listClosures, saveClosure } from './closures.ts';
import { AS_OF, loadWorkforceFixture } from '../../test/support/workforce-fixture.ts';

type Session = { cookie: string; csrfToken: string };

describe.each(engines)('post holders, posts from SSD professionals and closures by managers on $name', ({ url }) => {
  let database: Database;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let analyst: Session;
  let teamManager: Session;
  let serviceManager: Session;
  let unlinkedManager: Session;
  let worker: Session;

  beforeAll(async () => {
    const fresh = await freshDatabase(url);
    database = fresh;
    drop = fresh.drop;
    await loadWorkforceFixture(database);
    app = await buildApp({ database, config: testConfig({ caseloadThreshold: 10 }) }, [workforceRoutes]);
    analyst = await signedInAs(database, { username: 'analyst', roles: ['performance_analyst'] });
    teamManager = await signedInAs(database, { username: 'teammanager', roles: ['team_manager'], teamId: 'T2' });
    serviceManager = await signedInAs(database, { username: 'servicemanager', roles: ['service_manager'], teamId: 'S1' });
    unlinkedManager = await signedInAs(database, { username: 'unlinked', roles: ['team_manager'] });
    worker = await signedInAs(database, { username: 'worker', roles: ['social_worker'] });
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });
  const { get, post } = requestsTo(() => app);
  const t1 = async () =>
    (await workforceMeasuresOn(database, AS_OF, { threshold: 10, scope: { kind: 'all' }, asyeCaseloadPct: 80 })).teams.find((team) => team.teamId === 'T1')!;

  // Team One on 31 March 2024 (test/support/workforce-fixture.ts): five funded 1.0 posts; employed in post A 1, B 0.5,
  // E 1, F 1 (3.5 FTE); C is agency. Team by team: 5 − 3.5 = 1.5 vacant.
  it('counts vacancies post by post where posts name their holder, team by team for the rest', async () => {
    expect((await t1()).vacancyFte).toBe(1.5);
    // A fills T1-1 (filled); agency C "fills" T1-2 (vacant, as in the census): 1 + (3 − 2.5) = 1.5, unchanged.
    await setPostHolder(database, 'T1-1', 'A');
    await setPostHolder(database, 'T1-2', 'C');
    expect((await t1()).vacancyFte).toBe(1.5);
    // D left on 1 February: the post naming D is vacant although the team has spare employed FTE elsewhere.
    await setPostHolder(database, 'T1-3', 'D');
    expect(await t1()).toMatchObject({ vacancyFte: 2, fundedFte: 5, fteInPost: 3.5, vacancyRatePct: 36.4 });
    // B (0.5 FTE) fills a whole post: half of it is vacant.
    await setPostHolder(database, 'T1-3', 'B');
    expect((await t1()).vacancyFte).toBe(1.5);
    await setPostHolder(database, 'T1-4', 'B');
    expect((await getPost(database, 'T1-3'))!.holder).toBeNull();
    expect((await getPost(database, 'T1-4'))!.holder).toEqual({ professionalId: 'B', name: 'Bob B', agency: false });
  });

  it('names and removes a post’s holder on the post page, shown on the establishment, audited', async () => {
    const page = await get(analyst, '/workforce/establishment/posts/T2-1');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Nobody is named');
    expect(page.body).toContain('<option value="M">Max M (employed, in no team today)</option>');
    expect((await post(analyst, '/workforce/establishment/posts/T2-1/holder', { holder: 'NOBODY' })).statusCode).toBe(400);
    expect((await post(analyst, '/workforce/establishment/posts/T2-1/holder', { holder: 'M' })).statusCode).toBe(303);
    const establishment = await get(analyst, '/workforce/establishment');
    expect(establishment.body).toMatch(/Max M <strong class="govuk-tag govuk-tag--blue">Employed<\/strong>/);
    expect(establishment.body).toMatch(/Cat C <strong class="govuk-tag govuk-tag--orange">Agency<\/strong>/);
    const audit = await sql<{
      details: Record<string, unknown>;
    }>`SELECT details FROM ks_audit_event WHERE subject_type = 'post' ORDER BY event_id DESC LIMIT 1`.execute(database.db);
    expect(audit.rows[0]!.details).toMatchObject({ change: 'post holder named', from: null, to: 'M' });
    expect((await post(analyst, '/workforce/establishment/posts/T2-1/holder', { holder: '' })).statusCode).toBe(303);
    expect((await getPost(database, 'T2-1'))!.holder).toBeNull();
    expect((await post(teamManager, '/workforce/establishment/posts/T2-1/holder', { holder: 'M' })).statusCode).toBe(403);
    expect((await post(analyst, '/workforce/establishment/posts/NOPE/holder', { holder: 'M' })).statusCode).toBe(404);
  });

  it('creates one linked post per current case-holding member of a team who fills none', async () => {
    expect((await post(analyst, '/workforce/establishment/from-professionals', { team: '' })).statusCode).toBe(400);
    // Team One today: A (fills T1-1), B (fills T1-4), C (agency, fills T1-2), E (ASYE) and F hold cases.
    const response = await post(analyst, '/workforce/establishment/from-professionals', { team: 'T1' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/workforce/establishment?created=2&team=T1');
    const created = (await listPosts(database)).filter((row) => row.notes?.startsWith('Created from the SSD professionals table'));
    expect(created.map((row) => [row.postId, row.role, row.fte, row.fundedFrom, row.holder?.professionalId])).toEqual([
      ['T1-E', 'asye_social_worker', 1, '2023-09-01', 'E'],
      ['T1-F', 'social_worker', 1, '2024-03-01', 'F'],
    ]);
    expect((await get(analyst, response.headers.location as string)).body).toContain('2 posts created for Team One');
    const again = await post(analyst, '/workforce/establishment/from-professionals', { team: 'T1' });
    expect(again.headers.location).toBe('/workforce/establishment?created=0&team=T1');
    expect((await post(serviceManager, '/workforce/establishment/from-professionals', { team: 'T2' })).statusCode).toBe(303);
    expect((await post(teamManager, '/workforce/establishment/from-professionals', { team: 'T2' })).statusCode).toBe(403);
  });

  it('lets a team manager record closures for their own team only, and a service manager for the teams of the service', async () => {
    const form = await get(teamManager, '/workforce/closures/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<option value="T2">Team Two</option>');
    expect(form.body).not.toContain('Team One');
    const other = await post(teamManager, '/workforce/closures', {
      team: 'T1',
      ...dateFields('start', '2024-05-01'),
      ...dateFields('end', ''),
      reason: 'Sickness',
    });
    expect(other.statusCode).toBe(400);
    expect(other.body).toContain('Select the team that closed to new cases');
    expect(
      (
        await post(teamManager, '/workforce/closures', {
          team: 'T2',
          ...dateFields('start', '2024-05-01'),
          ...dateFields('end', '2024-06-01'),
          reason: 'Sickness',
        })
      ).statusCode,
    ).toBe(303);
    const closures = await listClosures(database);
    const t1Closure = closures.find((closure) => closure.teamId === 'T1')!;
    const t2Closure = closures.find((closure) => closure.teamId === 'T2')!;
    expect(t2Closure).toMatchObject({ start: '2024-05-01', end: '2024-06-01', reason: 'Sickness' });
    expect((await get(teamManager, `/workforce/closures/${t1Closure.id}`)).statusCode).toBe(404);
    expect(
      (
        await post(teamManager, '/workforce/closures', {
          closureId: String(t1Closure.id),
          team: 'T1',
          ...dateFields('start', '2024-02-01'),
          ...dateFields('end', ''),
          reason: 'x',
        })
      ).statusCode,
    ).toBe(404);
    expect((await get(teamManager, `/workforce/closures/${t2Closure.id}`)).statusCode).toBe(200);
    const list = await get(teamManager, `/workforce/closures?date=${AS_OF}`);
    expect(list.body).toContain(`href="/workforce/closures/${t2Closure.id}"`);
    expect(list.body).toContain('Record a closure');

    expect(
      (
        await post(serviceManager, '/workforce/closures', {
          closureId: String(t1Closure.id),
          team: 'T1',
          ...dateFields('start', '2024-02-01'),
          ...dateFields('end', '2024-03-20'),
          reason: 'Staff shortage',
        })
      ).statusCode,
    ).toBe(303);
    expect((await listClosures(database)).find((closure) => closure.id === t1Closure.id)!.end).toBe('2024-03-20');

    const unlinked = await get(unlinkedManager, '/workforce/closures/new');
    expect(unlinked.statusCode).toBe(200);
    expect(unlinked.body).toContain('id="no-teams"');
    expect(
      (await post(unlinkedManager, '/workforce/closures', { team: 'T2', ...dateFields('start', '2024-07-01'), ...dateFields('end', ''), reason: 'x' }))
        .statusCode,
    ).toBe(400);
    expect(
      (await post(worker, '/workforce/closures', { team: 'T2', ...dateFields('start', '2024-07-01'), ...dateFields('end', ''), reason: 'x' })).statusCode,
    ).toBe(403);
  });

  it('records a closure sent twice at once (a double click) once: the second is refused as overlapping', async () => {
    const form = { team: 'T2', ...dateFields('start', '2025-01-06'), ...dateFields('end', ''), reason: 'Sent twice' };
    const answers = await Promise.all([post(teamManager, '/workforce/closures', form), post(teamManager, '/workforce/closures', form)]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([303, 400]);
    expect(answers.find((answer) => answer.statusCode === 400)!.body).toContain('This overlaps the closure from 6 January 2025 (still closed)');
    expect((await listClosures(database)).filter((closure) => closure.reason === 'Sent twice')).toHaveLength(1);
    // Saving checks again under a lock on the team, so two requests that both passed the form's check cannot both save.
    expect(await saveClosure(database, { teamId: 'T2', start: '2025-02-03', end: null, reason: 'Sent twice' })).toBeNull();
    expect((await listClosures(database)).filter((closure) => closure.reason === 'Sent twice')).toHaveLength(1);
  });
});
