import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import type { Database } from '../db/database.ts';

/**
 * What keeps the audit trail honest from outside the database (threat model: README, "Audit trail").
 *
 * - The **key** (32 bytes) keys every event's hash (HMAC-SHA-256): someone who can write to the
 *   database but cannot read the key cannot recompute the chain after changing or removing an
 *   event. It comes from KEYSTONE_AUDIT_KEY (64 hex characters) or from the file `audit.key` in the
 *   audit folder (KEYSTONE_AUDIT_DIR, default `<data folder>/audit`), created on first start.
 * - The **checkpoint** (`checkpoint.json` in the same folder) records the head of the chain — the
 *   last event's id, hash and position — after every event, signed with the key. Deleting events
 *   from the end, or rewriting the chain (even with the key), no longer matches it.
 *
 * A database opened without a seal (tests, benchmarks) gets one in memory: a random key and a
 * checkpoint that lasts as long as the process.
 */
export interface Head {
  eventId: number;
  hash: string;
  /** The event's position in the chain: how many events the chain holds up to and including it. */
  position: number;
}

export interface Checkpoint extends Head {
  /** The first event hashed with the key; events before it were hashed with plain SHA-256. */
  keyedFrom: number;
  writtenAt: string;
}

export interface AuditSeal {
  key: Buffer;
  /** Where the checkpoint lives, or null when it lives in memory only. */
  checkpointPath: string | null;
  /** Where the key came from, for the IG officer's page. */
  keySource: 'environment' | 'file' | 'memory';
  /** The checkpoint as last read or written; undefined when there is none. */
  read(): Checkpoint | undefined | 'altered';
  /** Moves the checkpoint on to a newer head (an older one, written late by a slower writer, is ignored). */
  advance(head: Head, keyedFrom: number): void;
}

const KEY_HEX = /^[0-9a-f]{64}$/i;
const seals = new WeakMap<Database, AuditSeal>();

export function keyedHash(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text).digest('hex');
}

function signed(key: Buffer, checkpoint: Checkpoint): string {
  const body = {
    eventId: checkpoint.eventId,
    hash: checkpoint.hash,
    position: checkpoint.position,
    keyedFrom: checkpoint.keyedFrom,
    writtenAt: checkpoint.writtenAt,
  };
  return `${JSON.stringify({ ...body, mac: keyedHash(key, JSON.stringify(body)) }, null, 2)}\n`;
}

function verified(key: Buffer, text: string): Checkpoint | 'altered' {
  try {
    const parsed = JSON.parse(text) as Checkpoint & { mac: string };
    const body = { eventId: parsed.eventId, hash: parsed.hash, position: parsed.position, keyedFrom: parsed.keyedFrom, writtenAt: parsed.writtenAt };
    const expected = Buffer.from(keyedHash(key, JSON.stringify(body)), 'hex');
    const given = Buffer.from(String(parsed.mac), 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected) ? body : 'altered';
  } catch {
    return 'altered';
  }
}

/** The seal kept in files: the key and checkpoint in `folder` (or the key from the environment). */
export function fileSeal(folder: string, environmentKey?: string): AuditSeal {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const keyPath = path.join(folder, 'audit.key');
  const checkpointPath = path.join(folder, 'checkpoint.json');
  let key: Buffer;
  let keySource: AuditSeal['keySource'];
  if (environmentKey) {
    if (!KEY_HEX.test(environmentKey)) throw new Error('KEYSTONE_AUDIT_KEY must be 64 hexadecimal characters (32 bytes)');
    key = Buffer.from(environmentKey, 'hex');
    keySource = 'environment';
  } else {
    if (!existsSync(keyPath)) writeFileSync(keyPath, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    const text = readFileSync(keyPath, 'utf8').trim();
    if (!KEY_HEX.test(text)) throw new Error(`${keyPath} must hold the audit key as 64 hexadecimal characters`);
    key = Buffer.from(text, 'hex');
    keySource = 'file';
  }
  let latest: Checkpoint | undefined;
  return {
    key,
    checkpointPath,
    keySource,
    read() {
      if (!existsSync(checkpointPath)) return undefined;
      const found = verified(key, readFileSync(checkpointPath, 'utf8'));
      if (found !== 'altered' && (!latest || found.eventId >= latest.eventId)) latest = found;
      return found;
    },
    advance(head, keyedFrom) {
      if (latest && latest.eventId >= head.eventId) return;
      latest = { ...head, keyedFrom, writtenAt: new Date().toISOString() };
      const temporary = `${checkpointPath}.${process.pid}.${threadId}.tmp`;
      writeFileSync(temporary, signed(key, latest), { mode: 0o600 });
      renameSync(temporary, checkpointPath);
    },
  };
}

function memorySeal(key = randomBytes(32)): AuditSeal {
  let latest: Checkpoint | undefined;
  return {
    key,
    checkpointPath: null,
    keySource: 'memory',
    read: () => latest,
    advance(head, keyedFrom) {
      if (!latest || head.eventId > latest.eventId) latest = { ...head, keyedFrom, writtenAt: new Date().toISOString() };
    },
  };
}

/** What a worker thread needs to write into the same chain: the key (hex) and the checkpoint's folder (null: in memory). */
export interface SharedSeal {
  keyHex: string;
  folder: string | null;
}

export function shareSeal(seal: AuditSeal): SharedSeal {
  return { keyHex: seal.key.toString('hex'), folder: seal.checkpointPath === null ? null : path.dirname(seal.checkpointPath) };
}

/** In a worker thread: the seal shared by the thread that started it (same key, same checkpoint file). */
export function sealFromShared(shared: SharedSeal): AuditSeal {
  return shared.folder === null ? memorySeal(Buffer.from(shared.keyHex, 'hex')) : fileSeal(shared.folder, shared.keyHex);
}

/** Seals this database's audit trail with `seal` (call once, right after opening it). */
export function attachAuditSeal(database: Database, seal: AuditSeal): void {
  seals.set(database, seal);
}

export function auditSealOf(database: Database): AuditSeal {
  let seal = seals.get(database);
  if (!seal) {
    seal = memorySeal();
    seals.set(database, seal);
  }
  return seal;
}
