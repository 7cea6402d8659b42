/**
 * The worker role Keystone itself writes when it makes an allocation (SSDA903 SWEpisodes import, tests).
 * On its own so the importers' checks can name it without loading the query builder (core/allocations.ts).
 */
export const CASE_HOLDING_ROLE = 'ALLOCATED_CASE_WORKER';
