/**
 * Issue 14, defect 1: a table, or its findings, past about 120,000 rows overflowed the call stack
 * (`push(...rows)` passes every row as an argument). 150,000 episode rows, every one with a finding,
 * must be read and checked without a stack overflow; no database is involved.
 */
import { describe, expect, it } from 'vitest';
import { append, maxOf } from '../core/arrays.ts';
import { ssda903Importer } from './ssda903/importer.ts';

const ROWS = 150_000;

describe('tables and findings past 150,000 rows', () => {
  it('append and maxOf take arrays larger than the call stack allows as arguments', () => {
    const big = Array.from({ length: ROWS * 2 }, (_, index) => index);
    expect(() => [].push(...(big as never[]))).toThrow(RangeError);
    const target = [-1];
    append(target, big, [ROWS * 2]);
    expect(target.length).toBe(ROWS * 2 + 2);
    expect(target[ROWS * 2 + 1]).toBe(ROWS * 2);
    expect(maxOf(big)).toBe(ROWS * 2 - 1);
    expect(maxOf([], 7)).toBe(7);
  });

  it('reads and checks a 903 episodes table of 150,000 rows, each with a finding', () => {
    const lines = ['CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN'];
    // Every row's start date is not a date: at least one finding per row.
    for (let index = 0; index < ROWS; index++) lines.push(`C${index},not a date,S,C2,N1,U1,PR1,,X1,,,,SC000001`);
    const file = { name: 'episodes.csv', bytes: new TextEncoder().encode(`${lines.join('\n')}\n`) };
    const prepared = ssda903Importer.prepare([file], { collectionYear: 2025 });
    expect(prepared.files[0]).toMatchObject({ table: 'Episodes', rows: ROWS });
    expect(prepared.findings.length).toBeGreaterThanOrEqual(ROWS);
    expect(prepared.rejectedRows.length).toBe(ROWS);
  }, 120_000);
});
