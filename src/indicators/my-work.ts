/**
 * "My work" for a social worker: the children allocated to them on a date and, for each, the visits
 * and reviews coming due or overdue, by the same rules as the timeliness indicators.
 */
import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import type { IsoDate } from '../core/dates.ts';
import { carePeriodsQuery } from './sql.ts';
import { ALLOCATIONS, inEffect } from '../core/allocations.ts';
import type { IndicatorSettings } from './settings.ts';

export interface WorkItem {
  what: string;
  due: IsoDate;
  /** Working days from the date to the due date (negative: overdue by that many). */
  workingDaysLeft: number;
}

export interface ChildWork {
  childId: string;
  name: string;
  dateOfBirth: IsoDate | null;
  allocatedSince: IsoDate;
  items: WorkItem[];
}

/** Items due within this many working days count as "coming due". */
export const COMING_DUE_WORKING_DAYS = 10;

export async function myWork(database: Database, professionalId: string, asOf: IsoDate, settings: IndicatorSettings): Promise<ChildWork[]> {
  const { cpVisitWorkingDays: cpVisit, cinVisitWorkingDays: cinVisit } = settings.parameters;
  const children = await sql<{ child_id: string; name: string; dob: IsoDate | null; allocated_since: IsoDate }>`
    SELECT p.pers_person_id AS child_id, concat_ws(' ', p.pers_forename, p.pers_surname) AS name, p.pers_dob AS dob,
           min(i.invo_involvement_start_date) AS allocated_since
    FROM ${ALLOCATIONS} i JOIN ssd_person p ON p.pers_person_id = i.invo_person_id
    WHERE i.invo_professional_id = ${professionalId} AND ${inEffect('i', asOf)}
    GROUP BY p.pers_person_id ORDER BY min(p.pers_surname), min(p.pers_forename), p.pers_person_id`.execute(database.db);
  if (children.rows.length === 0) return [];
  const ids = children.rows.map((row) => row.child_id);
  // Each due date, by the rules in catalogue/timeliness.ts and catalogue/plans.ts.
  const items = await sql<{ child_id: string; what: string; due: IsoDate; left: number }>`
    WITH mine AS (SELECT unnest(${sql.val(ids)}::text[]) AS child_id),
    today AS (SELECT working_day_number AS n FROM ks_calendar WHERE day = ${asOf}::date),
    cp AS (
      SELECT DISTINCT ON (p.cppl_person_id) p.cppl_person_id AS child_id, p.cppl_cp_plan_id AS plan_id, p.cppl_cp_plan_start_date AS start_date
      FROM ssd_cp_plans p JOIN mine m ON m.child_id = p.cppl_person_id
      WHERE p.cppl_cp_plan_start_date <= ${asOf} AND (p.cppl_cp_plan_end_date IS NULL OR p.cppl_cp_plan_end_date > ${asOf})
      ORDER BY p.cppl_person_id, p.cppl_cp_plan_start_date DESC),
    cin AS (
      SELECT DISTINCT ON (p.cinp_person_id) p.cinp_person_id AS child_id, p.cinp_cin_plan_start_date AS start_date
      FROM ssd_cin_plans p JOIN mine m ON m.child_id = p.cinp_person_id
      WHERE p.cinp_cin_plan_start_date <= ${asOf} AND (p.cinp_cin_plan_end_date IS NULL OR p.cinp_cin_plan_end_date > ${asOf})
      ORDER BY p.cinp_person_id, p.cinp_cin_plan_start_date DESC),
    cla AS (
      SELECT p.child_id, p.period_start AS start_date
      FROM (${carePeriodsQuery}) p JOIN mine m ON m.child_id = p.child_id
      WHERE p.period_start <= ${asOf} AND (p.period_end IS NULL OR p.period_end > ${asOf})),
    due AS (
      SELECT cp.child_id, 'Child protection visit' AS what,
             coalesce((SELECT c2.day FROM ks_calendar c1 JOIN ks_calendar c2 ON c2.is_working_day AND c2.working_day_number = c1.working_day_number + ${cpVisit}
                       WHERE c1.day = (SELECT max(v.cppv_cp_visit_date) FROM ssd_cp_visits v WHERE v.cppv_person_id = cp.child_id AND v.cppv_cp_visit_seen = 'Y'
                                        AND v.cppv_cp_visit_date BETWEEN cp.start_date AND ${asOf})),
                      (SELECT c2.day FROM ks_calendar c1 JOIN ks_calendar c2 ON c2.is_working_day AND c2.working_day_number = c1.working_day_number + ${cpVisit}
                       WHERE c1.day = cp.start_date)) AS due
      FROM cp
      UNION ALL
      SELECT cp.child_id, 'Child protection review',
             coalesce((SELECT (max(r.cppr_cp_review_date) + interval '6 months')::date FROM ssd_cp_reviews r WHERE r.cppr_cp_plan_id = cp.plan_id AND r.cppr_cp_review_date <= ${asOf}),
                      (cp.start_date + interval '3 months')::date)
      FROM cp
      UNION ALL
      SELECT cin.child_id, 'Child in need visit',
             (SELECT c2.day FROM ks_calendar c1 JOIN ks_calendar c2 ON c2.is_working_day AND c2.working_day_number = c1.working_day_number + ${cinVisit}
              WHERE c1.day = coalesce((SELECT max(v.cinv_cin_visit_date) FROM ssd_cin_visits v WHERE v.cinv_person_id = cin.child_id AND v.cinv_cin_visit_seen = 'Y'
                                        AND v.cinv_cin_visit_date BETWEEN cin.start_date AND ${asOf}), cin.start_date))
      FROM cin
      UNION ALL
      SELECT cla.child_id, 'Looked-after visit',
             coalesce((SELECT max(v.clav_cla_visit_date) + 42 FROM ssd_cla_visits v WHERE v.clav_person_id = cla.child_id AND v.clav_cla_visit_seen = 'Y'
                       AND v.clav_cla_visit_date BETWEEN cla.start_date AND ${asOf}), cla.start_date + 7)
      FROM cla
      UNION ALL
      SELECT cla.child_id, 'Looked-after review',
             (SELECT CASE count(r.clar_cla_review_id)
                       WHEN 0 THEN (SELECT c2.day FROM ks_calendar c1 JOIN ks_calendar c2 ON c2.is_working_day AND c2.working_day_number = c1.working_day_number + 20 WHERE c1.day = cla.start_date)
                       WHEN 1 THEN (max(r.clar_cla_review_date) + interval '3 months')::date
                       ELSE (max(r.clar_cla_review_date) + interval '6 months')::date END
              FROM ssd_cla_reviews r WHERE r.clar_person_id = cla.child_id AND coalesce(r.clar_cla_review_cancelled, 'N') <> 'Y'
                AND r.clar_cla_review_date BETWEEN cla.start_date AND ${asOf})
      FROM cla
    )
    SELECT due.child_id, due.what, due.due, c.working_day_number - today.n AS left
    FROM due JOIN ks_calendar c ON c.day = due.due CROSS JOIN today
    ORDER BY due.due`.execute(database.db);
  const byChild = new Map<string, WorkItem[]>();
  for (const item of items.rows) {
    const list = byChild.get(item.child_id) ?? [];
    list.push({ what: item.what, due: item.due, workingDaysLeft: item.left });
    byChild.set(item.child_id, list);
  }
  return children.rows.map((row) => ({
    childId: row.child_id,
    name: row.name || 'Name not recorded',
    dateOfBirth: row.dob,
    allocatedSince: row.allocated_since,
    items: byChild.get(row.child_id) ?? [],
  }));
}
