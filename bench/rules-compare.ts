// Rule for rule against data-to-insight's Python validators (issue 14): the children Keystone flags,
// rule by rule, on the shared SSDA903 fixture and CIN census files, beside the children the peer
// flags on the same files, and for every rule where they differ, whether the rule catalogue explains
// the difference (`PEER_DIFFERENCES` in src/ingest/ssda903/catalogue.ts and src/ingest/cin/catalogue.ts,
// each citing DfE's text).
//
//   node bench/rules-compare.ts            JSON on standard output, a summary on standard error
//
// BENCH_FIXTURES: the fixtures folder (default ../shared/fixtures beside the repository).
// The peer's CIN rules that differ from Keystone's only by the query suffix (its 8525Q, Keystone's 8525:
// DfE's amended 2022/23 rules made several errors queries; see CIN_PEER_DIFFERENCES) are compared under Keystone's code.
// BENCH_CIN_FILES: more CIN census files to compare, comma-separated (e.g. the demo county's census,
// written by `node bench/cin-county.ts FILE`).
// BENCH_903_FOLDERS: more SSDA903 returns (folders of CSV tables) to compare, comma-separated (e.g. the demo
// county's, written by `node bench/903-county.ts FOLDER`, and copies with seeded faults, `node bench/903-faults.ts`).
// BENCH_903_YEAR: their collection year (the year its 31 March ends), as the peer is told it; else inferred from the data.
// BENCH_PEER_903_RULESET: the SSDA903 ruleset the peer runs (default 2024/25, its lac2024_25); Keystone checks with the same.
// BENCH_PEER_903, BENCH_PEER_CIN: commands that run the peer validators; each is called with the
// 903 folder (or the CIN files) and `--json FILE`, and writes {"flagged": {rule: [children]}} (for CIN,
// {"files": {path: {"flagged": …, "returnLevel": [rules broken by the return as a whole]}}}). Unset, or failing, the peer's side is skipped with a message and
// Keystone's flags are printed alone. Run the peer with each rule on its own copy of the data: the
// 903 peer shares one copy between rules, and some of its rules change it for the rules after them.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CIN_CATALOGUE, CIN_PEER_DIFFERENCES } from '../src/ingest/cin/catalogue.ts';
import { cinImporter } from '../src/ingest/cin/importer.ts';
import { CATALOGUE, parseRuleset903, PEER_DIFFERENCES, type Ruleset903 } from '../src/ingest/ssda903/catalogue.ts';
import { ssda903Importer } from '../src/ingest/ssda903/importer.ts';
import type { Finding, InputFile } from '../src/ingest/types.ts';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES = process.env.BENCH_FIXTURES ?? path.join(ROOT, '..', 'shared', 'fixtures');

export type Flags = Record<string, string[]>;

/** The children each rule flags (findings naming no child, e.g. a whole-return rule, count as ''). */
export function childrenByRule(findings: readonly Finding[], codes: ReadonlySet<string>): Flags {
  const flags = new Map<string, Set<string>>();
  for (const finding of findings) {
    if (!codes.has(finding.rule)) continue;
    let children = flags.get(finding.rule);
    if (!children) flags.set(finding.rule, (children = new Set()));
    children.add(finding.child ?? '');
  }
  return Object.fromEntries([...flags].map(([rule, children]) => [rule, [...children].sort()]));
}

const read = (file: string): InputFile => ({ name: path.basename(file), bytes: new Uint8Array(readFileSync(file)) });

/** Keystone on the 903 CSV tables of a folder (DfE rules only, no database), with the year and ruleset it used (the collection year's unless one is given). */
export function keystone903(folder: string, ruleset?: Ruleset903, collectionYear?: number) {
  const files = readdirSync(folder)
    .filter((name) => name.endsWith('.csv'))
    .sort()
    .map((name) => read(path.join(folder, name)));
  const prepared = ssda903Importer.prepare(files, { ruleset, collectionYear });
  return { summary: prepared.summary, flagged: childrenByRule(prepared.findings, new Set(CATALOGUE.map((entry) => entry.code))) };
}

/** Keystone on one CIN census file. */
export function keystoneCin(file: string) {
  const prepared = cinImporter.prepare([read(file)], {});
  return { summary: prepared.summary, flagged: childrenByRule(prepared.findings, new Set(CIN_CATALOGUE.map((entry) => entry.code))) };
}

/** Runs a peer command; null (with the reason on standard error) when it is not configured or fails. */
function runPeer(variable: string, args: string[]): Record<string, unknown> | null {
  const command = process.env[variable];
  if (!command) {
    console.error(`${variable} is not set: the peer's side of the comparison is skipped, Keystone's flags are printed alone.`);
    return null;
  }
  const folder = mkdtempSync(path.join(tmpdir(), 'rules-compare-'));
  const out = path.join(folder, 'peer.json');
  try {
    const [program, ...rest] = command.split(' ').filter(Boolean);
    execFileSync(program!, [...rest, ...args, '--json', out], { stdio: ['ignore', 'ignore', 'ignore'], maxBuffer: 1 << 30 });
    return JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    console.error(`${variable} failed (${(error as Error).message.split('\n')[0]}): the peer's side is skipped.`);
    return null;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export interface RuleComparison {
  code: string;
  keystone: number;
  peer: number | null;
  /** Children flagged by both, and by one side only (the first ten of each listed). */
  both: number;
  onlyKeystoneCount: number;
  onlyPeerCount: number;
  onlyKeystone: string[];
  onlyPeer: string[];
  verdict: 'agree' | 'explained' | 'unexplained' | 'keystone only';
  note?: string;
}

/** Rule by rule: agreement, or the catalogue's note on why they differ. Rules neither flags are left out. */
export function compare(keystone: Flags, peer: Flags | null, notes: ReadonlyMap<string, string>): RuleComparison[] {
  const codes = [...new Set([...Object.keys(keystone), ...Object.keys(peer ?? {})])].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return codes.map((code) => {
    const ours = new Set(keystone[code] ?? []);
    const theirs = new Set(peer?.[code] ?? []);
    const onlyKeystone = [...ours].filter((child) => !theirs.has(child));
    const onlyPeer = [...theirs].filter((child) => !ours.has(child));
    const note = notes.get(code);
    const verdict = peer === null ? 'keystone only' : onlyKeystone.length + onlyPeer.length === 0 ? 'agree' : note ? 'explained' : 'unexplained';
    return {
      code,
      keystone: ours.size,
      peer: peer ? theirs.size : null,
      both: ours.size - onlyKeystone.length,
      onlyKeystoneCount: onlyKeystone.length,
      onlyPeerCount: onlyPeer.length,
      onlyKeystone: onlyKeystone.slice(0, 10),
      onlyPeer: onlyPeer.slice(0, 10),
      verdict,
      ...(verdict === 'explained' ? { note } : {}),
    };
  });
}

const CIN_CODES = new Set(CIN_CATALOGUE.map((entry) => entry.code));

/** The peer's flags under Keystone's codes where only the query suffix differs (its 8525Q is Keystone's 8525), so the children are compared. */
function samePeerNames(flags: Flags): Flags {
  const renamed = (code: string) => {
    if (CIN_CODES.has(code)) return code;
    const other = code.endsWith('Q') ? code.slice(0, -1) : `${code}Q`;
    return CIN_CODES.has(other) ? other : code;
  };
  return Object.fromEntries(Object.entries(flags).map(([code, children]) => [renamed(code), children]));
}

function tally(rules: RuleComparison[]) {
  const count = (verdict: RuleComparison['verdict']) => rules.filter((rule) => rule.verdict === verdict).length;
  return { rulesFiring: rules.length, agree: count('agree'), explained: count('explained'), unexplained: count('unexplained') };
}

function main() {
  if (!existsSync(FIXTURES)) {
    console.error(`SKIPPED: the rule comparison needs the shared fixtures at ${FIXTURES}, which are absent.`);
    console.log(JSON.stringify({ skipped: `no fixtures at ${FIXTURES}` }));
    return;
  }
  const folder903 = path.join(FIXTURES, 'ssda903');
  // Like with like: Keystone with the peer's ruleset (lac2024_25 unless BENCH_PEER_903_RULESET names another).
  const ruleset903 = parseRuleset903(process.env.BENCH_PEER_903_RULESET ?? '2024/25') ?? '2024/25';
  const ours903 = keystone903(folder903, ruleset903);
  const peer903 = runPeer('BENCH_PEER_903', [folder903]);
  const rules903 = compare(ours903.flagged, (peer903?.flagged as Flags | undefined) ?? null, PEER_DIFFERENCES);

  const more903 = (process.env.BENCH_903_FOLDERS ?? '')
    .split(',')
    .filter(Boolean)
    .map((folder) => {
      // The collection year the peer is told (its PEER_903_YEAR), not inferred: faults move dates past the year.
      const ours = keystone903(folder, ruleset903, process.env.BENCH_903_YEAR ? Number(process.env.BENCH_903_YEAR) : undefined);
      const theirs = runPeer('BENCH_PEER_903', [folder]);
      const rules = compare(ours.flagged, (theirs?.flagged as Flags | undefined) ?? null, PEER_DIFFERENCES);
      return { folder: path.basename(folder), collectionYear: ours.summary.collectionYear, summary: tally(rules), rules };
    });

  const cinFiles = [
    ...readdirSync(path.join(FIXTURES, 'cin'))
      .filter((name) => name.endsWith('.xml'))
      .sort()
      .map((name) => path.join(FIXTURES, 'cin', name)),
    ...(process.env.BENCH_CIN_FILES ?? '').split(',').filter(Boolean),
  ];
  const peerCin = runPeer('BENCH_PEER_CIN', cinFiles);
  const cin = cinFiles.map((file) => {
    const ours = keystoneCin(file);
    const theirs = (peerCin?.files as Record<string, { flagged: Flags; returnLevel?: string[]; ruleset?: string }> | undefined)?.[file];
    // Rules about the whole return name no child: Keystone's finding has none (''), the peer lists the rule apart.
    const peerFlags = theirs ? samePeerNames({ ...theirs.flagged, ...Object.fromEntries((theirs.returnLevel ?? []).map((code) => [code, ['']])) }) : {};
    const rules = compare(ours.flagged, peerCin ? peerFlags : null, CIN_PEER_DIFFERENCES);
    return { file: path.basename(file), ruleset: ours.summary.ruleset, peerRuleset: theirs?.ruleset ?? null, summary: tally(rules), rules };
  });

  const result = {
    ssda903: {
      collectionYear: ours903.summary.collectionYear,
      ruleset: ours903.summary.ruleset,
      rulesSkipped: ours903.summary.rulesSkipped,
      summary: tally(rules903),
      rules: rules903,
    },
    ...(more903.length ? { ssda903Folders: more903 } : {}),
    cin,
  };
  console.log(JSON.stringify(result, null, 1));
  const line = (label: string, rules: RuleComparison[]) => {
    const { rulesFiring, agree, explained, unexplained } = tally(rules);
    if (rules.every((rule) => rule.verdict === 'keystone only')) return console.error(`${label}: ${rulesFiring} rules fire (no peer to compare with)`);
    console.error(
      `${label}: ${rulesFiring} rules fire; ${agree} agree child for child, ${explained} differ with a catalogue note, ${unexplained} differ unexplained${
        unexplained
          ? ` (${rules
              .filter((rule) => rule.verdict === 'unexplained')
              .map((rule) => rule.code)
              .join(', ')})`
          : ''
      }`,
    );
  };
  line('SSDA903', rules903);
  for (const folder of more903) line(`SSDA903 ${folder.folder}`, folder.rules);
  for (const file of cin) line(`CIN ${file.file}`, file.rules);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
