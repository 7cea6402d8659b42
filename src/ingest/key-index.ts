/**
 * Keys seen so far (an SSD table's keys, a CIN return's child IDs), with where each was first seen (file,
 * line), held compactly for millions of keys: the keys' UTF-8 bytes one after another in one buffer, and for each key where its
 * bytes end and its line in typed arrays (a file's keys come one after another: where each file's
 * begin is kept), found through an open-addressing hash table of key numbers. About 30 bytes a key of
 * 10 characters, outside the garbage-collected heap, where a Map of strings takes 60 or more and is
 * traced by every collection. A key may carry a short note (e.g. the child who holds a UPN), kept the same way.
 */
export class KeyIndex {
  private bytes = new Uint8Array(1 << 16);
  private used = 0;
  /** For key number i: where its bytes end (they start where key i - 1's end), and its line. */
  private ends = new Uint32Array(1 << 10);
  private lines = new Uint32Array(1 << 10);
  /** Notes' UTF-8 bytes one after another, and where key i's note ends: made when the first note is given. */
  private noteBytes = new Uint8Array(0);
  private noteEnds: Uint32Array | null = null;
  private notesUsed = 0;
  private readonly decoder = new TextDecoder();
  /** Each file whose keys were added, with the number of its first key, in the order read. */
  private readonly fileStarts: Array<{ file: number; from: number }> = [];
  private count = 0;
  /** Open addressing, linear probing: key number + 1, 0 for an empty slot; at most three quarters full. */
  private slots = new Uint32Array(1 << 11);
  /** Files whose keys no longer count (found unreadable after their rows were read). */
  private readonly dropped = new Set<number>();
  private readonly encoder = new TextEncoder();

  get size(): number {
    return this.count;
  }

  /**
   * Where `key` was first seen (with its note, when it was given one); if it was not, it is added as seen at `file`
   * and `line`, with `note`, and null returned.
   */
  firstOrAdd(key: string, file: number, line: number, note?: string): { file: number; line: number; note?: string } | null {
    const index = this.find(key);
    if (index >= 0) {
      const found: { file: number; line: number; note?: string } = { file: this.fileOf(index), line: this.lines[index]! };
      if (this.noteEnds) {
        const from = index === 0 ? 0 : this.noteEnds[index - 1]!;
        if (this.noteEnds[index]! > from) found.note = this.decoder.decode(this.noteBytes.subarray(from, this.noteEnds[index]));
      }
      return found;
    }
    const { slot, length } = this;
    if (this.count === this.ends.length) {
      this.ends = grown(this.ends, this.count + 1);
      this.lines = grown(this.lines, this.count + 1);
      if (this.noteEnds) this.noteEnds = grown(this.noteEnds, this.count + 1);
    }
    if (note) {
      // The keys before the first note have empty notes: their ends are all 0.
      this.noteEnds ??= new Uint32Array(this.ends.length);
      if (this.notesUsed + note.length * 3 > this.noteBytes.length) this.noteBytes = grown(this.noteBytes, this.notesUsed + note.length * 3);
      this.notesUsed += this.encoder.encodeInto(note, this.noteBytes.subarray(this.notesUsed)).written;
    }
    if (this.noteEnds) this.noteEnds[this.count] = this.notesUsed;
    if (this.fileStarts.at(-1)?.file !== file) this.fileStarts.push({ file, from: this.count });
    this.used += length;
    this.ends[this.count] = this.used;
    this.lines[this.count] = line;
    this.slots[slot] = ++this.count;
    if (this.count * 4 > this.slots.length * 3) this.rehash();
    return null;
  }

  /** Whether `key` was seen (in a file not dropped). */
  has(key: string): boolean {
    return this.find(key) >= 0;
  }

  /** Set by find(): the empty slot for the key not found, and its length in bytes. */
  private slot = 0;
  private length = 0;

  /**
   * The key number of `key`, or -1 if it was not seen (then `slot` and `length` say where and how long it would
   * go); its UTF-8 bytes are left after the last key's, where adding it keeps them. No object made per lookup.
   */
  private find(key: string): number {
    if (this.used + key.length * 3 > this.bytes.length) this.bytes = grown(this.bytes, this.used + key.length * 3);
    const length = this.encoder.encodeInto(key, this.bytes.subarray(this.used)).written;
    const start = this.used;
    let hash = 0x811c9dc5;
    for (let at = start; at < start + length; at++) hash = Math.imul(hash ^ this.bytes[at]!, 0x01000193);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (; this.slots[slot] !== 0; slot = (slot + 1) & mask) {
      const index = this.slots[slot]! - 1;
      if (this.same(index, start, length) && (this.dropped.size === 0 || !this.dropped.has(this.fileOf(index)))) return index;
    }
    this.slot = slot;
    this.length = length;
    return -1;
  }

  /** The keys a file added no longer count: the file turned out unreadable. */
  drop(file: number): void {
    this.dropped.add(file);
  }

  /** The file key number `index` was read from (the last file to begin at or before it). */
  private fileOf(index: number): number {
    let low = 0;
    let high = this.fileStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.fileStarts[middle]!.from <= index) low = middle;
      else high = middle - 1;
    }
    return this.fileStarts[low]!.file;
  }

  private same(index: number, start: number, length: number): boolean {
    const from = index === 0 ? 0 : this.ends[index - 1]!;
    if (this.ends[index]! - from !== length) return false;
    for (let at = 0; at < length; at++) if (this.bytes[from + at] !== this.bytes[start + at]) return false;
    return true;
  }

  private rehash(): void {
    const slots = new Uint32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let index = 0; index < this.count; index++) {
      const from = index === 0 ? 0 : this.ends[index - 1]!;
      let hash = 0x811c9dc5;
      for (let at = from; at < this.ends[index]!; at++) hash = Math.imul(hash ^ this.bytes[at]!, 0x01000193);
      let slot = hash & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = index + 1;
    }
    this.slots = slots;
  }
}

/** A copy of `array` at least `needed` long (doubling). */
function grown<T extends Uint8Array | Uint32Array>(array: T, needed: number): T {
  let length = Math.max(array.length * 2, 64);
  while (length < needed) length *= 2;
  const copy = new (array.constructor as new (length: number) => T)(length);
  copy.set(array);
  return copy;
}
