// Validation without a database (issue 14, issue 19 item 3): `keystone validate` run as a user runs
// it, one whole process per file set, on the comparison files: the shared SSDA903 CSV tables (2,675
// children), the same return written as the EXPSSDA903 XML, the shared CIN census files, one 2-child
// CIN file, and the 903 tables at 10× and 100× (copies of the fixture's children under new IDs).
// Each figure: wall time, CPU time (user + system; the machine is shared, so wall time depends on the
// load average, given with each figure) and peak RSS of the whole process (getrusage at exit).
//
//   node bench/validation.ts            JSON on standard output
//
// BENCH_FIXTURES: the fixtures folder (default ../shared/fixtures); BENCH_VALIDATION_SCALES (default
// "10,100"): the 903 scales; BENCH_PEER_903_CMD / BENCH_PEER_CIN_CMD, when set, run the Python peer
// on the same files, interleaved with Keystone's runs, for the ratios (a shell command given the 903
// folder or XML file, or the CIN file, as its argument; its figures from /usr/bin/time). The CIN peer's
// command line takes one file, so it is measured on BENCH_CIN_FILE (one census, e.g. the demo county's
// written by bench/cin-county.ts), e.g. BENCH_PEER_CIN_CMD='cd PEER && python3 -m cin_validator run -r cin2025_26'.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = process.env.BENCH_FIXTURES ?? path.join(ROOT, '..', 'shared', 'fixtures');
// The `keystone` command as npx runs it (bin/keystone.js: Node's compile cache on before any TypeScript loads).
const MAIN = path.join(ROOT, 'bin', 'keystone.js');
const RUSAGE = path.join(ROOT, 'bench', 'rusage.mjs');
const load = () => loadavg().map((value) => Math.round(value * 10) / 10);

interface Run {
  wall_ms: number;
  cpu_ms: number;
  peak_rss_mb: number;
  exit_code: number | null;
  load_average: number[];
  summary: string;
}

/** `keystone validate <args>` in a process of its own; its CPU time and peak RSS come from getrusage at exit. */
function validate(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', RUSAGE, MAIN, 'validate', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = Math.round(performance.now() - started);
      const usage = /KEYSTONE_RUSAGE (\{.*\})/.exec(stderr);
      if (!usage) return reject(new Error(`keystone validate ${args.join(' ')}: no figures (${stderr.slice(0, 500)})`));
      const figures = JSON.parse(usage[1]!) as { cpu_ms: number; max_rss_kb: number };
      resolve({
        wall_ms: wall,
        cpu_ms: figures.cpu_ms,
        peak_rss_mb: Math.round(figures.max_rss_kb / 1024),
        exit_code: code,
        load_average: load(),
        summary: stdout.split('\n')[1] ?? '',
      });
    });
  });
}

/** The peer's command (a shell command) on the same files, whole process, measured by /usr/bin/time. */
function peer(command: string, files: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', 'KEYSTONE_PEER %U %S %M', 'sh', '-c', `${command} "$@"`, 'peer', ...files], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const figures = /KEYSTONE_PEER ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
      if (!figures) return reject(new Error(`peer ${command}: no figures (${stderr.slice(-500)})`));
      const cpu = Math.round((Number(figures[1]) + Number(figures[2])) * 1000);
      resolve({
        wall_ms: Math.round(performance.now() - started),
        cpu_ms: cpu,
        peak_rss_mb: Math.round(Number(figures[3]) / 1024),
        exit_code: code,
        load_average: load(),
        summary: '',
      });
    });
  });
}

/**
 * The best of a few runs (the least disturbed by the other work on the machine); with a peer command,
 * each Keystone run is followed by a peer run on the same files (interleaved), and the ratios are given,
 * of the least CPU time each, with the range of CPU time and peak RSS over the runs.
 */
async function best(args: string[], runs: number, peerCommand?: string): Promise<Run | Record<string, unknown>> {
  let result: Run | null = null;
  let peerResult: Run | null = null;
  const ours: Run[] = [];
  const theirs: Run[] = [];
  for (let run = 0; run < runs; run++) {
    const next = await validate(args);
    ours.push(next);
    if (!result || next.wall_ms < result.wall_ms) result = next;
    if (!peerCommand) continue;
    const other = await peer(peerCommand, args.slice(1));
    theirs.push(other);
    if (!peerResult || other.wall_ms < peerResult.wall_ms) peerResult = other;
  }
  if (!peerResult) return result!;
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  const range = (list: Run[], key: 'cpu_ms' | 'peak_rss_mb') => [Math.min(...list.map((run) => run[key])), Math.max(...list.map((run) => run[key]))];
  const leastCpu = (list: Run[]) => Math.min(...list.map((run) => run.cpu_ms));
  return {
    ...result!,
    cpu_ms_range: range(ours, 'cpu_ms'),
    peak_rss_mb_range: range(ours, 'peak_rss_mb'),
    peer: { ...peerResult, cpu_ms_range: range(theirs, 'cpu_ms'), peak_rss_mb_range: range(theirs, 'peak_rss_mb') },
    // How many times faster (least CPU time of each, wall time of the best runs) and what share of the peer's peak memory Keystone uses.
    times_faster_cpu: ratio(leastCpu(theirs), leastCpu(ours)),
    times_faster_wall: ratio(peerResult.wall_ms, result!.wall_ms),
    share_of_peer_memory: ratio(Math.max(...ours.map((run) => run.peak_rss_mb)), Math.min(...theirs.map((run) => run.peak_rss_mb))),
  };
}

type Table = { columns: string[]; rows: string[][] };

export function readTables(folder: string): Map<string, Table> {
  const tables = new Map<string, Table>();
  for (const name of readdirSync(folder)
    .filter((file) => file.endsWith('.csv'))
    .sort()) {
    const [columns, ...rows] = parse(readFileSync(path.join(folder, name), 'utf8').replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
    tables.set(name, { columns: columns!, rows });
  }
  return tables;
}

/** The 903 tables with every child copied `factor` times under new IDs (CHILD + copy number), written to `target`. */
export function scale903(tables: Map<string, Table>, factor: number, target: string) {
  mkdirSync(target, { recursive: true });
  for (const [name, table] of tables) {
    const child = table.columns.indexOf('CHILD');
    const fd = openSync(path.join(target, name), 'w');
    writeSync(fd, stringify([table.columns]));
    for (let copy = 0; copy < factor; copy++) {
      const rows = table.rows.map((row) => row.map((cell, index) => (index === child && copy > 0 ? `${cell}${String(copy).padStart(3, '0')}` : cell)));
      writeSync(fd, stringify(rows));
    }
    closeSync(fd);
  }
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The same return as the EXPSSDA903 XML (src/ingest/ssda903/xml.ts reads it): one CHILD element per child of the Header table. */
export function xml903(tables: Map<string, Table>): string {
  const byChild = (name: string) => {
    const table = tables.get(name);
    const map = new Map<string, Array<Record<string, string>>>();
    if (!table) return map;
    for (const row of table.rows) {
      const record = Object.fromEntries(table.columns.map((column, index) => [column, row[index] ?? '']));
      const list = map.get(record.CHILD!) ?? [];
      list.push(record);
      map.set(record.CHILD!, list);
    }
    return map;
  };
  const items = (record: Record<string, string> | undefined, names: readonly string[], rename: Record<string, string> = {}) =>
    record
      ? names
          .filter((name) => (record[name] ?? '') !== '')
          .map((name) => `<${rename[name] ?? name}>${escapeXml(record[name]!)}</${rename[name] ?? name}>`)
          .join('')
      : '';
  const [episodes, reviews, missing, oc2, oc3, ad1, placed, perm, uasc] = [
    'episodes.csv',
    'reviews.csv',
    'missing.csv',
    'oc2.csv',
    'oc3.csv',
    'ad1.csv',
    'placed_for_adoption.csv',
    'previous_permanence.csv',
    'uasc.csv',
  ].map(byChild);
  const parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<EXPSSDA903>\n'];
  for (const header of byChild('header.csv').values()) {
    const head = header[0]!;
    const id = head.CHILD!;
    const group = (element: string, list: Array<Record<string, string>> | undefined, names: readonly string[]) =>
      (list ?? []).map((record) => `<${element}>${items(record, names)}</${element}>`).join('');
    const uascRow = uasc!.get(id)?.[0];
    parts.push(
      '<CHILD><HEADER>',
      items(head, ['CHILD', 'UPN', 'SEX', 'DOB', 'ETHNIC', 'MOTHER', 'MC_DOB'], { CHILD: 'CHILDID' }),
      uascRow ? `<UASC>1</UASC>${items(uascRow, ['DUC'])}` : '',
      items(ad1!.get(id)?.[0], ['DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'NB_ADOPTR', 'SEX_ADOPTR', 'LS_ADOPTR']),
      items(oc3!.get(id)?.[0], ['IN_TOUCH', 'ACTIV', 'ACCOM']),
      group('AREVIEW', reviews!.get(id), ['REVIEW', 'REVIEW_CODE']),
      group('AMISSING', missing!.get(id), ['MISSING', 'MIS_START', 'MIS_END']),
      group('OC2', oc2!.get(id)?.slice(0, 1), [
        'SDQ_SCORE',
        'SDQ_REASON',
        'CONVICTED',
        'HEALTH_CHECK',
        'IMMUNISATIONS',
        'TEETH_CHECK',
        'HEALTH_ASSESSMENT',
        'SUBSTANCE_MISUSE',
        'INTERVENTION_RECEIVED',
        'INTERVENTION_OFFERED',
      ]),
      group('PERMANENCE', perm!.get(id)?.slice(0, 1), ['PREV_PERM', 'LA_PERM', 'DATE_PERM']),
      group('AD_PLACED', placed!.get(id), ['DATE_PLACED', 'DATE_PLACED_CEASED', 'REASON_PLACED_CEASED']),
      '</HEADER>',
      (episodes!.get(id) ?? [])
        .map(
          (record) =>
            `<EPISODE>${items(record, ['DECOM', 'RNE', 'LS', 'CIN', 'PLACE', 'PLACE_PROVIDER', 'DEC', 'REC', 'REASON_PLACE_CHANGE', 'HOME_POST', 'PL_POST', 'URN'], { PLACE: 'PL' })}</EPISODE>`,
        )
        .join(''),
      '</CHILD>\n',
    );
  }
  parts.push('</EXPSSDA903>\n');
  return parts.join('');
}

export async function benchValidation(): Promise<Record<string, unknown>> {
  const folder903 = path.join(FIXTURES, 'ssda903');
  const folderCin = path.join(FIXTURES, 'cin');
  if (!existsSync(folder903) || !existsSync(folderCin)) return { skipped: `the shared fixtures (${FIXTURES}) are absent` };
  const work = mkdtempSync(path.join(tmpdir(), 'keystone-bench-validation-'));
  try {
    const tables = readTables(folder903);
    const xmlFile = path.join(work, 'ssda903.xml');
    const xmlFd = openSync(xmlFile, 'w');
    writeSync(xmlFd, xml903(tables));
    closeSync(xmlFd);
    const cinFiles = readdirSync(folderCin)
      .filter((name) => name.endsWith('.xml'))
      .sort()
      .map((name) => path.join(folderCin, name));
    // Warm Node's compile cache once, as any second run of the command finds it.
    await validate(['cin', path.join(folderCin, 'CIN_Census_2024.xml')]);
    const results: Record<string, unknown> = {
      machine: 'shared with other engineers (2 cores): wall times depend on the load average given with each; CPU time less so',
      cin_2_children: { ...(await best(['cin', path.join(folderCin, 'CIN_Census_2024.xml')], 3)), target: { wall_ms: 500, peak_rss_mb: 120 } },
      cin_fixtures: { files: cinFiles.length, ...(await best(['cin', ...cinFiles], 3)) },
      // One larger census (BENCH_CIN_FILE, e.g. the demo county's from bench/cin-county.ts), five runs interleaved with the peer's.
      cin_file: process.env.BENCH_CIN_FILE
        ? { file: path.basename(process.env.BENCH_CIN_FILE), ...(await best(['cin', process.env.BENCH_CIN_FILE], 5, process.env.BENCH_PEER_CIN_CMD)) }
        : { skipped: 'BENCH_CIN_FILE is not set' },
      ssda903_csv: { children: tables.get('header.csv')?.rows.length ?? 0, ...(await best(['903', folder903], 2, process.env.BENCH_PEER_903_CMD)) },
      ssda903_xml: { children: tables.get('header.csv')?.rows.length ?? 0, ...(await best(['903', xmlFile], 2, process.env.BENCH_PEER_903_CMD)) },
      peer_measured_issue_14: {
        ssda903_csv: { wall_ms: 6100, peak_rss_mb: 268 },
        ssda903_xml: { wall_ms: 13_100, peak_rss_mb: 904 },
        cin: { wall_ms: 2100, peak_rss_mb: 75 },
      },
    };
    const scales = (process.env.BENCH_VALIDATION_SCALES ?? '10,100')
      .split(',')
      .map(Number)
      .filter((value) => value > 1);
    const scaled: Record<string, unknown> = {};
    for (const factor of scales) {
      const target = path.join(work, `ssda903_x${factor}`);
      scale903(tables, factor, target);
      const run = await validate(['903', target]);
      scaled[`x${factor}`] = {
        children: (tables.get('header.csv')?.rows.length ?? 0) * factor,
        ...run,
        ms_per_1000_children: Math.round((run.cpu_ms / ((tables.get('header.csv')?.rows.length ?? 1) * factor)) * 1000),
      };
      rmSync(target, { recursive: true, force: true });
    }
    results.ssda903_csv_scaled = { ...scaled, target_peak_rss_mb_at_x100: 400 };
    return results;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.main) console.log(JSON.stringify(await benchValidation(), null, 2));
