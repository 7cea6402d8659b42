/**
 * Imports started on the Imports page run in the background of the server process (the page hands
 * them to a worker thread: worker.ts), one at a time
 * per database (a queue: each import compares with what the one before it wrote), on one of the
 * pool's connections, so the upload answers at once, a job page shows where the import has got to,
 * and pages go on being served from the pool's other connections.
 *
 * What is kept where:
 * - While the server runs, each job's stage lives in memory (`ImportJobs`).
 * - Accepting an upload writes an audit event (`import`, subject `import_job`, the job's id) with
 *   who uploaded which files; the pipeline's own `import` audit event carries the same id as its
 *   request id, and the import's `ks_import` row is the report.
 * - If the server stops while a job waits or runs, its transaction rolls back and the memory is
 *   gone. The job page then finds the acceptance event without a finishing one and says the import
 *   did not finish and wrote nothing (`recordedJob`). Keystone runs as one server process per
 *   database, so a job the process does not hold in memory is not running anywhere.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import { recordAudit } from '../core/audit/trail.ts';
import { runImport, type ImportProgress, type ImportRequest, type ImportResult } from './pipeline.ts';

export type JobState = 'waiting' | 'running' | 'finished' | 'failed';

export interface ImportJob {
  id: string;
  userId: number | null;
  username: string | null;
  format: ImportRequest['format'];
  fileNames: string[];
  acceptedAt: string;
  state: JobState;
  progress: ImportProgress | null;
  /** The import's report, once the pipeline has recorded it. */
  importId: number | null;
  /** Why the job stopped without a report (the pipeline itself threw). */
  errorMessage: string | null;
}

export type ImportRunner = (database: Database, request: ImportRequest) => Promise<ImportResult>;

/** Uploads waiting or running at once, per database: each holds its files in memory. */
export const MAX_UNFINISHED_JOBS = 4;
/** Finished jobs remembered in memory; older ones are found through the audit trail. */
const REMEMBERED_JOBS = 200;
export const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class QueueFull extends Error {}

interface Queued {
  job: ImportJob;
  request: ImportRequest;
  run: ImportRunner;
}

export class ImportJobs {
  private readonly jobs = new Map<string, ImportJob>();
  private readonly waiting: Queued[] = [];
  private current: Promise<void> | null = null;
  private stopped = false;
  private readonly database: Database;

  constructor(database: Database) {
    this.database = database;
  }

  /** Accepts an import: audits the upload, queues it and returns its job (before it runs). */
  async start(request: ImportRequest, run: ImportRunner = runImport): Promise<ImportJob> {
    if (this.unfinished().length >= MAX_UNFINISHED_JOBS) {
      throw new QueueFull(`${MAX_UNFINISHED_JOBS} imports are already waiting or running. Try again when one of them has finished.`);
    }
    const received = [...request.files, ...(request.paths ?? [])];
    const id = request.actor.requestId && JOB_ID.test(request.actor.requestId) ? request.actor.requestId : randomUUID();
    const actor = { ...request.actor, requestId: id };
    const job: ImportJob = {
      id,
      userId: actor.userId,
      username: actor.username,
      format: request.format,
      fileNames: received.map((file) => file.name),
      acceptedAt: new Date().toISOString(),
      state: 'waiting',
      progress: null,
      importId: null,
      errorMessage: null,
    };
    await recordAudit(this.database, actor, {
      action: 'import',
      subjectType: 'import_job',
      subjectId: id,
      details: {
        status: 'accepted',
        format: request.format,
        files: received.map((file) => ({ name: file.name, bytes: 'bytes' in file ? file.bytes.length : file.size })),
        mode: request.mode,
        dryRun: request.dryRun,
      },
    });
    this.jobs.set(id, job);
    this.waiting.push({ job, request: { ...request, actor }, run });
    this.forgetOldJobs();
    if (!this.current) this.current = this.drain();
    return job;
  }

  find(id: string): ImportJob | undefined {
    return this.jobs.get(id);
  }

  /** How many imports will run before this waiting one (including the one running now). */
  ahead(job: ImportJob): number {
    const unfinished = this.unfinished();
    const position = unfinished.indexOf(job);
    return position < 0 ? 0 : position;
  }

  /** Resolves when nothing is waiting or running. */
  async idle(): Promise<void> {
    while (this.current) await this.current;
  }

  /** The server is stopping: let the running import finish; imports still waiting never start. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (QUEUES.get(this.database) === this) QUEUES.delete(this.database);
    await this.idle();
  }

  /** Imports waiting or running, in the order they were accepted. */
  unfinished(): ImportJob[] {
    return [...this.jobs.values()].filter((job) => job.state === 'waiting' || job.state === 'running');
  }

  private async drain(): Promise<void> {
    // Let the upload's answer leave before the import takes the event loop and the database.
    await new Promise((resolve) => setImmediate(resolve));
    for (let next = this.waiting.shift(); next && !this.stopped; next = this.waiting.shift()) await this.execute(next);
    this.current = null;
  }

  private async execute({ job, request, run }: Queued): Promise<void> {
    job.state = 'running';
    try {
      const result = await run(this.database, {
        ...request,
        onProgress: (progress) => {
          job.progress = progress;
          request.onProgress?.(progress);
        },
      });
      job.importId = result.importId;
      job.state = 'finished';
    } catch (error) {
      job.state = 'failed';
      job.errorMessage = error instanceof Error ? error.message : String(error);
    }
  }

  private forgetOldJobs(): void {
    const finished = [...this.jobs.values()].filter((job) => job.state === 'finished' || job.state === 'failed');
    for (const job of finished.slice(0, Math.max(0, finished.length - REMEMBERED_JOBS))) this.jobs.delete(job.id);
  }
}

const QUEUES = new WeakMap<Database, ImportJobs>();

/** The queue of a database's imports (one per server process). */
export function importJobs(database: Database): ImportJobs {
  let queue = QUEUES.get(database);
  if (!queue) QUEUES.set(database, (queue = new ImportJobs(database)));
  return queue;
}

/** A job no longer in memory, as the audit trail recorded it: finished (with its import) or never finished. */
export type RecordedJob =
  { state: 'finished'; importId: number } | { state: 'interrupted'; acceptedAt: string; username: string | null; format: string; fileNames: string[] };

export async function recordedJob(database: Database, id: string): Promise<RecordedJob | undefined> {
  const events = await sql<{ subject_type: string; subject_id: string; username: string | null; occurred_at: string; details: unknown }>`
    SELECT subject_type, subject_id, username, occurred_at::text AS occurred_at, details FROM ks_audit_event
    WHERE action = 'import' AND request_id = ${id} AND subject_type IN ('import', 'import_job')`.execute(database.db);
  const finished = events.rows.find((event) => event.subject_type === 'import');
  if (finished) return { state: 'finished', importId: Number(finished.subject_id) };
  const accepted = events.rows.find((event) => event.subject_type === 'import_job' && event.subject_id === id);
  if (!accepted) return undefined;
  const details = (typeof accepted.details === 'string' ? JSON.parse(accepted.details) : accepted.details) as {
    format?: string;
    files?: Array<{ name: string }>;
  };
  return {
    state: 'interrupted',
    acceptedAt: accepted.occurred_at,
    username: accepted.username,
    format: details.format ?? '',
    fileNames: (details.files ?? []).map((file) => file.name),
  };
}

/** What the job page says: a heading, one line on where the import is, and how far (when known). */
export interface ProgressView {
  heading: string;
  text: string;
  /** Tables written so far and the number of tables; absent while the files are checked (no measure of how far). */
  value?: number;
  max?: number;
}

export function describeProgress(job: Pick<ImportJob, 'state' | 'progress'>, ahead: number): ProgressView {
  const { progress } = job;
  if (job.state === 'waiting' && ahead > 0)
    return { heading: 'Waiting to import', text: `Waiting for ${ahead} earlier import${ahead === 1 ? '' : 's'} to finish` };
  if (!progress) return { heading: 'Importing', text: 'Starting' };
  if (progress.stage === 'checking') {
    return progress.done < progress.total
      ? { heading: 'Importing', text: `Checking files (${progress.detail})…` }
      : { heading: 'Importing', text: `Checked the files (${progress.detail}); getting ready to write` };
  }
  return { heading: 'Importing', text: `Writing ${progress.detail} (${progress.done + 1} of ${progress.total})`, value: progress.done, max: progress.total };
}
