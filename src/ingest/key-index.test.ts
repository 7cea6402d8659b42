import { describe, expect, it } from 'vitest';
import { KeyIndex } from './key-index.ts';

describe('the key index', () => {
  it('finds where each key was first seen, as a Map would, across growth, for any characters', () => {
    const index = new KeyIndex();
    const reference = new Map<string, { file: number; line: number }>();
    let seed = 19;
    const random = (below: number) => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % below;
    };
    const alphabet = ['A', 'b', '7', '-', 'é', '€', '😀', ' '];
    const wrong: string[] = [];
    for (let file = 0; file < 3; file++) {
      for (let line = 2; line < 40_000; line++) {
        const key = Array.from({ length: 1 + random(4) }, () => alphabet[random(alphabet.length)]).join('') + String(random(50_000));
        const expected = reference.get(key) ?? null;
        const found = index.firstOrAdd(key, file, line);
        if (JSON.stringify(found) !== JSON.stringify(expected)) wrong.push(`${key}: ${JSON.stringify(found)}, not ${JSON.stringify(expected)}`);
        if (!expected) reference.set(key, { file, line });
      }
    }
    expect(wrong).toEqual([]);
    expect(index.size).toBe(reference.size);
    expect(reference.size).toBeGreaterThan(50_000);
  });

  it('keeps the note a key was first given (none for keys given none, before or after the first note), across growth', () => {
    const index = new KeyIndex();
    const reference = new Map<string, string | undefined>();
    const wrong: string[] = [];
    for (let number = 0; number < 30_000; number++) {
      const key = `K${number % 20_000}`;
      // Notes start at key 500: the keys before have none; later every third key has none.
      const note = number >= 500 && number % 3 !== 0 ? `child é${number}` : undefined;
      const found = index.firstOrAdd(key, 0, number, note);
      if (found && found.note !== reference.get(key)) wrong.push(`${key}: ${found.note}, not ${reference.get(key)}`);
      if (!reference.has(key)) reference.set(key, note);
    }
    expect(wrong).toEqual([]);
    expect(index.firstOrAdd('K502', 0, 1)).toEqual({ file: 0, line: 502, note: 'child é502' });
    expect(index.firstOrAdd('K7', 0, 1)).toEqual({ file: 0, line: 7 });
  });

  it('forgets the keys of a file dropped: the next file to give one is where it was first seen', () => {
    const index = new KeyIndex();
    expect(index.firstOrAdd('P7', 0, 2)).toBeNull();
    expect(index.firstOrAdd('P1', 1, 2)).toBeNull();
    expect(index.firstOrAdd('P7', 1, 3)).toEqual({ file: 0, line: 2 });
    index.drop(0);
    expect(index.firstOrAdd('P7', 2, 2)).toBeNull();
    expect(index.firstOrAdd('P7', 2, 5)).toEqual({ file: 2, line: 2 });
    expect(index.firstOrAdd('P1', 2, 6)).toEqual({ file: 1, line: 2 });
  });

  it('tells whether a key was seen without adding it, and not for a dropped file', () => {
    const index = new KeyIndex();
    expect(index.has('child 7')).toBe(false);
    expect(index.size).toBe(0);
    index.firstOrAdd('child 7', 0, 0);
    index.firstOrAdd('child 8', 1, 0);
    expect([index.has('child 7'), index.has('child 8'), index.has('child 9'), index.size]).toEqual([true, true, false, 2]);
    index.drop(0);
    expect([index.has('child 7'), index.has('child 8')]).toEqual([false, true]);
  });
});
