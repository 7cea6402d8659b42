import type { FastifyInstance } from 'fastify';
import { schemaVersion } from '../db/migrate.ts';
import type { AppDeps } from './app.ts';

export function coreRoutes(app: FastifyInstance, { database }: AppDeps) {
  app.get('/healthz', { config: { access: { public: true } } }, async (_request, reply) => {
    const version = await schemaVersion(database);
    return reply.header('cache-control', 'no-store').send({ status: 'ok', schema_version: version, database: database.kind });
  });

  app.get('/', { config: { access: { permission: 'session.use' } } }, async (request, reply) => {
    const notifications = await database.db
      .selectFrom('ks_notification')
      .select(['notification_id', 'message', 'link', 'created_at'])
      .where('user_id', '=', request.user!.userId)
      .where('read_at', 'is', null)
      .orderBy('created_at', 'desc')
      .limit(20)
      .execute();
    return reply.render('core/views/home.njk', { title: 'Home', notifications });
  });

  app.post('/notifications/read', { config: { access: { permission: 'session.use' } } }, async (request, reply) => {
    await database.db
      .updateTable('ks_notification')
      .set({ read_at: new Date().toISOString() })
      .where('user_id', '=', request.user!.userId)
      .where('read_at', 'is', null)
      .execute();
    return reply.redirect('/', 303);
  });
}
