import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Database } from '../db/database.ts';
import type { IsoDate } from '../dates.ts';
import { serverSecret } from '../secret.ts';

/**
 * Opaque references to a child, so no child identifier ever appears in a URL or a log line.
 * A reference is the child's ID, the date of the list it came from, the user it was made for and
 * an expiry, sealed with AES-256-GCM under the server's secret: it cannot be read, forged or used
 * by another user.
 */
export interface ChildRef {
  personId: string;
  asOf: IsoDate;
}

const LIFETIME_MS = 12 * 60 * 60 * 1000;

export async function sealChildRef(database: Database, userId: number, ref: ChildRef): Promise<string> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await serverSecret(database), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify({ p: ref.personId, d: ref.asOf, u: userId, e: Date.now() + LIFETIME_MS })), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The child a reference names, or undefined when it is malformed, forged, expired or not this user's. */
export async function openChildRef(database: Database, userId: number, token: unknown): Promise<ChildRef | undefined> {
  if (typeof token !== 'string' || token.length < 40 || token.length > 400) return undefined;
  try {
    const raw = Buffer.from(token, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', await serverSecret(database), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const payload = JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as {
      p: string;
      d: string;
      u: number;
      e: number;
    };
    if (payload.u !== userId || payload.e < Date.now()) return undefined;
    return { personId: payload.p, asOf: payload.d };
  } catch {
    return undefined;
  }
}
