import path from 'node:path';

/** Everything Keystone reads from its environment, read in one place. */
export interface Config {
  /** Folder for the embedded database (PGlite) when no PostgreSQL URL is given. */
  dataDir: string;
  /** PostgreSQL connection string; when set, Keystone uses it instead of PGlite. */
  databaseUrl: string | undefined;
  host: string;
  port: number;
  /** Whether session cookies carry the Secure flag (true unless explicitly turned off for plain-http hosting). */
  secureCookies: boolean;
  /** Caseload above this many children counts as "over the threshold" (DfE/Ofsted commonly use 20). */
  caseloadThreshold: number;
  /** Demo county used by `npm start` on an empty database. */
  demo: { children: number; seed: number };
  /** Idle session timeout and absolute lifetime, minutes. */
  sessionIdleMinutes: number;
  sessionAbsoluteMinutes: number;
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    dataDir: path.resolve(env.KEYSTONE_DATA_DIR || 'data'),
    databaseUrl: env.KEYSTONE_DATABASE_URL || undefined,
    host: env.KEYSTONE_HOST || 'localhost',
    port: intFrom(env, 'PORT', 3000),
    secureCookies: env.KEYSTONE_INSECURE_COOKIES !== '1',
    caseloadThreshold: intFrom(env, 'KEYSTONE_CASELOAD_THRESHOLD', 20),
    demo: { children: intFrom(env, 'KEYSTONE_DEMO_CHILDREN', 10_000), seed: intFrom(env, 'KEYSTONE_DEMO_SEED', 42) },
    sessionIdleMinutes: intFrom(env, 'KEYSTONE_SESSION_IDLE_MINUTES', 30),
    sessionAbsoluteMinutes: intFrom(env, 'KEYSTONE_SESSION_ABSOLUTE_MINUTES', 12 * 60),
  };
}
