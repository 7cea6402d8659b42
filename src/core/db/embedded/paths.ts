import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Where the embedded PostgreSQL of a data folder keeps what: everything is found through the data
 * folder (KEYSTONE_DATA_DIR), so the server and every `keystone` command reach the same database.
 * - `postgres/`: the cluster (PGDATA), with PostgreSQL's own lock, `postmaster.pid`;
 * - `postgres.log`: what PostgreSQL and its supervisor said;
 * - `supervisor.pid`: the process that owns the running PostgreSQL;
 * - the supervisor's socket (`keystone.sock`), which every Keystone process using the database holds
 *   open, and PostgreSQL's own socket (in `postgres/`). A Unix socket's path is limited to about
 *   100 bytes: for a deeper folder both go into a folder of their own under the system's temporary
 *   folder, named after the data folder.
 */
export interface EmbeddedPaths {
  dataDir: string;
  cluster: string;
  log: string;
  supervisorPid: string;
  supervisorSocket: string;
  /** Folder of PostgreSQL's socket (`.s.PGSQL.5432`). */
  socketDir: string;
  /** Set when the sockets live in a temporary folder rather than in the data folder. */
  shortSocketDir: string | null;
}

/** The port only names PostgreSQL's socket file: the embedded server listens on no TCP port. */
export const EMBEDDED_PORT = 5432;
export const EMBEDDED_DATABASE = 'keystone';
export const EMBEDDED_USER = 'postgres';
const SOCKET_PATH_LIMIT = 100;

export function embeddedPaths(dataDir: string): EmbeddedPaths {
  const root = path.resolve(dataDir);
  const cluster = path.join(root, 'postgres');
  const inPlace = Math.max(path.join(root, 'keystone.sock').length, path.join(cluster, `.s.PGSQL.${EMBEDDED_PORT}.lock`).length) <= SOCKET_PATH_LIMIT;
  const shortSocketDir = inPlace ? null : path.join(tmpdir(), `keystone-${createHash('sha256').update(root).digest('hex').slice(0, 16)}`);
  return {
    dataDir: root,
    cluster,
    log: path.join(root, 'postgres.log'),
    supervisorPid: path.join(root, 'supervisor.pid'),
    supervisorSocket: path.join(shortSocketDir ?? root, 'keystone.sock'),
    socketDir: shortSocketDir ?? cluster,
    shortSocketDir,
  };
}

/** A connection string for the embedded server's database over its Unix socket. */
export function embeddedUrl(socketDir: string, database: string = EMBEDDED_DATABASE): string {
  return `postgresql://${EMBEDDED_USER}@${encodeURIComponent(socketDir)}:${EMBEDDED_PORT}/${database}`;
}
