/**
 * Vitest's global setup: one embedded PostgreSQL for the whole test run, in a temporary folder, with
 * the schema migrated once into a template database. Each test file's `freshDatabase()` clones the
 * template (engines.ts), which takes a fraction of a second. The folder goes when the run ends; if
 * the run is killed, the supervisor stops PostgreSQL as its link to this process closes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { attachEmbedded, type EmbeddedServer } from '../../src/core/db/embedded/client.ts';
import { embeddedUrl } from '../../src/core/db/embedded/paths.ts';
import { openDatabase } from '../../src/core/db/database.ts';
import { migrate } from '../../src/core/db/migrate.ts';

const TEMPLATE_DATABASE = 'keystone_template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Unix socket folder of the test run's embedded PostgreSQL. */
    embeddedSocketDir: string;
  }
}

let server: EmbeddedServer | undefined;
let folder: string | undefined;

export async function setup(project: TestProject) {
  folder = mkdtempSync(path.join(tmpdir(), 'keystone-test-pg-'));
  server = await attachEmbedded(folder, { fast: true });
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE}`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const template = await openDatabase({ databaseUrl: embeddedUrl(server.hello.socketDir, TEMPLATE_DATABASE), connections: 1 });
  try {
    await migrate(template);
  } finally {
    await template.close();
  }
  project.provide('embeddedSocketDir', server.hello.socketDir);
}

export async function teardown() {
  const postmaster = server?.hello.postmasterPid;
  server?.close();
  // Wait for PostgreSQL to stop before its folder goes.
  for (let waited = 0; postmaster && waited < 30_000 && running(postmaster); waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
  if (folder) rmSync(folder, { recursive: true, force: true });
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
