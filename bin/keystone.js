#!/usr/bin/env node
// The `keystone` command. Keystone needs Node.js 24; the project's own install provides it
// (the `node` package), so an older system Node hands over to that one. Written for any Node
// from 18: `node:module` is read as a namespace, since older ones lack enableCompileCache.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as nodeModule from 'node:module';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const major = Number(process.versions.node.split('.')[0]);

// A check without a database (`keystone validate`, `import --dry-run`) is one process over one return,
// so V8 is set for that (measured on the 903 fixture, issue 14: about 0.15 s less CPU and 30 MB less
// peak RSS): the young generation stays at its first size, as the rows read all survive and growing
// it to 16 MB only held garbage; no optimising on a background thread. Maglev stays on: most of the
// ~280 DfE rules are a closure run once per row, which Maglev compiles after a few hundred rows; with
// it off they ran interpreted (measured with callgrind on the 903 fixture: 3.1–3.3 billion instructions
// against 3.7–3.8 billion, for about 3 MB more peak RSS). Lowering its thresholds (to 100 calls) cost more than it saved.
const args = process.argv.slice(2);
const CHECK_FLAGS =
  args[0] === 'validate' || (args[0] === 'import' && args.includes('--dry-run')) ? ['--semi-space-growth-factor=1', '--no-concurrent-recompilation'] : [];

if (major >= 24) {
  // Enabled before the first TypeScript module loads, Node's compile cache keeps every module stripped
  // and compiled (NODE_COMPILE_CACHE, or a folder in the system's temporary folder): a cached run loads
  // no type stripper (about 30 MB and 0.08 s less a run).
  nodeModule.enableCompileCache();
  for (const flag of CHECK_FLAGS) setFlagsFromString(flag);
  const { run } = await import(main);
  try {
    process.exitCode = await run(args);
  } catch (error) {
    console.error(`keystone: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
} else {
  const node24 = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  if (!existsSync(node24)) {
    console.error(`Keystone needs Node.js 24 (this is ${process.version}). Run "npm install" in the project first.`);
    process.exit(1);
  }
  // The same compile cache as above, through its environment variable (Node's default folder).
  const env = { NODE_COMPILE_CACHE: path.join(tmpdir(), 'node-compile-cache'), ...process.env };
  const result = spawnSync(node24, [...CHECK_FLAGS, main, ...args], { stdio: 'inherit', env });
  process.exit(result.status ?? 1);
}
