import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../core/http/app.ts';
import { actorFrom } from '../core/audit/trail.ts';
import { acceptMultipart, fileTypeOf, multipartOf, uploadedFile } from '../core/http/upload.ts';
import {
  checkCode,
  codeKey,
  codesCsv,
  codeVersions,
  currentCodes,
  FIELD_NAMES,
  LOCAL_FIELDS,
  readCodesCsv,
  saveCodes,
  teamIds,
  valuesSeen,
  type CodeProblem,
  type LocalCode,
  type LocalField,
} from './codes.ts';

const MANAGE = { access: { permission: 'local_codes.manage' } } as const;
const MAX_CSV_BYTES = 2 * 1024 * 1024;

/**
 * The Local codes page, for administrators: the council's values of each SSD *Local* field Keystone
 * depends on, what each means, the values the data hold and how many rows each, and the CSV of the
 * whole mapping (download, change, upload). Each save is a new version and an audit event; figures
 * are computed again in the background (the data version moves).
 */
export function localCodeRoutes(app: FastifyInstance, { database }: AppDeps) {
  const render = async (
    reply: FastifyReply,
    extra: { problems?: CodeProblem[]; problemField?: LocalField; saved?: string; form?: Record<string, string> } = {},
  ) => {
    const [codes, seen, versions] = await Promise.all([currentCodes(database), valuesSeen(database), codeVersions(database)]);
    const fields = FIELD_NAMES.map((name) => {
      const info = LOCAL_FIELDS[name];
      const mine = codes.filter((code) => code.field === name);
      return {
        name,
        ...info,
        meaningItems: info.meanings
          ? Object.entries(info.meanings).map(([value, text]) => ({
              value,
              text: `${value}: ${text}`,
              selected: extra.form?.field === name && extra.form?.meaning === value,
            }))
          : null,
        codes: mine.map((code) => ({ ...code, meaningText: info.meanings?.[code.meaning] ?? code.meaning })),
        seen: seen[name].map((value) => ({ ...value, meaningText: value.meaning === null ? null : (info.meanings?.[value.meaning] ?? value.meaning) })),
        unmappedRows: seen[name].filter((value) => value.meaning === null).reduce((sum, value) => sum + value.rows, 0),
        errors:
          extra.problemField === name ? Object.fromEntries((extra.problems ?? []).map((problem) => [problem.field, { text: problem.message }])) : undefined,
      };
    });
    const problems = extra.problems ?? [];
    return reply.render('local-codes/views/index.njk', {
      title: 'Local codes',
      fields,
      versions,
      saved: extra.saved,
      form: extra.form,
      problems: extra.problemField ? undefined : problems.length ? problems : undefined,
      errorSummary: problems.length
        ? problems.slice(0, 20).map((problem) => ({
            text: problem.row ? `Row ${problem.row}, ${problem.field}: ${problem.message}` : problem.message,
            href: extra.problemField ? `#${extra.problemField}-${problem.field}` : '#file',
          }))
        : undefined,
    });
  };

  app.get<{ Querystring: { saved?: string } }>('/admin/local-codes', { config: MANAGE }, async (request, reply) =>
    render(reply, { saved: request.query.saved }),
  );

  app.get('/admin/local-codes.csv', { config: MANAGE }, async (_request, reply) =>
    reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="keystone-local-codes.csv"')
      .send(codesCsv(await currentCodes(database))),
  );

  // One value mapped (or its mapping removed) from the page.
  app.post<{ Body: Record<string, unknown> }>('/admin/local-codes', { config: MANAGE }, async (request, reply) => {
    const text = (name: string) => String(request.body?.[name] ?? '').trim();
    const form = { field: text('field'), localValue: text('localValue'), meaning: text('meaning') };
    const codes = await currentCodes(database);
    const others = codes.filter((code) => !(code.field === form.field && codeKey(code.localValue) === codeKey(form.localValue)));
    let next: LocalCode[];
    if (text('remove')) {
      if (others.length === codes.length)
        return reply.code(404).render('core/views/error.njk', { title: 'No such local code', message: 'That value is not mapped.' });
      next = others;
    } else {
      const problems = checkCode(form, await teamIds(database));
      if (problems.length)
        return render(reply.code(400), {
          problems,
          problemField: FIELD_NAMES.includes(form.field as LocalField) ? (form.field as LocalField) : undefined,
          form: { field: form.field, localValue: form.localValue, meaning: form.meaning },
        });
      next = [...others, form as LocalCode];
    }
    const version = await saveCodes(database, actorFrom(request), next, 'page');
    return reply.redirect(`/admin/local-codes?saved=${version === null ? 'unchanged' : 'saved'}`, 303);
  });

  void app.register(async (scope) => {
    acceptMultipart(scope, { maxBytes: MAX_CSV_BYTES });
    scope.post('/admin/local-codes/upload', { config: MANAGE, bodyLimit: MAX_CSV_BYTES }, async (request, reply) => {
      const body = multipartOf(request);
      const file = await uploadedFile(request, 'file');
      const problem =
        body.problem ??
        (!file ? 'Choose the CSV file of local codes' : !fileTypeOf(file, ['csv']) ? 'The file must be a .csv file saved as UTF-8 text' : undefined);
      if (problem || !file) return render(reply.code(400), { problems: [{ row: null, field: 'field', message: problem ?? '' }] });
      const { codes, problems } = readCodesCsv(file.bytes, await teamIds(database));
      if (problems.length) return render(reply.code(400), { problems });
      const version = await saveCodes(database, actorFrom(request), codes, 'csv');
      return reply.redirect(`/admin/local-codes?saved=${version === null ? 'unchanged' : 'uploaded'}`, 303);
    });
  });
}
