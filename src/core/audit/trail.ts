import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';

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

interface HashedFields {
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

export function eventHash(prevHash: string, fields: HashedFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonical(fields)).digest('hex');
}

/**
 * Appends one event to the chain. The advisory lock makes concurrent writers queue, so each
 * event's prev_hash is the hash of the event before it.
 */
export async function recordAudit(database: Database, actor: Actor, entry: AuditEntry): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(727002)`.execute(trx);
    const last = await sql<{ hash: string }>`SELECT hash FROM ks_audit_event ORDER BY event_id DESC LIMIT 1`.execute(trx);
    const prevHash = last.rows[0]?.hash ?? GENESIS_HASH;
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
    await sql`
      INSERT INTO ks_audit_event (occurred_at, user_id, username, action, subject_type, subject_id, child_ids, details, ip, request_id, prev_hash, hash)
      VALUES (${fields.occurredAt}::timestamptz, ${fields.userId}, ${fields.username}, ${fields.action}, ${fields.subjectType}, ${fields.subjectId},
              ${sql.val([...fields.childIds])}::text[], ${JSON.stringify(fields.details)}::jsonb, ${fields.ip}, ${fields.requestId},
              ${prevHash}, ${eventHash(prevHash, fields)})`.execute(trx);
  });
}

export interface ChainCheck {
  events: number;
  intact: boolean;
  /** The first event whose hash or link does not match, when the chain is broken. */
  firstBrokenEventId?: number;
}

/** Recomputes the whole chain: any edit, insertion or deletion inside it shows as a broken link. */
export async function verifyAuditChain(database: Database): Promise<ChainCheck> {
  const rows = await sql<{
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
  }>`
    SELECT event_id, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at,
           user_id, username, action, subject_type, subject_id, child_ids, details, ip, request_id, prev_hash, hash
    FROM ks_audit_event ORDER BY event_id`.execute(database.db);
  let expectedPrev = GENESIS_HASH;
  for (const row of rows.rows) {
    const fields: HashedFields = {
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
    if (row.prev_hash !== expectedPrev || eventHash(row.prev_hash, fields) !== row.hash) {
      return { events: rows.rows.length, intact: false, firstBrokenEventId: Number(row.event_id) };
    }
    expectedPrev = row.hash;
  }
  return { events: rows.rows.length, intact: true };
}
