/**
 * `kill -9` in the middle of an import leaves the database exactly as it was: the real command
 * (`node src/cli/main.ts import …`) runs in its own process against an embedded PostgreSQL data folder
 * (and a PostgreSQL database when KEYSTONE_TEST_DATABASE_URL is set); once its progress says it is
 * writing tables inside the import's transaction, it is sent SIGKILL. The database, reopened, holds
 * the same rows in every SSD table, every ks_import* table and ks_row_source (counts and checksums),
 * and the same import run again to the end commits. On the data folder, the command had started the
 * embedded PostgreSQL itself: once killed, no PostgreSQL runs for the folder any more (its supervisor
 * stopped it), and the next command starts it again. Both ways the pipeline writes are killed: an SSD
 * extract (files checked in memory, then written table by table) and a CIN census (streamed: read
 * and staged inside the transaction, then merged table by table).
 *
 * The command shows progress only on a terminal; the child is started with stderr claiming to be one
 * (`--import` of a one-line module), so the trigger is the progress line itself, never a delay.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../core/db/database.ts';
import { noPostgres, reachableTempDir, writeSsdFolder } from '../../test/support/processes.ts';
import { tableChecksums } from '../../test/support/checksums.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TERMINAL_STDERR = 'data:text/javascript,process.stderr.isTTY=true';

interface Engine {
  name: string;
  /** The environment that points the command at this database. */
  env(): Record<string, string>;
  open(): Promise<Database>;
  /**
   * Resolves once nothing else is connected to the database (PostgreSQL: the killed client's backend
   * has gone; embedded: the PostgreSQL the killed command started has stopped).
   */
  settled(): Promise<void>;
  remove(): Promise<void>;
}

function embeddedEngine(folder: string): Engine {
  const dataDir = path.join(folder, 'data');
  return {
    name: 'embedded PostgreSQL data folder',
    env: () => ({ KEYSTONE_DATA_DIR: dataDir }),
    open: () => openDatabase({ dataDir }),
    settled: () => noPostgres(dataDir),
    remove: async () => {},
  };
}

function postgresEngine(url: string): Engine {
  const name = `keystone_crash_${randomBytes(5).toString('hex')}`;
  const databaseUrl = Object.assign(new URL(url), { pathname: `/${name}` }).toString();
  const admin = async <T>(work: (client: pg.Client) => Promise<T>) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  let created = false;
  return {
    name: 'PostgreSQL database',
    env: () => ({ KEYSTONE_DATABASE_URL: databaseUrl }),
    open: async () => {
      if (!created) await admin((client) => client.query(`CREATE DATABASE ${name}`));
      created = true;
      return openDatabase({ databaseUrl });
    },
    settled: () =>
      admin(async (client) => {
        for (;;) {
          const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
          if (rows[0]!.n === 0) return;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }),
    remove: () => admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** A CIN census of `count` children (IDs CRASH1 …), each with a referral, an assessment with a factor and a CIN plan. */
function writeCinFile(file: string, count: number): number {
  mkdirSync(path.dirname(file), { recursive: true });
  const child = (
    id: string,
  ) => `<Child><ChildIdentifiers><LAchildID>${id}</LAchildID><UPNunknown>UN2</UPNunknown><PersonBirthDate>2012-05-05</PersonBirthDate><GenderCurrent>1</GenderCurrent></ChildIdentifiers>
<ChildCharacteristics><Ethnicity>AIND</Ethnicity><Disabilities><Disability>NONE</Disability></Disabilities></ChildCharacteristics>
<CINdetails><CINreferralDate>2023-10-01</CINreferralDate><ReferralSource>6</ReferralSource><PrimaryNeedCode>N4</PrimaryNeedCode><CINclosureDate>2024-03-01</CINclosureDate><ReasonForClosure>RC1</ReasonForClosure>
<Assessments><AssessmentActualStartDate>2023-10-02</AssessmentActualStartDate><AssessmentAuthorisationDate>2023-10-20</AssessmentAuthorisationDate><FactorsIdentifiedAtAssessment><AssessmentFactors>3A</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>
<CINPlanDates><CINPlanStartDate>2023-11-01</CINPlanStartDate><CINPlanEndDate>2024-03-01</CINPlanEndDate></CINPlanDates><ReferralNFA>0</ReferralNFA></CINdetails></Child>
`;
  const children = Array.from({ length: count }, (_, index) => child(`CRASH${index + 1}`)).join('');
  writeFileSync(
    file,
    `<?xml version="1.0" encoding="UTF-8"?>
<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2024</Year><ReferenceDate>2024-03-31</ReferenceDate></CollectionDetails>
<Source><SourceLevel>L</SourceLevel><LEA>840</LEA></Source></Header>
<Children>
${children}</Children></Message>
`,
  );
  return count * 6;
}

interface Scenario {
  format: 'ssd' | 'cin';
  /** Writes the first (small) and second (large) file sets; returns the rows each holds. */
  files(folder: string): { first: string; firstRows: number; second: string; secondRows: number; people: number };
  /** The progress line's table number from which to kill: tables before it are written in the open transaction. */
  killFrom: number;
}

const SCENARIOS: Scenario[] = [
  {
    format: 'ssd',
    files: (folder) => ({
      first: path.join(folder, 'first'),
      firstRows: writeSsdFolder(path.join(folder, 'first'), 40, 3),
      second: path.join(folder, 'second'),
      secondRows: writeSsdFolder(path.join(folder, 'second'), 1500, 11),
      people: 40,
    }),
    // 4/23: ssd_department, ssd_professionals, ssd_person and ssd_contacts written, 19 tables still to go
    // (about half the writing: 2 s of 4 for this county on this machine).
    killFrom: 4,
  },
  {
    format: 'cin',
    files: (folder) => ({
      first: path.join(folder, 'first.xml'),
      firstRows: writeCinFile(path.join(folder, 'first.xml'), 40),
      second: path.join(folder, 'second.xml'),
      secondRows: writeCinFile(path.join(folder, 'second.xml'), 10_000),
      people: 40,
    }),
    // 2/12: two tables (ssd_person first) merged from the staging tables in the open transaction, ten still to go
    // (about 5 s of 6 for 10,000 children on this machine).
    killFrom: 2,
  },
];

/** Row count and checksum of every SSD table, every ks_import* table and ks_row_source. */
const snapshot = (database: Database) =>
  tableChecksums(database, (table) => table.startsWith('ssd_') || table.startsWith('ks_import') || table === 'ks_row_source');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The progress line that triggered the kill, when one did. */
  killedAt?: string;
}

/**
 * Runs `keystone import <format> <files> --json`; with `killFrom`, sends SIGKILL as soon as the
 * progress shows that many tables written inside the transaction and more about to be.
 */
function runImportCommand(engine: Engine, format: Scenario['format'], files: string, killFrom: number | null): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...engine.env() };
  if (!('KEYSTONE_DATABASE_URL' in engine.env())) delete env.KEYSTONE_DATABASE_URL;
  const child = spawn(process.execPath, ['--import', TERMINAL_STDERR, 'src/cli/main.ts', 'import', format, files, '--json'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: Run = { code: null, signal: null, stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (text: string) => (run.stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    run.stderr += text;
    if (killFrom === null || run.killedAt) return;
    // Progress lines: "\r\x1b[2KWriting [####----] 4/23 ssd_cin_episodes", told before each table is written.
    const writing = [...run.stderr.matchAll(/Writing \[[#-]+\] (\d+)\/(\d+) (\w+)/g)].find(
      (match) => Number(match[1]) >= killFrom && Number(match[1]) < Number(match[2]),
    );
    if (writing) {
      run.killedAt = writing[0];
      child.kill('SIGKILL');
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(Object.assign(run, { code, signal })));
  });
}

const engines = [
  { name: 'embedded PostgreSQL', postgres: undefined as string | undefined },
  ...(process.env.KEYSTONE_TEST_DATABASE_URL ? [{ name: 'PostgreSQL', postgres: process.env.KEYSTONE_TEST_DATABASE_URL }] : []),
];

describe.each(engines.flatMap((engine) => SCENARIOS.map((scenario) => ({ ...engine, scenario, format: scenario.format }))))(
  'kill -9 in the middle of `keystone import $format` on $name',
  ({ postgres, scenario }) => {
    let folder: string;
    let engine: Engine;
    let files: ReturnType<Scenario['files']>;

    beforeAll(() => {
      folder = reachableTempDir('keystone-crash-');
      engine = postgres ? postgresEngine(postgres) : embeddedEngine(folder);
      files = scenario.files(folder);
    });
    afterAll(async () => {
      await engine?.remove();
      rmSync(folder, { recursive: true, force: true });
    });

    it('leaves every table as it was, and the import run again commits', async () => {
      expect(
        Number(process.versions.node.split('.')[0]),
        `the command runs on ${process.execPath}, which must be the project's Node 24`,
      ).toBeGreaterThanOrEqual(24);
      // A first import, run to the end, so there is something to keep.
      await (await engine.open()).close();
      const first = await runImportCommand(engine, scenario.format, files.first, null);
      expect(first.code, first.stderr).toBe(0);
      expect(JSON.parse(first.stdout)).toMatchObject({ status: 'committed', counts: { new: files.firstRows } });

      let database = await engine.open();
      const before = await snapshot(database);
      await database.close();
      expect(Object.keys(before)).toEqual(expect.arrayContaining(['ks_import', 'ks_import_quarantine', 'ks_row_source', 'ssd_person', 'ssd_cin_episodes']));
      expect(before.ssd_person).toMatch(new RegExp(`^${files.people} rows`));

      // The larger import, killed while it writes.
      const killed = await runImportCommand(engine, scenario.format, files.second, scenario.killFrom);
      expect(killed.killedAt, `no progress line showed a table being written; stderr: ${killed.stderr.slice(-500)}`).toBeDefined();
      expect(killed.signal, `the import ended by itself (exit ${killed.code}) before it could be killed`).toBe('SIGKILL');
      expect(killed.stdout).toBe('');
      console.log(`${engine.name}: killed at “${killed.killedAt}”`);

      await engine.settled();
      database = await engine.open();
      try {
        expect(await snapshot(database)).toEqual(before);
      } finally {
        await database.close();
      }

      // The same import again, to the end: it commits, with every row of the second file set.
      const again = await runImportCommand(engine, scenario.format, files.second, null);
      expect(again.code, again.stderr.slice(-2000)).toBe(0);
      const report = JSON.parse(again.stdout);
      expect(report.status).toBe('committed');
      expect(report.counts.new + report.counts.updated + report.counts.unchanged + report.counts.rejected).toBe(files.secondRows);
      database = await engine.open();
      try {
        const after = await snapshot(database);
        expect(after.ks_import).toMatch(/^2 rows/);
        expect(after.ssd_person).not.toEqual(before.ssd_person);
      } finally {
        await database.close();
      }
    }, 600_000);
  },
);
