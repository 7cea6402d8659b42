import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { engines, freshDatabase } from '../../test/support/engines.ts';
import { multipartForm, signedInAs, testConfig } from '../../test/support/http.ts';
import { buildApp } from '../core/http/app.ts';
import { fileTypeOf } from '../core/http/upload.ts';
import { improvementRoutes } from './routes/index.ts';
import { addAction, addLine, createPlan } from './plan.ts';
import { attachmentDisposition, EVIDENCE_FILE_TYPES, MAX_EVIDENCE_FILE_BYTES } from './evidence-files.ts';

const bytes = (...values: number[]) => new Uint8Array(values);
const ascii = (text: string) => new TextEncoder().encode(text);

describe('evidence file types', () => {
  it('needs the extension and the content to agree', () => {
    const check = (name: string, content: Uint8Array) => fileTypeOf({ name, bytes: content }, EVIDENCE_FILE_TYPES);
    expect(check('minutes.pdf', ascii('%PDF-1.7\n…'))).toBe('pdf');
    expect(check('minutes.PDF', ascii('%PDF-1.4'))).toBe('pdf');
    expect(check('minutes.pdf', ascii('MZ\x90\x00 program'))).toBeUndefined();
    expect(check('chart.png', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe('png');
    expect(check('chart.png', bytes(0xff, 0xd8, 0xff, 0xe0))).toBeUndefined();
    expect(check('photo.jpg', bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('jpeg');
    expect(check('photo.jpeg', bytes(0xff, 0xd8, 0xff, 0xdb))).toBe('jpeg');
    expect(check('report.docx', new Uint8Array([...bytes(0x50, 0x4b, 0x03, 0x04), ...ascii('....[Content_Types].xml....word/document.xml')]))).toBe('docx');
    expect(check('report.docx', new Uint8Array([...bytes(0x50, 0x4b, 0x03, 0x04), ...ascii('....xl/workbook.xml')]))).toBeUndefined();
    expect(check('data.xlsx', new Uint8Array([...bytes(0x50, 0x4b, 0x03, 0x04), ...ascii('....xl/workbook.xml')]))).toBe('xlsx');
    expect(check('notes.txt', ascii('Minutes of the board — 3 May'))).toBe('txt');
    expect(check('notes.txt', bytes(0x41, 0x00, 0x42))).toBeUndefined();
    expect(check('figures.csv', ascii('month,value\n2024-03,61\n'))).toBe('csv');
    expect(check('figures.csv', bytes(0xc3, 0x28))).toBeUndefined();
    expect(check('script.exe', ascii('%PDF-1.7'))).toBeUndefined();
    expect(check('no-extension', ascii('%PDF-1.7'))).toBeUndefined();
  });

  it('names the download safely', () => {
    expect(attachmentDisposition('Board "minutes".pdf')).toBe('attachment; filename="Board _minutes_.pdf"; filename*=UTF-8\'\'Board%20%22minutes%22.pdf');
    expect(attachmentDisposition('café.txt')).toBe('attachment; filename="caf_.txt"; filename*=UTF-8\'\'caf%C3%A9.txt');
  });
});

describe.each(engines)('evidence files on plan actions on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  let leader: { cookie: string; csrfToken: string; userId: number };
  let member: { cookie: string; csrfToken: string; userId: number };
  let actionId: number;

  beforeAll(async () => {
    database = await freshDatabase(url);
    app = await buildApp({ database, config: testConfig() }, [improvementRoutes]);
    leader = await signedInAs(database, { username: 'leader', roles: ['senior_leader'], displayName: 'Lee Leader' });
    member = await signedInAs(database, { username: 'councillor', roles: ['elected_member'] });
    const planId = await createPlan(
      database,
      { title: 'Plan', inspectionId: null, publishedDate: null },
      { userId: leader.userId, name: 'Lee Leader', today: '2024-04-01' },
    );
    const lineId = await addLine(database, planId, { text: 'Improve management oversight', lead: null });
    actionId = await addAction(database, lineId, { text: 'Monthly supervision audit', owner: 'Head of service', dueDate: '2024-09-30' });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const upload = async (session: { cookie: string; csrfToken: string }, file?: { name: string; bytes: Uint8Array }, csrf = session.csrfToken) => {
    const body = await multipartForm({ _csrf: csrf }, file ? [{ ...file, field: 'file' }] : []);
    return app.inject({
      method: 'POST',
      url: `/improvement/actions/${actionId}/files`,
      headers: { cookie: session.cookie, 'content-type': body.contentType },
      payload: body.payload,
    });
  };
  const lastAudit = async () =>
    (
      await sql<{
        action: string;
        subject_type: string;
        subject_id: string;
        details: unknown;
      }>`SELECT action, subject_type, subject_id, details FROM ks_audit_event ORDER BY event_id DESC LIMIT 1`.execute(database.db)
    ).rows[0]!;

  it('keeps an uploaded PDF with its hash, lists it, and downloads it as an attachment, audited both ways', async () => {
    const content = ascii('%PDF-1.7\nSupervision audit summary, March 2024\n%%EOF\n');
    const response = await upload(leader, { name: 'C:\\Reports\\supervision.pdf', bytes: content });
    expect(response.statusCode).toBe(303);
    const stored = (
      await sql<{ file_id: number; file_name: string; media_type: string; size_bytes: number; sha256: string; uploaded_by_name: string }>`
      SELECT file_id, file_name, media_type, size_bytes, sha256, uploaded_by_name FROM ks_plan_evidence_file`.execute(database.db)
    ).rows;
    const sha256 = createHash('sha256').update(content).digest('hex');
    expect(stored).toEqual([
      {
        file_id: expect.anything(),
        file_name: 'supervision.pdf',
        media_type: 'application/pdf',
        size_bytes: content.length,
        sha256,
        uploaded_by_name: 'Lee Leader',
      },
    ]);
    const uploadAudit = await lastAudit();
    expect(uploadAudit).toMatchObject({ action: 'data.change', subject_type: 'plan_evidence_file', subject_id: String(stored[0]!.file_id) });

    const page = await app.inject({ method: 'GET', url: `/improvement/actions/${actionId}`, headers: { cookie: member.cookie } });
    expect(page.body).toContain(`href="/improvement/evidence-files/${stored[0]!.file_id}"`);
    expect(page.body).toContain(sha256);
    expect(page.body).not.toContain('Add an evidence file');

    const download = await app.inject({ method: 'GET', url: `/improvement/evidence-files/${stored[0]!.file_id}`, headers: { cookie: member.cookie } });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe('attachment; filename="supervision.pdf"; filename*=UTF-8\'\'supervision.pdf');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(download.rawPayload, Buffer.from(content))).toBe(0);
    expect(await lastAudit()).toMatchObject({ action: 'export', subject_type: 'plan_evidence_file', subject_id: String(stored[0]!.file_id) });
  });

  it('refuses a file whose content is not its type, one too large, and no file, with the GOV.UK error', async () => {
    const disguised = await upload(leader, { name: 'minutes.pdf', bytes: ascii('<html><script>alert(1)</script></html>') });
    expect(disguised.statusCode).toBe(400);
    expect(disguised.body).toContain('govuk-error-summary');
    expect(disguised.body).toContain('minutes.pdf is not a PDF');
    const html = await upload(leader, { name: 'page.html', bytes: ascii('<html></html>') });
    expect(html.statusCode).toBe(400);
    const large = new Uint8Array(MAX_EVIDENCE_FILE_BYTES + 1).fill(0x41);
    const tooLarge = await upload(leader, { name: 'big.txt', bytes: large });
    expect(tooLarge.statusCode).toBe(400);
    expect(tooLarge.body).toContain('big.txt is larger than 10 MB');
    const none = await upload(leader);
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Choose the file to add as evidence');
    expect((await sql<{ count: number }>`SELECT count(*)::int AS count FROM ks_plan_evidence_file`.execute(database.db)).rows[0]!.count).toBe(1);
  });

  it('checks the CSRF token and the permission on uploads, and answers 404 for unknown files', async () => {
    expect((await upload(leader, { name: 'a.txt', bytes: ascii('a') }, 'wrong')).statusCode).toBe(403);
    expect((await upload(member, { name: 'a.txt', bytes: ascii('a') })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/improvement/evidence-files/999999', headers: { cookie: leader.cookie } })).statusCode).toBe(404);
  });
});
