/**
 * What the dashboard pages share: their query string, the "not found" page, and the rendering of a
 * page's content once per data version (src/core/cache.ts), with the figures computed in the
 * background (precompute.ts) when the configuration asks for it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../core/http/app.ts';
import { createViews } from '../../core/http/views.ts';
import { cached, settlesWithin } from '../../core/cache.ts';
import { monthEndPeriod } from '../period.ts';
import { figureJob } from '../precompute.ts';

export interface PageQuery {
  as_of?: unknown;
  page?: unknown;
  area?: unknown;
  team?: unknown;
}

export function notFound(reply: FastifyReply) {
  return reply
    .code(404)
    .render('core/views/error.njk', { title: 'Page not found', message: 'There is no such indicator or team, or it is not in your scope.' });
}

/** The dashboards' page renderer and period reader; starts and stops the figures job with the app. */
export function dashboardPages(app: FastifyInstance, { database, config }: AppDeps) {
  const views = createViews();
  const figures = figureJob(database, config.caseloadThreshold);
  if (config.precomputeFigures) {
    app.addHook('onReady', async () => figures.start());
    app.addHook('onClose', () => figures.stop());
  }

  const period = (request: FastifyRequest<{ Querystring: PageQuery }>) => monthEndPeriod(database, request.query.as_of);

  /**
   * A dashboard page: the main content (aggregate figures only, never a child) is rendered once per
   * data version, day and the parameters in `key` (which must hold everything the content depends
   * on, the user's scope included), then put in the layout for each request.
   */
  async function renderPage(
    reply: FastifyReply,
    status: number,
    title: string,
    version: number,
    key: unknown[],
    content: () => Promise<{ template: string; context: Record<string, unknown> }>,
  ) {
    const html = cached(
      database,
      version,
      JSON.stringify(['page', ...key]),
      async () => {
        const { template, context } = await content();
        return views.render(template, context);
      },
      'pages',
    );
    // Figures not ready within a moment: say so, and look again shortly (the computation goes on).
    if (!(await settlesWithin(html, config.figureWaitMs))) {
      return reply.code(status).render('indicators/views/calculating.njk', { title, refreshSeconds: 3, figures: figures.status() });
    }
    return reply.code(status).render('indicators/views/page.njk', { title, content: await html });
  }

  return { renderPage, period };
}

export type DashboardPages = ReturnType<typeof dashboardPages>;
