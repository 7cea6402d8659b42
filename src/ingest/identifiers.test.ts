import { randomBytes } from 'node:crypto';
import * as ExcelJS from '@cj-tech-master/excelts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/support/engines.ts';
import { MAX_ID_LENGTH } from './identifiers.ts';
import { runImport } from './pipeline.ts';
import type { ImportFormat, InputFile } from './types.ts';

/**
 * Found by the fuzz bench: an identifier too long for the database to index (here 3,000 random
 * characters, which do not compress) failed the whole import. Each format now refuses the row.
 */
describe('an identifier too long to index', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase(undefined);
  });
  afterAll(() => database.drop());

  const long = randomBytes(1500).toString('hex');
  const text = (name: string, body: string): InputFile => ({ name, bytes: new TextEncoder().encode(body) });
  const run = (format: ImportFormat, files: InputFile[]) =>
    runImport(database, { format, files, mode: 'lenient', dryRun: true, actor: { userId: null, username: 'test', ip: null, requestId: null } });
  const refusal = (field: string) =>
    `${field} is 3,000 characters long (starting “${long.slice(0, 20)}”): an identifier can be at most ${MAX_ID_LENGTH}, so the row cannot be stored.`;

  it('refuses its row in an SSDA903 return, an SSD table, a CIN census and an Annex A workbook, naming file, row and field', async () => {
    const ssda903 = await run('903', [
      text('header.csv', `CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n${long},1,01/01/2012,WBRI,UN3,,\nC2,1,01/01/2012,WBRI,UN3,,\n`),
    ]);
    const ssd = await run('ssd', [text('ssd_person.csv', `pers_person_id,pers_sex\nP1,F\n${long},M\n`)]);
    const cin = await run('cin', [
      text(
        'cin.xml',
        `<?xml version="1.0" encoding="utf-8"?><Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2024</Year><ReferenceDate>2024-03-31</ReferenceDate></CollectionDetails><Source><SourceLevel>L</SourceLevel><LEA>999</LEA></Source></Header><Children>
<Child><ChildIdentifiers><LAchildID>${long}</LAchildID><PersonBirthDate>2015-06-01</PersonBirthDate><GenderCurrent>1</GenderCurrent></ChildIdentifiers><CINdetails><CINreferralDate>2023-09-01</CINreferralDate><ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>0</ReferralNFA></CINdetails></Child>
</Children></Message>`,
      ),
    ]);
    const book = new ExcelJS.Workbook();
    book.addWorksheet('List 1').addRows([
      ['Child Unique ID', 'Date of Contact'],
      ['A1', '05/03/2024'],
      [long, '05/03/2024'],
    ]);
    const annexA = await run('annex-a', [{ name: 'annex.xlsx', bytes: new Uint8Array(await book.xlsx.writeBuffer()) }]);

    const found = (result: Awaited<ReturnType<typeof run>>) =>
      result.findings.filter((finding) => finding.rule === 'KS-ID').map(({ file, row, field, message, rejects }) => ({ file, row, field, message, rejects }));
    expect([ssda903.status, ssd.status, cin.status, annexA.status]).toEqual(['checked', 'checked', 'checked', 'checked']);
    expect(found(ssda903)).toEqual([{ file: 'header.csv', row: 2, field: 'CHILD', message: refusal('CHILD'), rejects: true }]);
    expect(found(ssd)).toEqual([{ file: 'ssd_person.csv', row: 3, field: 'pers_person_id', message: refusal('pers_person_id'), rejects: true }]);
    expect(found(cin)).toEqual([{ file: 'cin.xml', row: 2, field: 'LAchildID', message: refusal('LAchildID'), rejects: true }]);
    expect(found(annexA)).toEqual([{ file: 'annex.xlsx', row: 3, field: 'Child Unique ID', message: refusal('Child Unique ID'), rejects: true }]);
    // The other rows are counted as they would be written.
    expect([ssda903.counts.rejected, ssd.counts.rejected, annexA.counts.rejected]).toEqual([1, 1, 1]);
    expect(ssd.counts.new).toBe(1);

    // A CIN disability code is part of its row's key: the child is stored, its disabilities refused.
    const disability = await run('cin', [
      text(
        'disability.xml',
        `<?xml version="1.0" encoding="utf-8"?><Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2024</Year><ReferenceDate>2024-03-31</ReferenceDate></CollectionDetails><Source><SourceLevel>L</SourceLevel><LEA>999</LEA></Source></Header><Children>
<Child><ChildIdentifiers><LAchildID>D1</LAchildID><PersonBirthDate>2015-06-01</PersonBirthDate><GenderCurrent>1</GenderCurrent></ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity>
<Disabilities><Disability>${long}</Disability></Disabilities></ChildCharacteristics><CINdetails><CINreferralDate>2023-09-01</CINreferralDate><ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>0</ReferralNFA></CINdetails></Child>
</Children></Message>`,
      ),
    ]);
    expect(disability.status).toBe('checked');
    expect(found(disability)).toEqual([{ file: 'disability.xml', row: 3, field: 'Disability', message: refusal('Disability'), rejects: true }]);
    expect(disability.tables.find((table) => table.table === 'ssd_person')?.new).toBe(1);
  });
});
