/**
 * The Ofsted Annex A importer: a workbook of child-level lists (sheets "List 1" … "List 11") read
 * with exceljs (workbook.ts), columns recognised by tolerant header matching (lists.ts), coded
 * values read as the other sources store them (values.ts), and each list mapped onto the SSD tables
 * it informs (mapping.ts, one mapping a list):
 *
 *   List 1  contacts         → ssd_contacts (date at midnight, source code and description)
 *   List 2  early help       → ssd_early_help_episodes (start, completion, organisation)
 *   List 3  referrals        → ssd_cin_episodes (date, source, NFA, team and worker*)
 *   List 4  assessments      → ssd_cin_assessments (start, child seen, authorised, outcome, team and worker*)
 *   List 5  section 47       → ssd_s47_enquiry (start, ICPC not required) and ssd_initial_cp_conference (date, plan made)
 *   List 6  children in need → ssd_cin_episodes (start, need, closure and reason), ssd_cin_visits (last seen)
 *   List 7  child protection → ssd_cp_plans (start, end, categories, previous plans), ssd_cp_visits (last
 *                              statutory visit, seen alone), ssd_cp_reviews (latest review conference)
 *   List 8  looked after     → ssd_cla_episodes (a new episode where the current legal status or the latest
 *                              placement began, as the SSDA903 splits them), ssd_cla_placement, ssd_legal_status,
 *                              ssd_cla_reviews, ssd_cla_visits, ssd_cla_health (health assessment, dental check),
 *                              ssd_cla_care_plan (the permanence plan); the IRO contact on the latest episode
 *   List 9  care leavers     → ssd_care_leavers (one row per young person: eligibility, in touch, latest contact,
 *                              accommodation and its suitability, activity, pathway plan review, adviser, team and worker*)
 *   List 10 adoption         → ssd_permanence (decision, placement order, matching, placed, adoption order,
 *                              decision reversed and why, FFA placement)
 *   List 11 adopters         → not stored: Keystone holds children, not prospective adopters
 * and every list's child columns → ssd_person (sex M / F / U with the template's label, ethnicity code,
 * date of birth). Columns with no place in the data model are named in one warning per sheet
 * (lists.ts `notStored`); so are Age (worked out from the date of birth) and the disability Yes / No
 * (the data model holds disability codes).
 *
 * *Team and worker: Annex A gives names; a name is stored as the ID of the one team
 *  (ssd_department.dept_team_name) or professional (prof_professional_name) of that name already in
 *  Keystone, compared without regard to case. A name that matches none, or several, is not stored
 *  and is reported once.
 *
 * Person matching: "Child Unique ID" is the council's own child ID, the same ID as the SSD's
 * pers_person_id, the SSDA903's CHILD and the CIN census's LAchildID, taken as written (a number
 * cell as its digits). A child in several lists is one person: the first value given for each
 * of their columns is kept, and a different value in a later list is a warning.
 *
 * Keys. Annex A carries no record IDs, so rows are keyed by the child and the date that identifies
 * them, stable when a later workbook is imported: `AA/<child>/CONTACT/<date>` (a second contact of
 * the child that day `/2`…), `AA/<child>/EH/<start>`, `AA/<child>/A/<start>`, `AA/<child>/S47/<start>`
 * (its conference `/ICPC`), `AA/<child>/CPP/<start>` (visit `/V/<date>`, review `/R/<date>`),
 * `AA/<child>/CLA/<start>` (the period of care, clae_cla_id; episodes `/E/<date>`, reviews `/R/<date>`,
 * visits `/V/<date>`, plan `/PLAN`), `AA/<child>/PL/<date>`, `AA/<child>/LS/<date>`,
 * `AA/<child>/HA/<date>`, `AA/<child>/DENTAL/<date>`, `AA/<child>/CL`, `AA/<child>/PERM/<decision date>`.
 * Referrals (Lists 3 and 6) are keyed `CIN/<child>/<date>`, exactly as the CIN census importer keys
 * them (cin/mapping.ts): a referral known from the census and from Annex A is one row.
 * Annex A never blanks a stored value: each row sets only the columns it has a value for.
 *
 * Rows: a row without the child's ID or its list's key date (or with a date that cannot be read),
 * or the same key twice in one list, is quarantined; a cell holding text that would run as a
 * formula (=…) refuses its row; any other value that cannot be read is a warning and left out.
 */
import { append } from '../../core/arrays.ts';
import type { AsyncFormatImporter, Finding, InputFile, LookupResults, PreparedImport } from '../types.ts';
import { listOfSheet } from './lists.ts';
import { addPerson, LIST_MAPPINGS } from './mapping.ts';
import { readRow } from './reading.ts';
import { finding, RowSet, type Origin, type Pending, type ReadRow, type Values } from './rows.ts';
import { readSheet } from './sheet.ts';
import { readWorkbook } from './workbook.ts';
import { nameLookups, tableWrites } from './writes.ts';

/** What the workbooks' rows make, collected across the files. */
interface Collected {
  findings: Finding[];
  fileInfo: PreparedImport['files'];
  rejectedRows: PreparedImport['rejectedRows'];
  rowSet: RowSet;
  pending: Pending[];
  people: Map<string, { values: Values; origin: Origin; headers: Map<string, string> }>;
  listRows: Record<string, number>;
  list9: string[];
  primaryKeys: Map<string, Origin>;
}

export const annexAImporter: AsyncFormatImporter = {
  format: 'annex-a',
  async prepare(files: InputFile[]): Promise<PreparedImport> {
    const collected: Collected = {
      findings: [],
      fileInfo: [],
      rejectedRows: [],
      rowSet: new RowSet(),
      pending: [],
      people: new Map(),
      listRows: {},
      list9: [],
      primaryKeys: new Map(),
    };
    for (const file of files) await readFile(collected, file);
    const { findings, rowSet, pending, people, listRows, list9 } = collected;
    append(findings, rowSet.conflicts);
    return {
      summary: {
        personMatch: 'Child Unique ID = ssd_person.pers_person_id (the council’s child ID)',
        lists: listRows,
        ...(list9.length ? { list9: [...new Set(list9)].join(', ') } : {}),
        referralKeys: 'CIN/<child>/<date>, shared with the CIN census import',
      },
      files: collected.fileInfo,
      findings,
      rejectedRows: collected.rejectedRows,
      childIds: new Set(people.keys()),
      lookups: nameLookups(pending),
      writes(_existingPeople: ReadonlySet<string>, found: LookupResults = []) {
        return tableWrites(rowSet, people, pending, found);
      },
    };
  },
};

/** A workbook: each sheet that is an Annex A list read, and its rows mapped (List 11's are not stored). */
async function readFile(collected: Collected, file: InputFile): Promise<void> {
  const { findings, fileInfo, rejectedRows, listRows, list9 } = collected;
  const read = await readWorkbook(file.name, file.bytes);
  if ('finding' in read) {
    findings.push(read.finding);
    fileInfo.push({ name: file.name, table: null, rows: 0 });
    return;
  }
  const { workbook } = read;
  let fileRows = 0;
  const listsFound: number[] = [];
  for (const sheet of workbook.sheets) {
    const list = listOfSheet(sheet.name);
    if (!list) {
      if (sheet.rows.length)
        findings.push(
          finding(
            'KS-SHEET',
            `Sheet “${sheet.name}” is not one of the Annex A lists (List 1 … List 11): left aside.`,
            file.name,
            sheet.name,
            null,
            null,
            null,
            'warning',
          ),
        );
      continue;
    }
    const rows = readSheet(file.name, sheet, list, findings, rejectedRows);
    fileRows += rows.length;
    listsFound.push(list.number);
    listRows[`List ${list.number}`] = (listRows[`List ${list.number}`] ?? 0) + rows.length;
    if (!rows.length) continue;
    const present = new Set(rows[0]!.cells.keys());
    const notStored = [
      ...list.notStored,
      ...(present.has('age') ? ['Age (Keystone works it out from the date of birth)'] : []),
      ...(present.has('disability') ? ['Whether the child has a disability (Keystone holds disability codes, not Yes / No)'] : []),
    ];
    if (notStored.length)
      findings.push(
        finding(
          'KS-NOT-STORED',
          `Read and checked but not stored (no place in Keystone’s data model): ${notStored.join('; ')}.`,
          file.name,
          sheet.name,
          null,
          null,
          null,
          'warning',
        ),
      );
    if (list.number === 9)
      list9.push(
        present.has('personalAdviser') || present.has('pathwayReview') || present.has('latestContact')
          ? 'later template (adviser, pathway plan, latest contact)'
          : '2020 template',
      );
    if (list.number === 11) continue;
    const contactsSeen = new Map<string, number>();
    for (const row of rows) mapRow(collected, row, workbook.date1904, contactsSeen);
  }
  fileInfo.push({
    name: file.name,
    table: listsFound.length ? `Annex A (${listsFound.length} list${listsFound.length === 1 ? '' : 's'})` : null,
    rows: fileRows,
  });
}

/** A row: checked, keyed, then its child and its list's rows added; a row that cannot be stored is quarantined. */
function mapRow(collected: Collected, row: ReadRow, date1904: boolean, contactsSeen: Map<string, number>): void {
  const { findings, rejectedRows, rowSet, pending, people, primaryKeys } = collected;
  const { list, origin, headers, source } = row;
  const reading = readRow(row, date1904);
  const { child, problems, warnings, keyField, keyDate, text } = reading;
  if (problems.length) {
    append(findings, problems, warnings);
    rejectedRows.push({ row: source, child: child || null });
    return;
  }

  // The primary row's key: the same one twice in a list is refused the second time.
  const mapping = LIST_MAPPINGS[list.number]!;
  const key = mapping.key(child, keyDate, contactsSeen);
  const listKey = `${list.number}\u0000${key}`;
  const earlier = primaryKeys.get(listKey);
  if (earlier) {
    append(findings, warnings, [
      finding(
        'KS-DUPLICATE',
        `This child has another row in List ${list.number} for the same ${keyField ? `date (${keyDate})` : 'young person'} (row ${earlier.line}${earlier.file !== origin.file ? ` of ${earlier.file}` : ''}); only the first is stored.`,
        origin.file,
        origin.sheet,
        origin.line,
        keyField ? (headers.get(keyField.id) ?? null) : (headers.get('childId') ?? null),
        child,
      ),
    ]);
    rejectedRows.push({ row: source, child });
    return;
  }
  primaryKeys.set(listKey, origin);

  addPerson(people, row, reading);

  const add = (table: string, key: string, values: Values) => rowSet.add(table, key, values, origin);
  const nameOf = (kind: 'team' | 'worker', table: string, key: string, column: string) => {
    const name = text(kind);
    if (name) pending.push({ table, key, column, kind, name, origin, header: headers.get(kind)! });
  };
  mapping.map({ ...reading, key, aa: `AA/${child}`, add, nameOf });
  append(findings, warnings);
}
