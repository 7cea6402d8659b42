/**
 * Identifiers (a child's ID, a record's ID) become primary keys and provenance keys, which the
 * database indexes; PostgreSQL cannot index a value of more than about 2,700 bytes. An identifier
 * longer than MAX_ID_LENGTH is therefore a finding that refuses its row, never a failed import.
 * Real ones are short: the CIN census allows 20 characters for LAchildID, the SSD 48 for its IDs.
 */
export const MAX_ID_LENGTH = 100;

/** Why an identifier cannot be stored, or undefined when it can. */
export function idTooLong(field: string, value: string): string | undefined {
  return value.length > MAX_ID_LENGTH
    ? `${field} is ${value.length.toLocaleString('en-GB')} characters long (starting “${value.slice(0, 20)}”): an identifier can be at most ${MAX_ID_LENGTH}, so the row cannot be stored.`
    : undefined;
}
