/**
 * A create form sent twice (a double click, or the browser's back button and send again) creates once.
 *
 * Every rendered page offers `onceToken`, a random token the form carries in a hidden `_once` field;
 * a form re-shown with errors keeps the token it was sent with, since nothing was created. A route
 * wrapped in `once()` remembers, per session and token, where its first successful answer sent the
 * person: a second post with that token creates nothing and is sent to the same place, waiting for
 * the first to finish if it is still running. A post without a token (a page rendered before
 * this change) is accepted as before.
 *
 * The record is kept in this process's memory for a day: enough for the single server process
 * Keystone runs; several processes behind a load balancer would need it in the database.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomToken } from '../auth/sessions.ts';

const KEEP_MS = 24 * 60 * 60 * 1000;
const TOKEN = /^[A-Za-z0-9_-]{16,100}$/;

interface Submission {
  finished: Promise<void>;
  location?: string;
  expires: number;
}

const submissions = new Map<string, Submission>();

/** The token the form was sent with, if it is one Keystone could have issued. */
function sentToken(request: FastifyRequest): string | undefined {
  const token = (request.body as Record<string, unknown> | undefined)?._once;
  return typeof token === 'string' && TOKEN.test(token) ? token : undefined;
}

/** The token for a form on the page being rendered: the one sent back, when the form is re-shown. */
export const onceToken = (request: FastifyRequest): string => sentToken(request) ?? randomToken();

function forgetExpired(now: number) {
  for (const [key, submission] of submissions) if (submission.location && submission.expires < now) submissions.delete(key);
}

/** Wraps a create route so that the same form sent twice creates once (see above). */
export function once<Request extends FastifyRequest>(handler: (request: Request, reply: FastifyReply) => Promise<unknown>) {
  return async (request: Request, reply: FastifyReply) => {
    const token = sentToken(request);
    const session = request.user?.csrfToken;
    if (!token || !session) return handler(request, reply);
    const key = `${session}:${token}`;
    forgetExpired(Date.now());
    for (let earlier = submissions.get(key); earlier; earlier = submissions.get(key)) {
      if (earlier.location) return reply.redirect(earlier.location, 303);
      await earlier.finished;
    }
    let finish!: () => void;
    const submission: Submission = { finished: new Promise((resolve) => (finish = resolve)), expires: Date.now() + KEEP_MS };
    submissions.set(key, submission);
    try {
      const answer = await handler(request, reply);
      const location = reply.getHeader('location');
      if (reply.statusCode >= 300 && reply.statusCode < 400 && typeof location === 'string') submission.location = location;
      else submissions.delete(key); // re-shown with errors: nothing was created, the token stays usable
      return answer;
    } catch (error) {
      submissions.delete(key);
      throw error;
    } finally {
      finish();
    }
  };
}
