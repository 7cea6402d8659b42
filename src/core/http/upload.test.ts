import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { freshDatabase } from '../../../test/support/engines.ts';
import { multipartForm, signedInAs, testConfig } from '../../../test/support/http.ts';
import { buildApp } from './app.ts';
import { CAPABILITIES } from '../../server/capabilities.ts';
import { acceptMultipart, multipartOf } from './upload.ts';

/** Every route that takes a file. A new upload route belongs here. */
const UPLOAD_ROUTES = ['/imports', '/improvement/actions/1/files', '/inspections/upload', '/workforce/establishment/import', '/admin/local-codes/upload'];
const BODY_BYTES = 95 * 1024 * 1024;

/**
 * Sends a 95 MB multipart body in 256 KB chunks, as fast as the server takes it, and stops at the
 * answer: how many bytes had been sent when it came, and how much the process's buffers had grown.
 */
function sendLargeUpload(port: number, path: string, cookie?: string): Promise<{ status: number; sentBytes: number; bufferGrowth: number }> {
  const buffersBefore = process.memoryUsage().arrayBuffers;
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const request = httpRequest({
      host: '127.0.0.1',
      port,
      path,
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=----keystone', 'content-length': BODY_BYTES, ...(cookie ? { cookie } : {}) },
    });
    request.on('response', (response) => {
      answered = true;
      response.resume();
      resolve({ status: response.statusCode!, sentBytes: sent, bufferGrowth: process.memoryUsage().arrayBuffers - buffersBefore });
      request.destroy();
    });
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    const chunk = Buffer.alloc(256 * 1024, 0x61);
    const pump = () => {
      while (!answered && sent < BODY_BYTES) {
        sent += chunk.length;
        if (!request.write(chunk)) {
          request.once('drain', pump);
          return;
        }
      }
      if (!answered) request.end();
    };
    pump();
  });
}

describe('uploads: who may send one is decided before the body is read', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  let port: number;
  let worker: Awaited<ReturnType<typeof signedInAs>>;

  beforeAll(async () => {
    database = await freshDatabase(undefined);
    app = await buildApp({ database, config: testConfig() }, CAPABILITIES);
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as AddressInfo).port;
    worker = await signedInAs(database, { username: 'sw.upload', roles: ['social_worker'] });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('lists every upload route the app has', () => {
    const registered = app.routeAccessTable.filter((route) => route.method === 'POST').map((route) => route.url.replace(/:[a-zA-Z]+/g, '1'));
    for (const route of UPLOAD_ROUTES) expect(registered).toContain(route);
  });

  it.each(UPLOAD_ROUTES)('answers 401 to a stranger sending 95 MB to %s while the body is still arriving', async (path) => {
    const answer = await sendLargeUpload(port, path);
    expect(answer.status).toBe(401);
    // The answer came long before the body was all sent, and the server kept none of it.
    expect(answer.sentBytes).toBeLessThan(BODY_BYTES / 2);
    expect(answer.bufferGrowth).toBeLessThan(BODY_BYTES / 4);
  });

  it.each(UPLOAD_ROUTES)('answers 403 to a signed-in user without the permission for %s before reading the body', async (path) => {
    const answer = await sendLargeUpload(port, path, worker.cookie);
    expect(answer.status).toBe(403);
    expect(answer.sentBytes).toBeLessThan(BODY_BYTES / 2);
  });
});

describe('multipart bodies are streamed to disk within the limit', () => {
  let app: FastifyInstance;
  const seen: { paths: string[] } = { paths: [] };
  beforeAll(async () => {
    const Fastify = (await import('fastify')).default;
    app = Fastify();
    await app.register(async (scope) => {
      acceptMultipart(scope, { maxBytes: 64 * 1024, maxFiles: 2 });
      scope.post('/upload', async (request) => {
        const body = multipartOf(request);
        seen.paths = body.files.map((file) => file.path);
        return {
          fields: body.fields,
          csrf: body._csrf,
          problem: body.problem,
          files: body.files.map((file) => ({ field: file.field, name: file.name, size: file.size, onDisk: existsSync(file.path) })),
        };
      });
    });
  });
  afterAll(() => app.close());

  it('gives each file as a path on disk with its size, fields as text, and deletes the files after the answer', async () => {
    const form = await multipartForm({ _csrf: 't0ken', note: 'hello' }, [
      { name: 'C:\\Users\\me\\a.csv', text: 'x,y\n1,2\n' },
      { name: 'empty.txt', text: '' },
    ]);
    const response = await app.inject({ method: 'POST', url: '/upload', payload: form.payload, headers: { 'content-type': form.contentType } });
    expect(response.json()).toEqual({ fields: { note: 'hello' }, csrf: 't0ken', files: [{ field: 'files', name: 'a.csv', size: 8, onDisk: true }] });
    expect(seen.paths).toHaveLength(1);
    expect(existsSync(seen.paths[0]!)).toBe(false);
  });

  it('says a chosen file is empty, rather than that no file was chosen, when every file sent is empty', async () => {
    const form = await multipartForm({}, [{ name: 'posts.csv', text: '' }]);
    const answer = (await app.inject({ method: 'POST', url: '/upload', payload: form.payload, headers: { 'content-type': form.contentType } })).json();
    expect(answer).toMatchObject({ files: [], problem: 'posts.csv is empty: choose a file that holds data.' });
  });

  it('refuses a body over the limit with 413 and one with too many files with a problem', async () => {
    const big = await multipartForm({}, [{ name: 'big.csv', text: 'x'.repeat(70 * 1024) }]);
    expect((await app.inject({ method: 'POST', url: '/upload', payload: big.payload, headers: { 'content-type': big.contentType } })).statusCode).toBe(413);
    const many = await multipartForm(
      {},
      [1, 2, 3].map((n) => ({ name: `${n}.csv`, text: 'a' })),
    );
    const answer = (await app.inject({ method: 'POST', url: '/upload', payload: many.payload, headers: { 'content-type': many.contentType } })).json();
    expect(answer.problem).toBe('Upload at most 2 files at once.');
    const broken = await app.inject({
      method: 'POST',
      url: '/upload',
      payload: 'not multipart at all',
      headers: { 'content-type': 'multipart/form-data; boundary=zz' },
    });
    expect(broken.json().problem).toMatch(/could not be read/);
  });
});
