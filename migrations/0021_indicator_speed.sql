-- Faster figures (issue 19). ks_allocation as in 0016, but the worker role's key is computed once per
-- distinct role recorded rather than once per involvement, and a team or change reason's key only when
-- one is recorded: the same rows and columns, without three function calls on every row each time a
-- figure reads the allocations.
CREATE OR REPLACE VIEW ks_allocation AS
SELECT i.invo_involvements_id, i.invo_professional_id, i.invo_professional_role_id,
       coalesce(t.meaning, i.invo_professional_team) AS invo_professional_team,
       i.invo_involvement_start_date, i.invo_involvement_end_date,
       coalesce(r.meaning, i.invo_worker_change_reason) AS invo_worker_change_reason,
       i.invo_person_id, i.invo_referral_id
FROM ssd_involvements i
LEFT JOIN LATERAL (
  SELECT lc.meaning FROM ks_local_code lc
  WHERE i.invo_professional_team IS NOT NULL AND lc.field = 'team' AND lc.code_key = ks_code_key(i.invo_professional_team)
) t ON true
LEFT JOIN LATERAL (
  SELECT lc.meaning FROM ks_local_code lc
  WHERE i.invo_worker_change_reason IS NOT NULL AND lc.field = 'worker_change_reason' AND lc.code_key = ks_code_key(i.invo_worker_change_reason)
) r ON true
WHERE i.invo_professional_role_id IN (
  SELECT roles.role
  FROM (SELECT DISTINCT invo_professional_role_id AS role FROM ssd_involvements) roles
  JOIN ks_local_code c ON c.field = 'worker_role' AND c.meaning = 'case_holding' AND c.code_key = ks_code_key(roles.role)
);

-- A child's episodes by start date: the figures look up the episode a placement began with, and the
-- episodes open on a date (short breaks), for every child looked after on every month-end.
CREATE INDEX ssd_cla_episodes_person_start ON ssd_cla_episodes (clae_person_id, clae_cla_episode_start_date);
