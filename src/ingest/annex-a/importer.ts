/**
 * The Ofsted Annex A importer: a workbook of child-level lists (sheets "List 1" … "List 11") read
 * with exceljs (workbook.ts), columns recognised by tolerant header matching (lists.ts), coded
 * values read as the other sources store them (values.ts), and each list mapped onto the SSD tables
 * it informs:
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
import type { Cell as DbCell } from '../../core/db/bulk.ts';
import { looksLikeFormula } from '../csv.ts';
import { SSD_TABLE_BY_NAME, SSD_TABLES } from '../ssd/tables.ts';
import type { AsyncFormatImporter, Finding, InputFile, Lookup, LookupResults, PreparedImport, SourceRow, TableWrite } from '../types.ts';
import { listOfSheet, matchHeaders, type FieldDef, type ListDef } from './lists.ts';
import { readCode, readDate, readEthnicity, readGender, readInteger, readSource, readYesNo, type Reading } from './values.ts';
import { readWorkbook, type Cell, type Sheet } from './workbook.ts';
import { idTooLong } from '../identifiers.ts';
import { append } from '../../core/arrays.ts';

type Values = Record<string, string | null>;

interface Origin {
  file: string;
  sheet: string;
  line: number;
  list: number;
  child: string;
}

interface Pending {
  table: string;
  key: string;
  column: string;
  kind: 'team' | 'worker';
  name: string;
  origin: Origin;
  header: string;
}

const HEADER_SEARCH_ROWS = 10;

function finding(rule: string, message: string, file: string, sheet: string | null, row: number | null, field: string | null, child: string | null, severity: 'error' | 'warning' = 'error'): Finding {
  return { rule, message, file, table: sheet, row, child, field, severity, rejects: severity === 'error' };
}

/** Rows by table and key; a key met again merges, keeping the first value of each column. */
class RowSet {
  readonly tables = new Map<string, Map<string, { values: Values; origin: Origin }>>();
  readonly conflicts: Finding[] = [];

  add(table: string, key: string, values: Values, origin: Origin): void {
    if (!this.tables.has(table)) this.tables.set(table, new Map());
    const rows = this.tables.get(table)!;
    const keyColumn = SSD_TABLE_BY_NAME.get(table)!.key;
    const existing = rows.get(key);
    if (!existing) {
      rows.set(key, { values: { [keyColumn]: key, ...values }, origin });
      return;
    }
    for (const [column, value] of Object.entries(values)) {
      if (value === null) continue;
      const before = existing.values[column];
      if (before === null || before === undefined) existing.values[column] = value;
      else if (before !== value) {
        const first = existing.origin;
        this.conflicts.push(
          finding(
            'KS-CONFLICT',
            `${column} is “${value}” here but “${before}” in ${first.sheet} row ${first.line}${first.file !== origin.file ? ` of ${first.file}` : ''}: the first is kept.`,
            origin.file, origin.sheet, origin.line, column, origin.child, 'warning',
          ),
        );
      }
    }
  }
}

interface ReadRow {
  list: ListDef;
  origin: Origin;
  cells: Map<string, Cell>;
  headers: Map<string, string>;
  source: SourceRow;
}

/** Reads the sheets: header row, columns, the rows with their cells by field id. */
function readSheet(file: string, sheet: Sheet, list: ListDef, findings: Finding[], rejected: PreparedImport['rejectedRows']): ReadRow[] {
  const keyField = list.fields.find((field) => field.key)!;
  let headerIndex = -1;
  let matched: ReturnType<typeof matchHeaders> | null = null;
  for (let index = 0; index < Math.min(sheet.rows.length, HEADER_SEARCH_ROWS); index++) {
    const attempt = matchHeaders(list, sheet.rows[index]!.cells.map((cell) => cell.text));
    if ([...attempt.byColumn.values()].some((field) => field.id === keyField.id)) {
      headerIndex = index;
      matched = attempt;
      break;
    }
  }
  const dataRows = sheet.rows.slice(headerIndex + 1);
  if (!matched) {
    findings.push(finding('KS-HEADER', `No header row naming the ${list.number === 11 ? 'adopter identifier' : 'child’s unique ID'} in the first ${HEADER_SEARCH_ROWS} rows: the sheet cannot be read.`, file, sheet.name, null, null, null));
    return [];
  }
  const headerRow = sheet.rows[headerIndex]!;
  for (const column of list.number === 11 ? [] : matched.unknown) {
    findings.push(finding('KS-COLUMN', `Column “${headerRow.cells[column]!.text}” is not one ${list.title.toLowerCase()} (List ${list.number}) has: left aside.`, file, sheet.name, headerRow.line, headerRow.cells[column]!.text, null, 'warning'));
  }
  const fields = new Map([...matched.byColumn].map(([column, field]) => [field.id, { column, field, header: headerRow.cells[column]!.text }]));
  const toSource = (row: Sheet['rows'][number]): SourceRow => {
    const values: Record<string, string> = {};
    headerRow.cells.forEach((header, column) => {
      const cell = row.cells[column];
      if (header.text && cell && (cell.text || cell.error)) values[header.text] = cell.text || `#${cell.error}`;
    });
    return { file, table: sheet.name, line: row.line, values };
  };
  const missingKeys = list.fields.filter((field) => field.key && !fields.has(field.id));
  if (missingKeys.length) {
    findings.push(finding('KS-COLUMNS', `The sheet has no column for ${missingKeys.map((field) => field.id === 'childId' ? 'the child’s unique ID' : field.id).join(', ')}: none of its rows can be stored.`, file, sheet.name, headerRow.line, null, null));
    for (const row of dataRows) rejected.push({ row: toSource(row), child: null });
    return [];
  }

  // Formulas and error values, one warning per column.
  const formulas = new Map<number, { first: number; count: number; formula: string }>();
  const errors = new Map<number, { first: number; count: number; error: string }>();
  for (const row of dataRows) {
    row.cells.forEach((cell, column) => {
      if (!matched!.byColumn.has(column)) return;
      if (cell.formula && !cell.error) {
        const entry = formulas.get(column) ?? { first: row.line, count: 0, formula: cell.formula };
        entry.count++;
        formulas.set(column, entry);
      } else if (cell.error) {
        const entry = errors.get(column) ?? { first: row.line, count: 0, error: cell.formula ? `a formula never calculated (${cell.formula})` : cell.error };
        entry.count++;
        errors.set(column, entry);
      }
    });
  }
  for (const [column, entry] of formulas) {
    findings.push(
      finding('KS-FORMULA-VALUE', `${entry.count} cell${entry.count === 1 ? '' : 's'} of this column hold${entry.count === 1 ? 's' : ''} a formula (first at row ${entry.first}: ${entry.formula}); the value Excel last calculated is used.`, file, sheet.name, entry.first, headerRow.cells[column]!.text, null, 'warning'),
    );
  }
  for (const [column, entry] of errors) {
    findings.push(
      finding('KS-CELL-ERROR', `${entry.count} cell${entry.count === 1 ? '' : 's'} of this column hold${entry.count === 1 ? 's' : ''} ${entry.error.startsWith('a formula') ? entry.error : `the error value ${entry.error}`} (first at row ${entry.first}), read as blank.`, file, sheet.name, entry.first, headerRow.cells[column]!.text, null, 'warning'),
    );
  }

  return dataRows.map((row) => {
    const cells = new Map<string, Cell>();
    const headers = new Map<string, string>();
    for (const [id, { column, header }] of fields) {
      cells.set(id, row.cells[column] ?? { text: '' });
      headers.set(id, header);
    }
    const child = cells.get(list.number === 11 ? 'adopterId' : 'childId')!.text.trim();
    return { list, origin: { file, sheet: sheet.name, line: row.line, list: list.number, child }, cells, headers, source: toSource(row) };
  });
}

const json = (value: Record<string, string>) => JSON.stringify(value);

export const annexAImporter: AsyncFormatImporter = {
  format: 'annex-a',
  async prepare(files: InputFile[]): Promise<PreparedImport> {
    const findings: Finding[] = [];
    const fileInfo: PreparedImport['files'] = [];
    const rejectedRows: PreparedImport['rejectedRows'] = [];
    const rowSet = new RowSet();
    const pending: Pending[] = [];
    const people = new Map<string, { values: Values; origin: Origin; headers: Map<string, string> }>();
    const listRows: Record<string, number> = {};
    const list9: string[] = [];
    const primaryKeys = new Map<string, Origin>();

    for (const file of files) {
      const read = await readWorkbook(file.name, file.bytes);
      if ('finding' in read) {
        findings.push(read.finding);
        fileInfo.push({ name: file.name, table: null, rows: 0 });
        continue;
      }
      const { workbook } = read;
      let fileRows = 0;
      const listsFound: number[] = [];
      for (const sheet of workbook.sheets) {
        const list = listOfSheet(sheet.name);
        if (!list) {
          if (sheet.rows.length) findings.push(finding('KS-SHEET', `Sheet “${sheet.name}” is not one of the Annex A lists (List 1 … List 11): left aside.`, file.name, sheet.name, null, null, null, 'warning'));
          continue;
        }
        const rows = readSheet(file.name, sheet, list, findings, rejectedRows);
        fileRows += rows.length;
        listsFound.push(list.number);
        listRows[`List ${list.number}`] = (listRows[`List ${list.number}`] ?? 0) + rows.length;
        if (!rows.length) continue;
        const present = new Set(rows[0]!.cells.keys());
        const notStored = [...list.notStored, ...(present.has('age') ? ['Age (Keystone works it out from the date of birth)'] : []), ...(present.has('disability') ? ['Whether the child has a disability (Keystone holds disability codes, not Yes / No)'] : [])];
        if (notStored.length) findings.push(finding('KS-NOT-STORED', `Read and checked but not stored (no place in Keystone’s data model): ${notStored.join('; ')}.`, file.name, sheet.name, null, null, null, 'warning'));
        if (list.number === 9) list9.push(present.has('personalAdviser') || present.has('pathwayReview') || present.has('latestContact') ? 'later template (adviser, pathway plan, latest contact)' : '2020 template');
        if (list.number === 11) continue;
        const contactsSeen = new Map<string, number>();
        for (const row of rows) mapRow(row, workbook.date1904, contactsSeen);
      }
      fileInfo.push({ name: file.name, table: listsFound.length ? `Annex A (${listsFound.length} list${listsFound.length === 1 ? '' : 's'})` : null, rows: fileRows });
    }
    append(findings, rowSet.conflicts);

    function mapRow(row: ReadRow, date1904: boolean, contactsSeen: Map<string, number>): void {
      const { list, origin, cells, headers, source } = row;
      const child = origin.child;
      const problems: Finding[] = [];
      const warnings: Finding[] = [];
      const here = (rule: string, id: string, message: string, severity: 'error' | 'warning' = 'error') =>
        (severity === 'error' ? problems : warnings).push(finding(rule, message, origin.file, origin.sheet, origin.line, headers.get(id) ?? id, child || null, severity));
      for (const [id, cell] of cells) {
        if (!cell.formula && cell.number === undefined && looksLikeFormula(cell.text)) here('KS-FORMULA', id, `The cell holds text a spreadsheet would run as a formula (“${cell.text.slice(0, 40)}”), not a value.`);
      }
      if (!child) here('KS-REQUIRED', 'childId', 'The child’s unique ID is blank: the row cannot be stored.');
      const tooLong = idTooLong(headers.get('childId') ?? 'Child Unique ID', child);
      if (tooLong) here('KS-ID', 'childId', tooLong);
      const text = (id: string) => cells.get(id)?.text.trim() ?? '';
      const take = <T>(id: string, reading: Reading<T>): T | null => {
        if (reading.problem) here('KS-VALUE', id, `${reading.problem} The value is not stored.`, 'warning');
        return reading.value;
      };
      const date = (id: string) => (cells.has(id) ? take(id, readDate(cells.get(id)!, date1904)) : null);
      const code = (id: string) => (cells.has(id) ? take(id, readCode(id, text(id))) : null);
      const yesNo = (id: string) => (cells.has(id) ? take(id, readYesNo(text(id))) : null);
      const integer = (id: string) => (cells.has(id) ? take(id, readInteger(cells.get(id)!)) : null);
      const plainText = (id: string) => text(id) || null;

      const keyField = list.fields.find((field: FieldDef) => field.key && field.id !== 'childId');
      let keyDate: string | null = null;
      if (keyField) {
        const reading = readDate(cells.get(keyField.id)!, date1904);
        if (reading.value) keyDate = reading.value;
        else here(reading.problem ? 'KS-DATE' : 'KS-REQUIRED', keyField.id, reading.problem ? `${reading.problem} A row of List ${list.number} cannot be stored without it.` : `${headers.get(keyField.id)} is blank: a row of List ${list.number} cannot be stored without it.`);
      }
      if (problems.length) {
        append(findings, problems, warnings);
        rejectedRows.push({ row: source, child: child || null });
        return;
      }

      // The primary row's key: the same one twice in a list is refused the second time.
      const aa = `AA/${child}`;
      let primary: { table: string; key: string } | null = null;
      switch (list.number) {
        case 1: {
          const seen = (contactsSeen.get(`${child}\u0000${keyDate}`) ?? 0) + 1;
          contactsSeen.set(`${child}\u0000${keyDate}`, seen);
          primary = { table: 'ssd_contacts', key: `${aa}/CONTACT/${keyDate}${seen > 1 ? `/${seen}` : ''}` };
          break;
        }
        case 2: primary = { table: 'ssd_early_help_episodes', key: `${aa}/EH/${keyDate}` }; break;
        case 3: case 6: primary = { table: 'ssd_cin_episodes', key: `CIN/${child}/${keyDate}` }; break;
        case 4: primary = { table: 'ssd_cin_assessments', key: `${aa}/A/${keyDate}` }; break;
        case 5: primary = { table: 'ssd_s47_enquiry', key: `${aa}/S47/${keyDate}` }; break;
        case 7: primary = { table: 'ssd_cp_plans', key: `${aa}/CPP/${keyDate}` }; break;
        case 8: primary = { table: 'ssd_cla_episodes', key: `${aa}/CLA/${keyDate}` }; break;
        case 9: primary = { table: 'ssd_care_leavers', key: `${aa}/CL` }; break;
        case 10: primary = { table: 'ssd_permanence', key: `${aa}/PERM/${keyDate}` }; break;
      }
      const listKey = `${list.number}\u0000${primary!.key}`;
      const earlier = primaryKeys.get(listKey);
      if (earlier) {
        append(findings, warnings, [finding('KS-DUPLICATE', `This child has another row in List ${list.number} for the same ${keyField ? `date (${keyDate})` : 'young person'} (row ${earlier.line}${earlier.file !== origin.file ? ` of ${earlier.file}` : ''}); only the first is stored.`, origin.file, origin.sheet, origin.line, keyField ? (headers.get(keyField.id) ?? null) : (headers.get('childId') ?? null), child)]);
        rejectedRows.push({ row: source, child });
        return;
      }
      primaryKeys.set(listKey, origin);

      // The person.
      const gender = cells.has('gender') ? take('gender', readGender(text('gender'))) : null;
      const personValues: Values = { pers_sex: gender?.sex ?? null, pers_gender: gender?.label ?? null, pers_ethnicity: cells.has('ethnicity') ? take('ethnicity', readEthnicity(text('ethnicity'))) : null, pers_dob: date('dob') };
      const personHeaders = new Map([['pers_sex', headers.get('gender') ?? 'Gender'], ['pers_gender', headers.get('gender') ?? 'Gender'], ['pers_ethnicity', headers.get('ethnicity') ?? 'Ethnicity'], ['pers_dob', headers.get('dob') ?? 'Date of Birth']]);
      const person = people.get(child);
      if (!person) people.set(child, { values: personValues, origin, headers: personHeaders });
      else {
        for (const [column, value] of Object.entries(personValues)) {
          if (value === null || column === 'pers_gender') continue;
          const before = person.values[column];
          if (before == null) {
            person.values[column] = value;
            if (column === 'pers_sex') person.values.pers_gender = personValues.pers_gender ?? null;
          } else if (before !== value) {
            warnings.push(finding('KS-CONFLICT', `The child’s ${personHeaders.get(column)!.toLowerCase()} is “${value}” here but “${before}” in ${person.origin.sheet} row ${person.origin.line}: the first is kept.`, origin.file, origin.sheet, origin.line, personHeaders.get(column)!, child, 'warning'));
          }
        }
      }

      const add = (table: string, key: string, values: Values) => rowSet.add(table, key, values, origin);
      const nameOf = (kind: 'team' | 'worker', table: string, key: string, column: string) => {
        const name = text(kind);
        if (name) pending.push({ table, key, column, kind, name, origin, header: headers.get(kind)! });
      };
      const key = primary!.key;
      switch (list.number) {
        case 1: {
          const source = cells.has('contactSource') ? take('contactSource', readSource(text('contactSource'))) : null;
          add('ssd_contacts', key, { cont_person_id: child, cont_contact_date: `${keyDate} 00:00:00`, cont_contact_source_code: source?.code ?? null, cont_contact_source_desc: source?.description ?? null });
          break;
        }
        case 2:
          add('ssd_early_help_episodes', key, { earl_person_id: child, earl_episode_start_date: keyDate, earl_episode_end_date: date('ehEnd'), earl_episode_organisation: plainText('ehOrganisation') });
          break;
        case 3: {
          const source = cells.has('referralSource') ? take('referralSource', readSource(text('referralSource'))) : null;
          add('ssd_cin_episodes', key, { cine_person_id: child, cine_referral_date: keyDate, cine_referral_source_code: source?.code ?? null, cine_referral_source_desc: source?.description ?? null, cine_referral_nfa: yesNo('referralNfa') });
          nameOf('team', 'ssd_cin_episodes', key, 'cine_referral_team');
          nameOf('worker', 'ssd_cin_episodes', key, 'cine_referral_worker_id');
          break;
        }
        case 4: {
          const outcome = plainText('assessmentOutcome');
          const needsSupport = outcome ? readYesNo(outcome).value : null;
          add('ssd_cin_assessments', key, {
            cina_person_id: child, cina_assessment_start_date: keyDate, cina_assessment_child_seen: yesNo('childSeen'), cina_assessment_auth_date: date('assessmentAuthorised'),
            cina_assessment_outcome_json: outcome ? json({ outcome: outcome.replace(/^\s*[a-z]\)\s*/i, '') }) : null,
            cina_assessment_outcome_nfa: needsSupport === 'Y' ? 'N' : needsSupport === 'N' ? 'Y' : null,
          });
          nameOf('team', 'ssd_cin_assessments', key, 'cina_assessment_team');
          nameOf('worker', 'ssd_cin_assessments', key, 'cina_assessment_worker_id');
          break;
        }
        case 5: {
          add('ssd_s47_enquiry', key, { s47e_person_id: child, s47e_s47_start_date: keyDate, s47e_s47_nfa: yesNo('icpcUnnecessary') });
          const conference = date('icpcDate');
          if (conference) add('ssd_initial_cp_conference', `${key}/ICPC`, { icpc_person_id: child, icpc_s47_enquiry_id: key, icpc_icpc_date: conference, icpc_icpc_outcome_cp_flag: yesNo('icpcPlan') });
          break;
        }
        case 6: {
          add('ssd_cin_episodes', key, { cine_person_id: child, cine_referral_date: keyDate, cine_cin_primary_need_code: code('primaryNeed'), cine_close_date: date('cinClosure'), cine_close_reason: code('closureReason') });
          const seen = date('lastSeen');
          if (seen) add('ssd_cin_visits', `${aa}/CINV/${seen}`, { cinv_person_id: child, cinv_cin_visit_date: seen, cinv_cin_visit_seen: 'Y' });
          break;
        }
        case 7: {
          add('ssd_cp_plans', key, {
            cppl_person_id: child, cppl_cp_plan_start_date: keyDate, cppl_cp_plan_end_date: date('cpEnd'), cppl_cp_plan_initial_category: code('initialCategory'),
            cppl_cp_plan_latest_category: code('latestCategory'), cppl_previous_cp_plans: integer('previousPlans'),
          });
          const visit = date('lastVisit');
          if (visit) add('ssd_cp_visits', `${key}/V/${visit}`, { cppv_person_id: child, cppv_cp_plan_id: key, cppv_cp_visit_date: visit, cppv_cp_visit_seen_alone: yesNo('seenAlone') });
          const review = date('latestReview');
          if (review) add('ssd_cp_reviews', `${key}/R/${review}`, { cppr_person_id: child, cppr_cp_plan_id: key, cppr_cp_review_date: review });
          break;
        }
        case 8:
          mapLookedAfter(key, keyDate!, child, { date, code, plainText, here, add });
          break;
        case 9:
          add('ssd_care_leavers', key, {
            clea_person_id: child, clea_care_leaver_eligibility: code('eligibility'), clea_care_leaver_in_touch: code('inTouch'), clea_care_leaver_latest_contact: date('latestContact'),
            clea_care_leaver_accommodation: code('accommodation'), clea_care_leaver_accom_suitable: code('suitability'), clea_care_leaver_activity: code('activity'),
            clea_pathway_plan_review_date: date('pathwayReview'), clea_care_leaver_personal_advisor: plainText('personalAdviser'),
          });
          nameOf('team', 'ssd_care_leavers', key, 'clea_care_leaver_allocated_team');
          nameOf('worker', 'ssd_care_leavers', key, 'clea_care_leaver_worker_id');
          break;
        case 10: {
          const adopted = date('adoptionOrder');
          add('ssd_permanence', key, {
            perm_person_id: child, perm_adm_decision_date: keyDate, perm_placement_order_date: date('placementOrder'), perm_matched_date: date('matched'),
            perm_placed_for_adoption_date: date('placedForAdoption'), perm_permanence_order_date: adopted, perm_permanence_order_type: adopted ? 'Adoption order' : null,
            perm_decision_reversed_date: date('reversedDate'), perm_decision_reversed_reason: code('reversedReason'), perm_placed_ffa_cp_date: date('ffaPlaced'),
          });
          break;
        }
      }
      append(findings, warnings);
    }

    /**
     * List 8: the period of care from the date the child started to be looked after, split into
     * episodes where the current legal status and the latest placement began (reason L, P, or T for
     * both on one day), each ending where the next begins (X1) and the last where care ceased.
     */
    function mapLookedAfter(
      period: string,
      start: string,
      child: string,
      read: {
        date: (id: string) => string | null;
        code: (id: string) => string | null;
        plainText: (id: string) => string | null;
        here: (rule: string, id: string, message: string, severity?: 'error' | 'warning') => void;
        add: (table: string, key: string, values: Values) => void;
      },
    ): void {
      const { date, code, plainText, here, add } = read;
      const aa = `AA/${child}`;
      const ended = date('claEnd');
      const legalStart = date('legalStart');
      const placementStart = date('placementStart');
      const status = code('legalStatus');
      const need = code('categoryOfNeed');
      const within = (id: string, day: string | null): string | null => {
        if (!day) return null;
        if (day < start) {
          here('KS-DATES', id, `${day} is before the child started to be looked after (${start}): the episodes start at ${start}.`, 'warning');
          return null;
        }
        if (ended && day > ended) {
          here('KS-DATES', id, `${day} is after the child ceased to be looked after (${ended}).`, 'warning');
          return null;
        }
        return day;
      };
      const legalBreak = within('legalStart', legalStart);
      const placementBreak = within('placementStart', placementStart);
      const breaks = [...new Set([start, ...(legalBreak ? [legalBreak] : []), ...(placementBreak ? [placementBreak] : [])])].sort();
      const placementId = placementStart ? `${aa}/PL/${placementStart}` : null;
      if (placementStart) {
        add('ssd_cla_placement', placementId!, {
          clap_person_id: child, clap_cla_id: period, clap_cla_placement_start_date: placementStart, clap_cla_placement_end_date: ended, clap_cla_placement_type: code('placementType'),
          clap_cla_placement_provider: code('placementProvider'), clap_cla_placement_postcode: plainText('placementPostcode')?.toUpperCase() ?? null, clap_cla_placement_urn: plainText('placementUrn'),
        });
      }
      if (status && legalStart) add('ssd_legal_status', `${aa}/LS/${legalStart}`, { lega_person_id: child, lega_legal_status: status, lega_legal_status_start_date: legalStart, lega_legal_status_end_date: ended });
      breaks.forEach((day, index) => {
        const last = index === breaks.length - 1;
        const reason = index === 0 ? 'S' : day === legalBreak && day === placementBreak ? 'T' : day === placementBreak ? 'P' : 'L';
        const hasLegal = legalStart ? day >= (legalBreak ?? start) : last;
        const hasPlacement = placementStart ? day >= (placementBreak ?? start) : false;
        add('ssd_cla_episodes', index === 0 ? period : `${period}/E/${day}`, {
          clae_person_id: child, clae_cla_id: period, clae_cla_episode_start_date: day, clae_cla_episode_start_reason: reason, clae_entered_care_date: start,
          clae_cla_primary_need_code: need, clae_legal_status: hasLegal ? status : null, clae_cla_placement_id: hasPlacement ? placementId : null,
          clae_cla_episode_ceased_date: last ? ended : breaks[index + 1]!, clae_cla_episode_ceased_reason: last ? (ended ? code('reasonCeased') : null) : 'X1',
          clae_cla_last_iro_contact_date: last ? date('lastIroContact') : null,
        });
      });
      const review = date('latestReview');
      if (review) add('ssd_cla_reviews', `${period}/R/${review}`, { clar_cla_id: period, clar_person_id: child, clar_cla_review_date: review });
      const visit = date('lastSocialWorkVisit');
      if (visit) add('ssd_cla_visits', `${period}/V/${visit}`, { clav_cla_id: period, clav_person_id: child, clav_cla_visit_date: visit });
      const health = date('lastHealthAssessment');
      if (health) add('ssd_cla_health', `${aa}/HA/${health}`, { clah_person_id: child, clah_health_check_type: 'Health Assessment', clah_health_check_date: health, clah_health_check_status: 'Completed' });
      const dental = date('lastDentalCheck');
      if (dental) add('ssd_cla_health', `${aa}/DENTAL/${dental}`, { clah_person_id: child, clah_health_check_type: 'Dental Check', clah_health_check_date: dental, clah_health_check_status: 'Completed' });
      const plan = code('permanencePlan');
      if (plan) add('ssd_cla_care_plan', `${period}/PLAN`, { lacp_person_id: child, lacp_cla_care_plan_json: json({ permanence_plan: plan }) });
    }

    const teamNames = new Set(pending.filter((entry) => entry.kind === 'team').map((entry) => entry.name.toLowerCase()));
    const workerNames = new Set(pending.filter((entry) => entry.kind === 'worker').map((entry) => entry.name.toLowerCase()));
    const lookups: Lookup[] = [
      { table: 'ssd_department', column: 'dept_team_name', returning: 'dept_team_id', ignoreCase: true, values: teamNames },
      { table: 'ssd_professionals', column: 'prof_professional_name', returning: 'prof_professional_id', ignoreCase: true, values: workerNames },
    ];

    return {
      summary: {
        personMatch: 'Child Unique ID = ssd_person.pers_person_id (the council’s child ID)',
        lists: listRows,
        ...(list9.length ? { list9: [...new Set(list9)].join(', ') } : {}),
        referralKeys: 'CIN/<child>/<date>, shared with the CIN census import',
      },
      files: fileInfo,
      findings,
      rejectedRows,
      childIds: new Set(people.keys()),
      lookups,
      writes(_existingPeople: ReadonlySet<string>, found: LookupResults = []) {
        const lateFindings: Finding[] = [];
        const unresolved = new Map<string, { entry: Pending; count: number; ids: readonly string[] }>();
        for (const entry of pending) {
          const ids = found[entry.kind === 'team' ? 0 : 1]?.get(entry.name.toLowerCase()) ?? [];
          const row = rowSet.tables.get(entry.table)?.get(entry.key);
          if (ids.length === 1 && row) {
            if (row.values[entry.column] == null) row.values[entry.column] = ids[0]!;
            continue;
          }
          const name = `${entry.kind}\u0000${entry.name.toLowerCase()}`;
          const known = unresolved.get(name);
          if (known) known.count++;
          else unresolved.set(name, { entry, count: 1, ids });
        }
        for (const { entry, count, ids } of unresolved.values()) {
          const what = entry.kind === 'team' ? 'team' : 'professional';
          lateFindings.push(
            finding(
              'KS-NAME',
              `“${entry.name}” (${count} row${count === 1 ? '' : 's'}, first here) ${ids.length ? `matches ${ids.length} ${what}s` : `matches no ${what}`} in Keystone by name, so it is not stored: add the ${what} (SSD ${entry.kind === 'team' ? 'ssd_department' : 'ssd_professionals'}) and import again.`,
              entry.origin.file, entry.origin.sheet, entry.origin.line, entry.header, entry.origin.child, 'warning',
            ),
          );
        }
        const tables = new Map(rowSet.tables);
        tables.set('ssd_person', new Map([...people].map(([child, person]) => [child, { values: { pers_person_id: child, ...person.values }, origin: person.origin }])));
        const writes: TableWrite[] = [];
        for (const table of SSD_TABLES) {
          const rows = tables.get(table.name);
          if (!rows?.size) continue;
          const personColumn = table.person;
          // Each row sets only the columns it has a value for: rows are written in groups by those columns.
          const groups = new Map<string, DbCell[][]>();
          for (const { values } of rows.values()) {
            const columns = table.columns.map((column) => column.name).filter((column) => values[column] != null);
            const signature = columns.join(',');
            if (!groups.has(signature)) groups.set(signature, []);
            groups.get(signature)!.push(columns.map((column) => values[column]!));
          }
          for (const [signature, groupRows] of groups) {
            const columns = signature.split(',');
            const personIndex = personColumn ? columns.indexOf(personColumn) : -1;
            writes.push({ table: table.name, key: table.key, columns, rows: groupRows, ...(personIndex >= 0 ? { childOf: (cells: DbCell[]) => (cells[personIndex] as string | null) ?? null } : {}) });
          }
        }
        return { writes, lateRejections: lateFindings, lateRejectedRows: [] };
      },
    };
  },
};
