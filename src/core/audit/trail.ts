import { createHash, createHmac } from 'node:crypto';
import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import type { Schema } from '../db/schema.ts';
import { attachAuditSeal, auditSealOf, keyedHash, type AuditSeal } from './seal.ts';

/**
 * What an audit event records. Every read of a child's record or of a list of children, every
 * export, every change, every sign-in and failure and every permission change writes one.
 */
export type AuditAction =
  | 'sign_in'
  | 'sign_in_failed'
  | 'sign_out'
  | 'child.view'
  | 'child.list'
  | 'export'
  | 'import'
  | 'data.change'
  | 'permission.change'
  | 'break_glass'
  | 'restriction.change'
  | 'audit.search';

export interface AuditEntry {
  action: AuditAction;
  subjectType?: string;
  subjectId?: string;
  /** Every child whose record the event showed or changed. */
  childIds?: readonly string[];
  /**
   * Instead of `childIds`, when they may be too many to hold in memory (an import of a million
   * children): a query giving them (a text column `child`), run in the event's transaction. They are
   * stored in order, and hashed a page at a time.
   */
  childIdsFrom?: RawBuilder<{ child: string }>;
  details?: Record<string, unknown>;
}

export interface Actor {
  userId: number | null;
  username: string | null;
  ip: string | null;
  requestId: string | null;
}

export const GENESIS_HASH = '0'.repeat(64);

export function actorFrom(request: FastifyRequest): Actor {
  return {
    userId: request.user?.userId ?? null,
    username: request.user?.username ?? null,
    ip: request.ip ?? null,
    requestId: request.id,
  };
}

/** JSON with object keys sorted, so the stored jsonb reproduces the same text when verified. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export interface HashedFields {
  occurredAt: string;
  userId: number | null;
  username: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  childIds: readonly string[];
  details: Record<string, unknown>;
  ip: string | null;
  requestId: string | null;
}

/** The hash of an event hashed before the audit key existed (plain SHA-256, no prefix). */
export function legacyEventHash(prevHash: string, fields: HashedFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonical(fields)).digest('hex');
}

const KEYED = 'k1:';

/** An event's hash: HMAC-SHA-256 under the audit key over the previous hash, its fields and its position. */
export function eventHash(key: Buffer, prevHash: string, fields: HashedFields, position: number): string {
  return `${KEYED}${keyedHash(key, `${prevHash}\n${canonical({ ...fields, position })}`)}`;
}

/** Child IDs read back at once when an event's are hashed a page at a time. */
const CHILD_PAGE = 10_000;

/**
 * eventHash for an event whose child IDs wait in `ks_audit_children` (`fields.childIds` empty): the
 * same text hashed in pieces, the IDs in the order they are stored (`ORDER BY child`), a page at a time.
 */
async function pagedEventHash(trx: Transaction<Schema>, key: Buffer, prevHash: string, fields: HashedFields, position: number): Promise<string> {
  const text = canonical({ ...fields, childIds: [], position });
  // "action" is the only key before "childIds", and its value is one of AuditAction's names.
  const at = text.indexOf('"childIds":[]') + '"childIds":['.length;
  const hmac = createHmac('sha256', key).update(`${prevHash}\n${text.slice(0, at)}`);
  let after: string | null = null;
  for (;;) {
    const page: { rows: Array<{ child: string }> } = await sql<{ child: string }>`
      SELECT child FROM ks_audit_children WHERE ${after === null ? sql`true` : sql`child > ${after}`} ORDER BY child LIMIT ${CHILD_PAGE}`.execute(trx);
    if (!page.rows.length) break;
    hmac.update(`${after === null ? '' : ','}${page.rows.map((row) => JSON.stringify(row.child)).join(',')}`);
    after = page.rows[page.rows.length - 1]!.child;
  }
  return `${KEYED}${hmac.update(text.slice(at)).digest('hex')}`;
}

/**
 * The checkpoint for a trail that has none: where the keyed chain starts. Written only while no
 * event has been hashed with a key, so a checkpoint deleted later is reported, never quietly replaced.
 */
async function startCheckpoint(executor: Database['db'] | Transaction<Schema>, seal: AuditSeal): Promise<void> {
  const keyed = await sql<{ n: number }>`SELECT count(*)::int AS n FROM (SELECT 1 FROM ks_audit_event WHERE hash LIKE ${`${KEYED}%`} LIMIT 1) k`.execute(
    executor,
  );
  if (keyed.rows[0]!.n > 0) return;
  const last = await sql<{ event_id: number; hash: string; events: number }>`
    SELECT max(event_id)::bigint AS event_id, (array_agg(hash ORDER BY event_id DESC))[1] AS hash, count(*)::int AS events FROM ks_audit_event`.execute(
    executor,
  );
  const row = last.rows[0]!;
  const eventId = row.event_id === null ? 0 : Number(row.event_id);
  seal.advance({ eventId, hash: row.hash ?? GENESIS_HASH, position: row.events }, eventId + 1);
}

/** Opens the audit seal for a database at start: the first start of a trail writes its first checkpoint. */
export async function openAuditSeal(database: Database, seal: AuditSeal): Promise<void> {
  attachAuditSeal(database, seal);
  if (seal.read() === undefined) await startCheckpoint(database.db, seal);
}

/**
 * Appends one event to the chain. The advisory lock makes concurrent writers queue, so each
 * event's prev_hash is the hash of the event before it; the checkpoint then moves to it.
 */
export async function recordAudit(database: Database, actor: Actor, entry: AuditEntry): Promise<void> {
  const seal = auditSealOf(database);
  const head = await database.db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(727002)`.execute(trx);
    let checkpoint = seal.read();
    if (checkpoint === undefined) {
      await startCheckpoint(trx, seal);
      checkpoint = seal.read();
    }
    const last = await sql<{ event_id: number; hash: string; position: number | null }>`
      SELECT event_id, hash, position FROM ks_audit_event ORDER BY event_id DESC LIMIT 1`.execute(trx);
    const prev = last.rows[0];
    const prevHash = prev?.hash ?? GENESIS_HASH;
    const position =
      (prev === undefined
        ? 0
        : prev.position !== null
          ? Number(prev.position)
          : (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ks_audit_event`.execute(trx)).rows[0]!.n) + 1;
    const fields: HashedFields = {
      occurredAt: new Date().toISOString(),
      userId: actor.userId,
      username: actor.username,
      action: entry.action,
      subjectType: entry.subjectType ?? null,
      subjectId: entry.subjectId ?? null,
      childIds: [...(entry.childIds ?? [])],
      details: entry.details ?? {},
      ip: actor.ip,
      requestId: actor.requestId,
    };
    let hash: string;
    let childIds: RawBuilder<unknown>;
    if (entry.childIdsFrom) {
      await sql`DROP TABLE IF EXISTS ks_audit_children`.execute(trx);
      await sql`
        CREATE TEMP TABLE ks_audit_children ON COMMIT DROP AS
        SELECT DISTINCT c.child COLLATE "C" AS child FROM (${entry.childIdsFrom}) c WHERE c.child IS NOT NULL`.execute(trx);
      // Each page is then read from the index, not sorted again.
      await sql`ALTER TABLE ks_audit_children ADD PRIMARY KEY (child)`.execute(trx);
      hash = await pagedEventHash(trx, seal.key, prevHash, fields, position);
      childIds = sql`(SELECT coalesce(array_agg(child ORDER BY child), '{}') FROM ks_audit_children)`;
    } else {
      hash = eventHash(seal.key, prevHash, fields, position);
      childIds = sql`${sql.val([...fields.childIds])}::text[]`;
    }
    const inserted = await sql<{ event_id: number }>`
      INSERT INTO ks_audit_event (occurred_at, user_id, username, action, subject_type, subject_id, child_ids, details, ip, request_id, prev_hash, hash, position)
      VALUES (${fields.occurredAt}::timestamptz, ${fields.userId}, ${fields.username}, ${fields.action}, ${fields.subjectType}, ${fields.subjectId},
              ${childIds}, ${JSON.stringify(fields.details)}::jsonb, ${fields.ip}, ${fields.requestId},
              ${prevHash}, ${hash}, ${position})
      RETURNING event_id`.execute(trx);
    // A checkpoint that is missing or altered while keyed events exist is evidence: left for the check to report.
    return checkpoint === undefined || checkpoint === 'altered'
      ? undefined
      : { head: { eventId: Number(inserted.rows[0]!.event_id), hash, position }, keyedFrom: checkpoint.keyedFrom };
  });
  if (head) seal.advance(head.head, head.keyedFrom);
}

export interface ChainCheck {
  events: number;
  intact: boolean;
  /** The first event whose hash or link does not match, when the chain is broken. */
  firstBrokenEventId?: number;
  /** What the checkpoint kept outside the database says, in words, when it does not match. */
  checkpointProblem?: string;
  /** The head the checkpoint records: the event the chain must still reach, and how many events lead to it. */
  checkpoint?: { eventId: number; position: number; writtenAt: string };
  /** Where the key and checkpoint live. */
  sealedBy: { keySource: AuditSeal['keySource']; checkpointPath: string | null };
}

export interface StoredEvent {
  event_id: number;
  occurred_at: string;
  user_id: number | null;
  username: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  child_ids: string[];
  details: Record<string, unknown> | string;
  ip: string | null;
  request_id: string | null;
  prev_hash: string;
  hash: string;
  position: number | null;
}

/** The stored events in chain order, with the fields their hashes cover. */
export async function storedEvents(database: Database): Promise<StoredEvent[]> {
  const rows = await sql<StoredEvent>`
    SELECT event_id, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at,
           user_id, username, action, subject_type, subject_id, child_ids, details, ip, request_id, prev_hash, hash, position
    FROM ks_audit_event ORDER BY event_id`.execute(database.db);
  return rows.rows.map((row) => ({ ...row, event_id: Number(row.event_id), position: row.position === null ? null : Number(row.position) }));
}

export function hashedFieldsOf(row: StoredEvent): HashedFields {
  return {
    occurredAt: row.occurred_at,
    userId: row.user_id === null ? null : Number(row.user_id),
    username: row.username,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    childIds: row.child_ids,
    details: typeof row.details === 'string' ? (JSON.parse(row.details) as Record<string, unknown>) : row.details,
    ip: row.ip,
    requestId: row.request_id,
  };
}

/**
 * Recomputes the whole chain and compares its head with the checkpoint kept outside the database.
 * An edit, insertion or deletion inside the chain breaks a link or a keyed hash; deleting events
 * from its end, or rewriting it from some event on, no longer reaches the checkpoint's head.
 */
export async function verifyAuditChain(database: Database): Promise<ChainCheck> {
  const seal = auditSealOf(database);
  const rows = await storedEvents(database);
  const sealedBy = { keySource: seal.keySource, checkpointPath: seal.checkpointPath };
  const checkpoint = seal.read();
  if (checkpoint === undefined || checkpoint === 'altered') {
    const keyed = rows.some((row) => row.hash.startsWith(KEYED));
    if (keyed || checkpoint === 'altered') {
      return {
        events: rows.length,
        intact: false,
        sealedBy,
        checkpointProblem:
          checkpoint === 'altered'
            ? 'The checkpoint kept outside the database does not carry a valid signature: it was changed, or the audit key was replaced.'
            : 'The checkpoint kept outside the database is missing, so removals from the end of the trail cannot be ruled out.',
      };
    }
  }
  const keyedFrom = checkpoint ? checkpoint.keyedFrom : Number.MAX_SAFE_INTEGER;
  let expectedPrev = GENESIS_HASH;
  let reachedHead = false;
  for (const [index, row] of rows.entries()) {
    const fields = hashedFieldsOf(row);
    const expected = row.event_id < keyedFrom ? legacyEventHash(row.prev_hash, fields) : eventHash(seal.key, row.prev_hash, fields, index + 1);
    if (row.prev_hash !== expectedPrev || expected !== row.hash || (row.event_id >= keyedFrom && row.position !== index + 1)) {
      return { events: rows.length, intact: false, firstBrokenEventId: row.event_id, sealedBy };
    }
    if (checkpoint && row.event_id === checkpoint.eventId) {
      if (row.hash !== checkpoint.hash || index + 1 !== checkpoint.position) break;
      reachedHead = true;
    }
    expectedPrev = row.hash;
  }
  if (checkpoint) {
    const head = { eventId: checkpoint.eventId, position: checkpoint.position, writtenAt: checkpoint.writtenAt };
    if (!reachedHead && checkpoint.position > 0) {
      const held = rows.filter((row) => row.event_id <= checkpoint.eventId).length;
      return {
        events: rows.length,
        intact: false,
        sealedBy,
        checkpoint: head,
        checkpointProblem: `The checkpoint records ${checkpoint.position.toLocaleString('en-GB')} events up to event ${checkpoint.eventId}; the database holds ${held.toLocaleString('en-GB')} up to it${held === checkpoint.position ? ', rewritten' : ''}: events were removed or the chain was recomputed.`,
      };
    }
    return { events: rows.length, intact: true, sealedBy, checkpoint: head };
  }
  return { events: rows.length, intact: true, sealedBy };
}
