/**
 * Request and server logs. On a terminal each request is one readable line
 * ("23:41:07 GET /indicators 200 12 ms"); when stdout is not a terminal (a service manager, a log
 * shipper) or KEYSTONE_LOG_FORMAT=json, Fastify's JSON lines. Only the method and path are ever
 * logged: never query strings, bodies or cookies.
 */
import { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { LogFormat } from '../log-format.ts';

export { logFormatFrom, type LogFormat } from '../log-format.ts';

export interface LogOptions {
  format: LogFormat;
  /** Where lines go (stdout unless a test captures them). */
  stream?: { write(line: string): unknown };
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const pathOf = (url: string): string => url.split('?')[0] ?? url;

/** One pino JSON record as one readable line; request lines as "METHOD /path status ms". */
export function prettyLine(json: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const time = typeof record.time === 'number' ? new Date(record.time).toTimeString().slice(0, 8) : '';
  const level = LEVELS[Number(record.level)] ?? 'INFO';
  const request = record.request as { method?: string; path?: string; statusCode?: number; ms?: number } | undefined;
  let text: string;
  if (request) {
    text = `${request.method} ${request.path} ${request.statusCode} ${request.ms} ms`;
  } else {
    const error = record.err as { message?: string; stack?: string } | undefined;
    text = [level === 'INFO' ? '' : level, String(record.msg ?? ''), error?.stack ?? error?.message ?? ''].filter((part) => part !== '').join(' ');
  }
  return `${time} ${text}\n`;
}

const serializers = {
  req: (req: { method: string; url: string; id: string }) => ({ method: req.method, path: pathOf(req.url), id: req.id }),
  res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
};

/** Fastify's logger options for the chosen format. */
export function fastifyLogOptions(options: LogOptions): Pick<FastifyServerOptions, 'logger' | 'logController'> {
  if (options.format === 'json') {
    return { logger: options.stream ? { serializers, stream: options.stream } : { serializers } };
  }
  const out = options.stream ?? process.stdout;
  return {
    logger: { serializers, stream: { write: (line: string) => out.write(prettyLine(line)) } },
    // Fastify logs each request twice ("incoming request", "request completed"); a terminal gets one line.
    logController: new LogController({ disableRequestLogging: true }),
  };
}

/** With the readable format, logs each request once when its answer is sent. */
export function addRequestLine(app: FastifyInstance, options: LogOptions): void {
  if (options.format !== 'pretty') return;
  app.addHook('onResponse', async (request, reply) => {
    request.log.info({ request: { method: request.method, path: pathOf(request.url), statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) } });
  });
}
