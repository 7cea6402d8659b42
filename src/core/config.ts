import { logFormatFrom, type LogFormat } from './log-format.ts';
import path from 'node:path';

/** Everything Keystone reads from its environment, read in one place. */
export interface Config {
  /** Data folder of the embedded PostgreSQL (used when no PostgreSQL URL is given). */
  dataDir: string;
  /** External PostgreSQL connection string; when set, Keystone uses it instead of the embedded one. */
  databaseUrl: string | undefined;
  host: string;
  port: number;
  /** Whether session cookies carry the Secure flag (true unless explicitly turned off for plain-http hosting). */
  secureCookies: boolean;
  /** Caseload above this many children counts as "over the threshold" (DfE/Ofsted commonly use 20). */
  caseloadThreshold: number;
  /** Demo county used by `npm start` on an empty database. */
  demo: { children: number; seed: number };
  /** OpenID Connect single sign-on (e.g. Microsoft Entra ID); absent means local accounts only. */
  oidc: OidcConfig | undefined;
  /** Compute every scope's indicator figures in the background after each data change (src/indicators/precompute.ts). */
  precomputeFigures: boolean;
  /**
   * How long a dashboard page waits for figures still being computed before it answers "being
   * calculated" and refreshes itself; null waits for them (tests that check figures).
   */
  figureWaitMs: number | null;
  /** The audit trail's key and checkpoint, kept outside the database (src/core/audit/seal.ts). */
  audit: { folder: string; key: string | undefined };
  /**
   * Which proxies are trusted to say who the client is (X-Forwarded-For), as Fastify's trustProxy:
   * false (none, the default), a number of hops, or addresses / CIDR ranges.
   */
  trustProxy: boolean | number | string;
  /** Request log: readable lines on a terminal, JSON otherwise or when KEYSTONE_LOG_FORMAT=json. */
  logFormat: LogFormat;
  /** Idle session timeout and absolute lifetime, minutes. */
  sessionIdleMinutes: number;
  sessionAbsoluteMinutes: number;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Keystone's own address as the provider knows it, e.g. https://keystone.council.gov.uk */
  publicUrl: string;
  /** Name of the claim holding the user's groups (Entra ID: "groups"). */
  groupsClaim: string;
  /** Group id or name → Keystone roles. A user in no mapped group is refused. */
  roleMap: Record<string, string[]>;
  /** Text on the sign-in button, e.g. "Sign in with your council account". */
  buttonText: string;
}

function oidcFrom(env: NodeJS.ProcessEnv): OidcConfig | undefined {
  if (!env.KEYSTONE_OIDC_ISSUER) return undefined;
  const required = ['KEYSTONE_OIDC_CLIENT_ID', 'KEYSTONE_OIDC_CLIENT_SECRET', 'KEYSTONE_PUBLIC_URL', 'KEYSTONE_OIDC_ROLE_MAP'];
  const missing = required.filter((name) => !env[name]);
  if (missing.length) throw new Error(`KEYSTONE_OIDC_ISSUER is set, so ${missing.join(', ')} must be set too`);
  let roleMap: Record<string, string[]>;
  try {
    const parsed = JSON.parse(env.KEYSTONE_OIDC_ROLE_MAP!) as Record<string, string | string[]>;
    roleMap = Object.fromEntries(Object.entries(parsed).map(([group, roles]) => [group, [roles].flat()]));
  } catch {
    throw new Error('KEYSTONE_OIDC_ROLE_MAP must be JSON like {"<group id>": ["team_manager"]}');
  }
  return {
    issuer: env.KEYSTONE_OIDC_ISSUER,
    clientId: env.KEYSTONE_OIDC_CLIENT_ID!,
    clientSecret: env.KEYSTONE_OIDC_CLIENT_SECRET!,
    publicUrl: env.KEYSTONE_PUBLIC_URL!.replace(/\/$/, ''),
    groupsClaim: env.KEYSTONE_OIDC_GROUPS_CLAIM || 'groups',
    roleMap,
    buttonText: env.KEYSTONE_OIDC_BUTTON_TEXT || 'Sign in with your council account',
  };
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return value;
}

function trustProxyFrom(raw: string | undefined): Config['trustProxy'] {
  const value = (raw ?? '').trim();
  if (value === '' || value === 'false' || value === '0') return false;
  if (value === 'true')
    throw new Error(
      "KEYSTONE_TRUST_PROXY=true would believe any client about its own address: give the proxy's address (e.g. 10.0.0.5 or 10.0.0.0/24) or the number of proxies in front of Keystone (e.g. 1)",
    );
  if (/^\d+$/.test(value)) return Number(value);
  if (!/^[0-9a-fA-F.:/,\s]+$/.test(value))
    throw new Error(`KEYSTONE_TRUST_PROXY must be addresses or CIDR ranges separated by commas, or a number of proxies, got "${value}"`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.KEYSTONE_DATA_DIR || 'data');
  return {
    dataDir,
    audit: { folder: path.resolve(env.KEYSTONE_AUDIT_DIR || path.join(dataDir, 'audit')), key: env.KEYSTONE_AUDIT_KEY || undefined },
    trustProxy: trustProxyFrom(env.KEYSTONE_TRUST_PROXY),
    databaseUrl: env.KEYSTONE_DATABASE_URL || undefined,
    host: env.KEYSTONE_HOST || 'localhost',
    port: intFrom(env, 'PORT', 3000),
    secureCookies: env.KEYSTONE_INSECURE_COOKIES !== '1',
    caseloadThreshold: intFrom(env, 'KEYSTONE_CASELOAD_THRESHOLD', 20),
    demo: { children: intFrom(env, 'KEYSTONE_DEMO_CHILDREN', 10_000), seed: intFrom(env, 'KEYSTONE_DEMO_SEED', 42) },
    oidc: oidcFrom(env),
    precomputeFigures: env.KEYSTONE_PRECOMPUTE !== '0',
    figureWaitMs: intFrom(env, 'KEYSTONE_FIGURE_WAIT_MS', 300),
    logFormat: logFormatFrom(env.KEYSTONE_LOG_FORMAT, process.stdout.isTTY === true),
    sessionIdleMinutes: intFrom(env, 'KEYSTONE_SESSION_IDLE_MINUTES', 30),
    sessionAbsoluteMinutes: intFrom(env, 'KEYSTONE_SESSION_ABSOLUTE_MINUTES', 12 * 60),
  };
}
