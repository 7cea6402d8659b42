import type { FastifyInstance } from 'fastify';
import { schemaVersion } from '../db/migrate.ts';
import type { AppDeps } from './app.ts';

export function coreRoutes(app: FastifyInstance, { database }: AppDeps) {
  app.get('/healthz', { config: { access: { public: true } } }, async (_request, reply) => {
    const version = await schemaVersion(database);
    return reply.header('cache-control', 'no-store').send({ status: 'ok', schema_version: version, database: database.kind });
  });

  app.get('/', { config: { access: { permission: 'session.use' } } }, (_request, reply) =>
    reply.render('core/views/home.njk', { title: 'Home' }),
  );
}
