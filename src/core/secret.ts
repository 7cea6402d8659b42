import { randomBytes } from 'node:crypto';
import type { Database } from './db/database.ts';

const cache = new WeakMap<Database, Promise<Buffer>>();

/**
 * The server's 32-byte secret key (for opaque child references): KEYSTONE_SECRET_KEY (64 hex
 * characters) when set, otherwise one generated at first use and kept in ks_setting so it survives
 * restarts and is shared by every instance on the same database.
 */
export function serverSecret(database: Database): Promise<Buffer> {
  let secret = cache.get(database);
  if (!secret) {
    secret = loadSecret(database);
    cache.set(database, secret);
  }
  return secret;
}

async function loadSecret(database: Database): Promise<Buffer> {
  const fromEnv = process.env.KEYSTONE_SECRET_KEY;
  if (fromEnv) {
    if (!/^[0-9a-f]{64}$/i.test(fromEnv)) throw new Error('KEYSTONE_SECRET_KEY must be 64 hexadecimal characters (32 bytes)');
    return Buffer.from(fromEnv, 'hex');
  }
  await database.db
    .insertInto('ks_setting')
    .values({ setting_key: 'server_secret', setting_value: randomBytes(32).toString('hex') })
    .onConflict((conflict) => conflict.column('setting_key').doNothing())
    .execute();
  const row = await database.db.selectFrom('ks_setting').select('setting_value').where('setting_key', '=', 'server_secret').executeTakeFirstOrThrow();
  return Buffer.from(row.setting_value, 'hex');
}
