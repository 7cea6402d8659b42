import path from 'node:path';
import type { Config } from '../core/config.ts';
import { parseIsoDate } from '../core/dates.ts';
import { isRole, ROLES, type Role } from '../core/auth/access.ts';
import { SPC_WORDS } from '../core/words.ts';
import { UsageError } from '../core/cli.ts';

// Every capability is imported when a command runs, never up front: `keystone --help` and the
// commands that need no database, PDF, spreadsheet or web server load none of them.
const audit = () => import('../core/audit/trail.ts');
const server = () => import('../server/start.ts');

type OptionSpec = { type: 'string' | 'boolean'; description: string; multiple?: boolean };
type Values = Record<string, string | boolean | string[] | undefined>;

export interface Command {
  summary: string;
  /** What follows the command name; a function when it names values held by the command's own (lazily loaded) module. */
  args?: string | (() => Promise<string>);
  options: Record<string, OptionSpec>;
  run(values: Values, positionals: string[], config: Config): Promise<number>;
}

function wholeNumber(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new UsageError(`--${name} must be a whole number, got "${String(value)}"`);
  return number;
}

function isoDate(value: unknown, name: string): string {
  const date = typeof value === 'string' ? parseIsoDate(value) : undefined;
  if (!date) throw new UsageError(`--${name} must be a real date written YYYY-MM-DD, got "${String(value ?? '')}"`);
  return date;
}

/** Runs a command body, turning a usage mistake into a message and exit code 2. */
async function guarded(work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`keystone: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function importOptions(values: Values, positionals: string[]) {
  return {
    format: positionals[0],
    paths: positionals.slice(1),
    dryRun: !!values['dry-run'],
    strict: !!values.strict,
    json: !!values.json,
    year: typeof values.year === 'string' ? values.year : undefined,
    ruleset: typeof values.ruleset === 'string' ? values.ruleset : undefined,
    laCode: typeof values['la-code'] === 'string' ? values['la-code'] : undefined,
  };
}

type OpenDatabase = Awaited<ReturnType<Awaited<ReturnType<typeof server>>['openConfiguredDatabase']>>;

async function withDatabase<T>(config: Config, work: (database: OpenDatabase) => Promise<T>): Promise<T> {
  const { openConfiguredDatabase, prepareDatabase } = await server();
  const database = await openConfiguredDatabase(config);
  try {
    await prepareDatabase(database, config);
    return await work(database);
  } finally {
    await database.close();
  }
}

export const commands: Record<string, Command> = {
  start: {
    summary: 'Start the web app (seeds the demo county into an empty database)',
    options: {
      port: { type: 'string', description: 'Port to listen on (default 3000, or PORT)' },
      'no-demo': { type: 'boolean', description: 'Do not seed the demo county into an empty database' },
    },
    run: (values, _positionals, config) =>
      guarded(async () => {
        const { startServer } = await server();
        await startServer({ ...config, port: wholeNumber(values.port, 'port', config.port) }, { demo: !values['no-demo'] });
        return 0;
      }),
  },

  migrate: {
    summary: 'Apply database migrations and print the schema version; with --from-pglite, first copy in the data folder of an earlier Keystone',
    options: {
      'from-pglite': {
        type: 'string',
        description: 'Data folder of an earlier Keystone (PGlite) to copy, every table and the audit trail, into this empty database',
      },
    },
    run: (values, _positionals, config) =>
      guarded(async () => {
        const { openConfiguredDatabase, prepareDatabase } = await server();
        const { migrateFromPglite, FromPgliteError } = await import('../core/db/from-pglite.ts');
        const { SchemaTooNewError } = await import('../core/db/migrate.ts');
        const { attachAuditSeal, fileSeal } = await import('../core/audit/seal.ts');
        const database = await openConfiguredDatabase(config);
        try {
          if (typeof values['from-pglite'] === 'string') {
            const source = path.resolve(values['from-pglite']);
            let result;
            try {
              // The copied trail is checked with this folder's audit key (an earlier Keystone's events predate keys).
              attachAuditSeal(database, fileSeal(config.audit.folder, config.audit.key));
              result = await migrateFromPglite(source, database, ({ table, rows }) =>
                process.stderr.write(`  ${table}: ${rows.toLocaleString('en-GB')} rows\n`),
              );
            } catch (error) {
              if (error instanceof FromPgliteError || error instanceof SchemaTooNewError) throw new UsageError(error.message);
              throw error;
            }
            const rows = result.tables.reduce((sum, table) => sum + table.rows, 0);
            console.log(`Copied ${rows.toLocaleString('en-GB')} rows in ${result.tables.length} tables from ${source}.`);
            console.log(
              `Audit trail: ${result.chain.events.toLocaleString('en-GB')} events, hash chain ${result.chain.intact ? 'intact' : `broken at event ${result.chain.firstBrokenEventId}`}.`,
            );
            await prepareDatabase(database, config);
            console.log(`Schema version ${result.schemaVersion}`);
            return result.chain.intact ? 0 : 1;
          }
          console.log(`Schema version ${await prepareDatabase(database, config)}`);
          return 0;
        } finally {
          await database.close();
        }
      }),
  },

  demo: {
    summary: 'Generate the synthetic demo county into the database',
    options: {
      children: { type: 'string', description: 'Number of children (default 10000)' },
      seed: { type: 'string', description: 'Random seed: the same seed gives the same county (default 42)' },
      replace: { type: 'boolean', description: 'Delete the case data already in the database first' },
    },
    run: (values, _positionals, config) =>
      guarded(async () => {
        const options = { children: wholeNumber(values.children, 'children', config.demo.children), seed: wholeNumber(values.seed, 'seed', config.demo.seed) };
        if (options.children < 1) throw new UsageError('--children must be at least 1');
        const { seedDemo, describeAccounts } = await server();
        const { clearCaseData } = await import('../core/db/clear.ts');
        return withDatabase(config, async (database) => {
          if (values.replace) await clearCaseData(database);
          console.log(describeAccounts(await seedDemo(database, options, console.log)));
          return 0;
        });
      }),
  },

  indicators: {
    summary: 'Print every indicator for a date: value, numerator, denominator, target, benchmark, SPC',
    options: {
      'as-of': { type: 'string', description: 'Date YYYY-MM-DD (required)' },
      team: { type: 'string', description: 'Only this team (team ID), e.g. T01' },
      id: { type: 'string', description: 'Only this indicator, e.g. timeliness.assessments_45wd_pct' },
      threshold: { type: 'string', description: 'Caseload threshold (default 20, or KEYSTONE_CASELOAD_THRESHOLD)' },
      json: { type: 'boolean', description: 'Print JSON' },
    },
    run: (values, _positionals, config) =>
      guarded(async () => {
        const asOf = isoDate(values['as-of'], 'as-of');
        const threshold = wholeNumber(values.threshold, 'threshold', config.caseloadThreshold);
        const teamId = typeof values.team === 'string' ? values.team : null;
        const id = typeof values.id === 'string' ? values.id : null;
        const { indicatorReport, UnknownIndicatorError } = await import('../indicators/report.ts');
        const { fillCalendar } = await import('../indicators/calendar.ts');
        return withDatabase(config, async (database) => {
          await fillCalendar(database);
          let report;
          try {
            report = await indicatorReport(database, asOf, { threshold, teamId, id });
          } catch (error) {
            if (error instanceof UnknownIndicatorError)
              throw new UsageError(`--id: ${error.message} (the Performance overview and the definitions on each indicator’s page give the ids)`);
            throw error;
          }
          if (values.json) {
            console.log(JSON.stringify(report, null, 2));
          } else {
            console.log(`Indicators on ${asOf}${teamId ? ` for team ${teamId}` : ''} (caseload threshold ${threshold})`);
            for (const indicator of report.indicators) {
              const value =
                indicator.coverage?.status === 'none' ? 'No data' : indicator.value === null ? '–' : `${indicator.value}${indicator.unit === '%' ? '%' : ''}`;
              const spc = indicator.spc
                ? `  [${SPC_WORDS[indicator.spc.variation] ?? indicator.spc.variation}; ${SPC_WORDS[indicator.spc.assurance] ?? indicator.spc.assurance}]`
                : '';
              const coverage = indicator.coverage
                ? `\n  ${''.padEnd(48)} ${''.padStart(9)}  ${indicator.coverage.status === 'none' ? 'No data' : 'Partial'}: ${indicator.coverage.reason}`
                : '';
              console.log(`  ${indicator.id.padEnd(48)} ${value.padStart(9)}  ${indicator.title}${spc}${coverage}`);
            }
          }
          return 0;
        });
      }),
  },

  ofsted: {
    summary: 'Read an Ofsted inspection report PDF: "keystone ofsted parse FILE.pdf --json"',
    args: 'parse <file.pdf>',
    options: { json: { type: 'boolean', description: 'Print JSON (the only format; kept for clarity in scripts)' } },
    run: (_values, positionals) =>
      guarded(async () => {
        const [action, file] = positionals;
        if (action !== 'parse' || !file || positionals.length > 2) throw new UsageError('usage: keystone ofsted parse FILE.pdf --json');
        const { readFile } = await import('node:fs/promises');
        const { OfstedReportError, parseOfstedReport } = await import('../inspections/ofsted-report/parse.ts');
        let bytes: Uint8Array;
        try {
          bytes = new Uint8Array(await readFile(file));
        } catch (error) {
          throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
        }
        try {
          console.log(JSON.stringify(await parseOfstedReport(bytes), null, 2));
          return 0;
        } catch (error) {
          if (!(error instanceof OfstedReportError)) throw error;
          process.stderr.write(`keystone: ${file}: ${error.message}\n`);
          return 1;
        }
      }),
  },

  import: {
    summary:
      'Import data in the sector’s formats (SSD CSV tables, SSDA903 CSV tables, CIN census XML, Ofsted Annex A workbook) from files or a folder: validated, quarantined, one transaction. For the SSDA903, last year’s tables named <table>_last.csv (e.g. header_last.csv) are read only for the rules comparing the two years, never stored',
    args: '<format: ssd | 903 | cin | annex-a> <file or folder…>',
    options: {
      'dry-run': { type: 'boolean', description: 'Check everything without the database (as keystone validate): nothing written or compared with stored data' },
      strict: { type: 'boolean', description: 'Write nothing if any error is found (default: quarantine bad rows, import the rest)' },
      json: { type: 'boolean', description: 'Print the outcome and every finding as JSON' },
      year: { type: 'string', description: 'Collection year, as the year it ends (2025 for 2024-25); default: inferred from the data' },
      ruleset: {
        type: 'string',
        description: 'The DfE ruleset to check with (CIN census: 2022/23 to 2025/26; SSDA903: 2022/23 to 2026/27); default: the collection year’s',
      },
    },
    run: (values, positionals, config) =>
      guarded(async () => {
        const { importCommand, validateCommand } = await import('../ingest/cli.ts');
        const options = importOptions(values, positionals);
        // A dry run checks without the database: no PostgreSQL is started.
        if (options.dryRun) return await validateCommand(options, undefined, 'import');
        return await withDatabase(config, (database) => importCommand(database, options));
      }),
  },

  validate: {
    summary:
      'Check files in the sector’s formats (SSD, SSDA903, CIN census, Annex A) against structure and the DfE rules without a database: nothing is started or written. Exit code 3 when an error is found',
    args: '<format: ssd | 903 | cin | annex-a> <file or folder…>',
    options: {
      strict: { type: 'boolean', description: 'Report as strict mode would: any error refuses the whole import' },
      json: { type: 'boolean', description: 'Print the outcome and the findings as JSON' },
      year: { type: 'string', description: 'Collection year, as the year it ends (2025 for 2024-25); default: inferred from the data' },
      ruleset: {
        type: 'string',
        description: 'The DfE ruleset to check with (CIN census: 2022/23 to 2025/26; SSDA903: 2022/23 to 2026/27); default: the collection year’s',
      },
      'la-code': {
        type: 'string',
        description: 'SSDA903: the council’s 3-digit DfE LA code (e.g. 937), for rules 1015 and 411 (an import takes it from Council settings)',
      },
    },
    run: (values, positionals) =>
      guarded(async () => {
        const { validateCommand } = await import('../ingest/cli.ts');
        return await validateCommand(importOptions(values, positionals));
      }),
  },

  export: {
    summary: 'Export a statutory return from the data held: SSDA903 CSV tables (into a folder), CIN census XML or Ofsted Annex A workbook; audited',
    args: '<format: 903 | cin | annex-a>',
    options: {
      from: { type: 'string', description: 'First day of the period, YYYY-MM-DD (required)' },
      to: { type: 'string', description: 'Last day of the period, YYYY-MM-DD (required); the CIN schema is that of the collection year it falls in' },
      out: { type: 'string', description: 'Folder for the 903 tables, file for CIN (.xml) and Annex A (.xlsx) (required)' },
    },
    run: (values, positionals, config) =>
      guarded(async () => {
        const { exportCommand } = await import('../export/cli.ts');
        return await withDatabase(config, (database) =>
          exportCommand(database, {
            format: positionals[0],
            from: typeof values.from === 'string' ? values.from : undefined,
            to: typeof values.to === 'string' ? values.to : undefined,
            out: typeof values.out === 'string' ? values.out : undefined,
          }),
        );
      }),
  },

  workforce: {
    summary: 'Workforce figures as JSON: measures, trend, changes of worker, closures, capacity; or import the HR CSV of posts',
    args: async () => `<${(await import('../workforce/cli.ts')).WORKFORCE_ACTIONS.join('|')}> [FILE.csv for import]`,
    options: {
      'as-of': { type: 'string', description: 'Date YYYY-MM-DD (required except for import)' },
      team: { type: 'string', description: 'Only this team (team ID)' },
      threshold: { type: 'string', description: 'Caseload threshold (default 20, or KEYSTONE_CASELOAD_THRESHOLD)' },
      'add-workers': { type: 'string', description: 'capacity: full-time workers added (fill vacancies or add posts), to --team or to each team' },
      asye: { type: 'string', description: 'capacity: ASYE cohort of N in September, to --team or to each team' },
      target: { type: 'string', description: 'capacity: target share of workers over the threshold, % (default 10)' },
      'dry-run': { type: 'boolean', description: 'import: check and count, write nothing' },
      json: { type: 'boolean', description: 'Print indented JSON' },
    },
    run: (values, positionals, config) =>
      guarded(async () => {
        const action = positionals[0];
        const asOf = action === 'import' ? '' : isoDate(values['as-of'], 'as-of');
        const { workforceCommand } = await import('../workforce/cli.ts');
        return await withDatabase(config, (database) =>
          workforceCommand(database, {
            action,
            asOf,
            teamId: typeof values.team === 'string' ? values.team : null,
            threshold: wholeNumber(values.threshold, 'threshold', config.caseloadThreshold),
            json: !!values.json,
            file: positionals[1],
            dryRun: !!values['dry-run'],
            addWorkers: wholeNumber(values['add-workers'], 'add-workers', 0),
            asye: wholeNumber(values.asye, 'asye', 0),
            targetPct: wholeNumber(values.target, 'target', 10),
          }),
        );
      }),
  },

  forecast: {
    summary: 'Children looked after forecast 1 to 5 years ahead by age band and placement type, with spend and saved scenarios; or its backtest',
    options: {
      from: { type: 'string', description: 'Forecast from this month end YYYY-MM-DD (default: the last month end with data)' },
      months: { type: 'string', description: 'Months ahead, 1 to 60 (default 36)' },
      window: { type: 'string', description: 'Months of history to fit on (default 36)' },
      backtest: { type: 'boolean', description: 'Test the method on the past: forecasts from 24 and 12 months before the data end against what happened' },
      json: { type: 'boolean', description: 'Print the figures as JSON' },
    },
    run: (values, _positionals, config) =>
      guarded(async () => {
        const from = values.from === undefined ? undefined : isoDate(values.from, 'from');
        const months = wholeNumber(values.months, 'months', 36);
        const window = values.window === undefined ? undefined : wholeNumber(values.window, 'window', 36);
        const { forecastCommand } = await import('../forecast/cli.ts');
        return await withDatabase(config, (database) =>
          forecastCommand(database, {
            ...(from ? { from } : {}),
            months,
            ...(window ? { windowMonths: window } : {}),
            backtest: !!values.backtest,
            json: !!values.json,
          }),
        );
      }),
  },

  report: {
    summary: 'Write a committee report generated from the data (small numbers suppressed) as HTML, PDF or Word',
    args: async () => `<template: ${(await import('../reports/templates.ts')).TEMPLATES.map((template) => template.id).join(' | ')}>`,
    options: {
      period: { type: 'string', description: 'Month YYYY-MM (figures as at its last day; required)' },
      format: { type: 'string', description: 'html | pdf | docx (required)' },
      out: { type: 'string', description: 'File to write (required)' },
      threshold: { type: 'string', description: 'Caseload threshold (default 20, or KEYSTONE_CASELOAD_THRESHOLD)' },
    },
    run: (values, positionals, config) =>
      guarded(async () => {
        const threshold = wholeNumber(values.threshold, 'threshold', config.caseloadThreshold);
        const { reportCommand } = await import('../reports/cli.ts');
        return await withDatabase(config, (database) =>
          reportCommand(database, {
            template: positionals[0],
            period: typeof values.period === 'string' ? values.period : undefined,
            format: typeof values.format === 'string' ? values.format : undefined,
            out: typeof values.out === 'string' ? values.out : undefined,
            threshold,
          }),
        );
      }),
  },

  'user-add': {
    summary: 'Create or update a local account (password read from standard input)',
    args: '<username>',
    options: {
      name: { type: 'string', description: 'Display name' },
      role: { type: 'string', multiple: true, description: `Role, repeatable: ${ROLES.join(', ')}` },
      professional: { type: 'string', description: 'Professional ID (ssd_professionals) the account belongs to' },
      team: { type: 'string', description: 'Team or service area ID, for managers without a professional record' },
    },
    run: (values, positionals, config) =>
      guarded(async () => {
        const username = positionals[0];
        if (!username) throw new UsageError('give the username, e.g. keystone user-add jo.bloggs --role team_manager');
        const roles = ([] as string[]).concat((values.role as string[] | undefined) ?? []);
        const unknown = roles.filter((role) => !isRole(role));
        if (roles.length === 0 || unknown.length)
          throw new UsageError(`--role must be one of ${ROLES.join(', ')}${unknown.length ? ` (not ${unknown.join(', ')})` : ''}`);
        const password = await readPassword();
        const { upsertUser } = await import('../core/auth/users.ts');
        const { recordAudit } = await audit();
        const { userInfo } = await import('node:os');
        return withDatabase(config, async (database) => {
          await upsertUser(database, {
            username,
            displayName: typeof values.name === 'string' ? values.name : username,
            password,
            roles: roles as Role[],
            professionalId: typeof values.professional === 'string' ? values.professional : null,
            teamId: typeof values.team === 'string' ? values.team : null,
          });
          await recordAudit(
            database,
            { userId: null, username: `cli:${userInfo().username}`, ip: null, requestId: null },
            {
              action: 'permission.change',
              subjectType: 'user',
              subjectId: username,
              details: { saved: username, roles, professional_id: values.professional ?? null, team_id: values.team ?? null, via: 'keystone user-add' },
            },
          );
          console.log(`Account ${username} saved with roles ${roles.join(', ')}.`);
          return 0;
        });
      }),
  },
};

async function readPassword(): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const lines = createInterface({ input: process.stdin, terminal: false });
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  for await (const line of lines) {
    lines.close();
    return line;
  }
  throw new UsageError('no password given on standard input');
}
