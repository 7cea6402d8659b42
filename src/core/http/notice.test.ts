/** A notice the server gives (the demo county still loading) shows on every page, signed in or not, and goes when withdrawn. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { freshDatabase } from '../../../test/support/engines.ts';
import { testConfig } from '../../../test/support/http.ts';
import { buildApp } from './app.ts';
import { authRoutes } from '../auth/routes.ts';

describe('the service notice', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  let notice: string | undefined = 'Keystone is loading its demo county.';
  beforeAll(async () => {
    database = await freshDatabase(undefined);
    app = await buildApp({ database, config: testConfig(), notice: () => notice }, [authRoutes]);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('shows while given, then goes', async () => {
    expect((await app.inject({ url: '/sign-in' })).body).toContain(
      '<div class="govuk-inset-text" id="service-notice">Keystone is loading its demo county.</div>',
    );
    notice = undefined;
    expect((await app.inject({ url: '/sign-in' })).body).not.toContain('service-notice');
  });
});
