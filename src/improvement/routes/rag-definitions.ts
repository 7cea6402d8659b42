/** What the ratings mean (/improvement/rag-definitions): the council's own wording of each rating. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../../core/http/app.ts';
import { actorFrom, recordAudit } from '../../core/audit/trail.ts';
import { sql } from 'kysely';
import { Errors, text, type Body } from '../../core/http/form.ts';
import { RAGS } from '../rag.ts';
import { RAG_NAMES, RAG_TAG_CLASSES } from '../present.ts';
import { MANAGE, ragDefinitions } from './common.ts';

export function ragDefinitionRoutes(app: FastifyInstance, { database }: AppDeps) {
  // The council's own wording of what each rating means. The names stay the colours (as on every
  // tag and in the Word report); the meaning is the council's, shown wherever ratings are explained.
  const definitionsPage = async (reply: FastifyReply, errors = new Errors(), body?: Body) => {
    const definitions = await ragDefinitions(database);
    return reply.code(errors.any ? 400 : 200).render('improvement/views/rag-definitions.njk', {
      title: 'What the ratings mean',
      errorSummary: errors.summary,
      errors: errors.fields,
      definitions: definitions.map((definition) => ({ ...definition, value: body ? text(body, `meaning-${definition.rag}`) : definition.meaning })),
      ragClasses: RAG_TAG_CLASSES,
    });
  };
  app.get('/improvement/rag-definitions', { config: MANAGE }, (_request, reply) => definitionsPage(reply));
  app.post('/improvement/rag-definitions', { config: MANAGE }, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const errors = new Errors();
    const before = await ragDefinitions(database);
    const meanings = RAGS.map((rag) => ({ rag, meaning: text(body, `meaning-${rag}`) }));
    for (const { rag, meaning } of meanings) {
      if (!meaning) errors.add(`meaning-${rag}`, `Say what ${RAG_NAMES[rag].toLowerCase()} means`);
      else if (meaning.length > 500) errors.add(`meaning-${rag}`, `The meaning of ${RAG_NAMES[rag].toLowerCase()} must be 500 characters or fewer`);
    }
    if (errors.any) return definitionsPage(reply, errors, body);
    const changed = meanings.filter(({ rag, meaning }) => before.find((definition) => definition.rag === rag)?.meaning !== meaning);
    if (changed.length) {
      await database.db.transaction().execute(async (trx) => {
        for (const { rag, meaning } of changed) {
          await sql`INSERT INTO ks_rag_definition (rag, label, meaning) VALUES (${rag}, ${RAG_NAMES[rag]}, ${meaning}) ON CONFLICT (rag) DO UPDATE SET meaning = excluded.meaning`.execute(
            trx,
          );
        }
      });
      await recordAudit(database, actorFrom(request), {
        action: 'data.change',
        subjectType: 'rag_definitions',
        details: Object.fromEntries(
          changed.map(({ rag, meaning }) => [rag, { from: before.find((definition) => definition.rag === rag)?.meaning ?? null, to: meaning }]),
        ),
      });
    }
    return reply.code(303).redirect('/improvement#rag-definitions');
  });
}
