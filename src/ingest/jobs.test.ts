import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/support/engines.ts';
import { describeProgress, ImportJobs, MAX_UNFINISHED_JOBS, QueueFull, recordedJob, type ImportRunner } from './jobs.ts';
import type { ImportRequest, ImportResult } from './pipeline.ts';

describe('what a job page says', () => {
  it('names the stage, and how far the writing has got', () => {
    expect(describeProgress({ state: 'waiting', progress: null }, 2)).toEqual({
      heading: 'Waiting to import',
      text: 'Waiting for 2 earlier imports to finish',
    });
    expect(describeProgress({ state: 'waiting', progress: null }, 0)).toEqual({ heading: 'Importing', text: 'Starting' });
    expect(describeProgress({ state: 'running', progress: { stage: 'checking', done: 0, total: 3, detail: '3 files, 1.5 MB' } }, 0).text).toBe(
      'Checking files (3 files, 1.5 MB)…',
    );
    expect(describeProgress({ state: 'running', progress: { stage: 'checking', done: 3, total: 3, detail: '17 findings' } }, 0).text).toBe(
      'Checked the files (17 findings); getting ready to write',
    );
    expect(describeProgress({ state: 'running', progress: { stage: 'writing', done: 0, total: 12, detail: 'ssd_person' } }, 0)).toEqual({
      heading: 'Importing',
      text: 'Writing ssd_person (1 of 12)',
      value: 0,
      max: 12,
    });
  });
});

describe('the import queue', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase(undefined);
  });
  afterAll(() => database.drop());

  const request = (name: string): ImportRequest => ({
    format: 'ssd',
    files: [{ name, bytes: new Uint8Array(3) }],
    mode: 'lenient',
    dryRun: true,
    actor: { userId: null, username: 'queue-test', ip: null, requestId: null },
  });

  it('runs one import at a time in the order accepted, refuses more than it can hold, and records what it accepted', async () => {
    const jobs = new ImportJobs(database);
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const run: ImportRunner = async (_db, req) => {
      order.push(`start ${req.files[0]!.name}`);
      await gate;
      order.push(`end ${req.files[0]!.name}`);
      return { importId: order.length } as ImportResult;
    };
    const accepted = [];
    for (let index = 0; index < MAX_UNFINISHED_JOBS; index++) accepted.push(await jobs.start(request(`f${index}.csv`), run));
    await expect(jobs.start(request('extra.csv'), run)).rejects.toBeInstanceOf(QueueFull);
    await new Promise((resolve) => setImmediate(resolve));
    expect(accepted.map((job) => job.state)).toEqual(['running', 'waiting', 'waiting', 'waiting']);
    expect(accepted.map((job) => jobs.ahead(job))).toEqual([0, 1, 2, 3]);
    expect(await recordedJob(database, accepted[3]!.id)).toMatchObject({ state: 'interrupted', username: 'queue-test', format: 'ssd', fileNames: ['f3.csv'] });
    release();
    await jobs.idle();
    expect(order).toEqual(['start f0.csv', 'end f0.csv', 'start f1.csv', 'end f1.csv', 'start f2.csv', 'end f2.csv', 'start f3.csv', 'end f3.csv']);
    expect(accepted.map((job) => [job.state, job.importId])).toEqual([
      ['finished', 2],
      ['finished', 4],
      ['finished', 6],
      ['finished', 8],
    ]);
  });

  it('when stopping, lets the running import finish and starts none of those waiting', async () => {
    const jobs = new ImportJobs(database);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const run: ImportRunner = async () => {
      await gate;
      return { importId: 1 } as ImportResult;
    };
    const running = await jobs.start(request('a.csv'), run);
    const waiting = await jobs.start(request('b.csv'), run);
    await new Promise((resolve) => setImmediate(resolve));
    const stopped = jobs.stop();
    release();
    await stopped;
    expect([running.state, waiting.state]).toEqual(['finished', 'waiting']);
  });
});
