import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../src/core/config.ts';
import type { Database } from '../../src/core/db/database.ts';
import { startSession, SESSION_COOKIE } from '../../src/core/auth/sessions.ts';
import { upsertUser, type NewUser } from '../../src/core/auth/users.ts';

export const TEST_PASSWORD = 'correct horse battery staple';

/** The configuration tests run with: pages wait for their figures, which no background job computes ahead. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({}), precomputeFigures: false, figureWaitMs: null, ...overrides };
}

/** Creates an account and a session for it; returns the cookie header and the CSRF token. */
export async function signedInAs(database: Database, user: Omit<NewUser, 'password' | 'displayName'> & { displayName?: string }) {
  const userId = await upsertUser(database, { displayName: user.username, password: TEST_PASSWORD, ...user });
  const token = await startSession(database, userId, { idleMinutes: 30, absoluteMinutes: 720 });
  const session = await database.db
    .selectFrom('ks_session')
    .select('csrf_token')
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  return { cookie: `${SESSION_COOKIE}=${token}`, csrfToken: session.csrf_token, userId };
}

/** The value of a hidden _csrf field in a page. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('page has no CSRF field');
  return match[1]!;
}

/** The value of a hidden _once field in a page: the token that makes a create form create once (src/core/http/once.ts). */
export function onceFrom(html: string): string {
  const match = /name="_once" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('page has no _once field');
  return match[1]!;
}

/** Cookies a response sets, as one Cookie header value. */
export function cookiesFrom(response: { cookies: { name: string; value: string }[] }): string {
  return response.cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
}

export type { FastifyInstance };

/** A signed-in user as signedInAs returns it: the Cookie header, and the CSRF token forms carry. */
export type Session = { cookie: string; csrfToken: string };

/** A form body as a browser sends it: urlencoded, a list repeating its field. */
export function formBody(fields: Record<string, string | readonly string[]>): string {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const one of typeof value === 'string' ? [value] : value) body.append(name, one);
  return body.toString();
}

/**
 * GET and form POST against the app `appOf` returns when a request is sent (so the app can be built in beforeAll):
 * `get(who, path)` as a signed-in user, or signed out (null); `post(who, path, form)` with the user's CSRF token.
 */
export function requestsTo(appOf: () => FastifyInstance) {
  return {
    get: (who: { cookie: string } | null, url: string) => appOf().inject({ method: 'GET', url, headers: who ? { cookie: who.cookie } : {} }),
    post: (who: Session, url: string, form: Record<string, string | readonly string[]> = {}) =>
      appOf().inject({
        method: 'POST',
        url,
        headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody({ _csrf: who.csrfToken, ...form }),
      }),
  };
}

/** A file in a test form upload: text or bytes, under the form field `field` (default "files"). */
export type FormFile = { name: string; field?: string; type?: string } & ({ text: string } | { bytes: Uint8Array });

/** A multipart/form-data body as a browser would send it, for `app.inject`. */
export async function multipartForm(fields: Record<string, string>, files: readonly FormFile[] = []): Promise<{ payload: Buffer; contentType: string }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of files) {
    const content = 'text' in file ? file.text : file.bytes;
    form.append(file.field ?? 'files', new Blob([content], file.type ? { type: file.type } : {}), file.name);
  }
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return { payload: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type')! };
}

/** A GOV.UK date input's fields in a form body, `<prefix>-day`, `-month` and `-year`, from YYYY-MM-DD ('' leaves them empty). */
export function dateFields(prefix: string, iso: string): Record<string, string> {
  const [year = '', month = '', day = ''] = iso ? iso.split('-') : [];
  return { [`${prefix}-day`]: day, [`${prefix}-month`]: month, [`${prefix}-year`]: year };
}
