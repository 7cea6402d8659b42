/**
 * The byte checks every streamed text file passes before it is parsed (the CIN census XML, the
 * SSDA903 XML, streamed SSD CSV): UTF-16 (a byte-order mark), binary content (a zero byte) and bytes
 * that are not UTF-8. Bytes arrive chunk by chunk; a problem names the line it is on, counted over
 * the whole file, whichever chunk it falls in (a character split between two chunks included).
 */
import { firstInvalidUtf8 } from './csv.ts';

export interface BytesProblem {
  rule: 'KS-ENCODING' | 'KS-BINARY';
  message: string;
  line: number;
}

function countNewlines(bytes: Uint8Array, end: number): number {
  let count = 0;
  for (let index = bytes.indexOf(0x0a); index >= 0 && index < end; index = bytes.indexOf(0x0a, index + 1)) count++;
  return count;
}

/** Line breaks in decoded text (a string's indexOf costs far less a call than a typed array's). */
function countLineBreaks(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) count++;
  return count;
}

function concat(first: Uint8Array, second: Uint8Array): Uint8Array {
  const joined = new Uint8Array(first.length + second.length);
  joined.set(first);
  joined.set(second, first.length);
  return joined;
}

/** The bytes at the end that start a UTF-8 character not yet complete (at most three). */
function incompleteTail(bytes: Uint8Array): Uint8Array {
  for (let index = bytes.length - 1; index >= Math.max(0, bytes.length - 3); index--) {
    const byte = bytes[index]!;
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return bytes.length - index < length ? bytes.subarray(index) : new Uint8Array();
  }
  return new Uint8Array();
}

export class ByteGuard {
  private counted = 0;
  /** The last chunk's text, its line breaks counted only when a line number is needed (a file read in one chunk never needs one). */
  private uncounted = '';
  /** Lines ended so far (newlines in the bytes decoded). */
  get newlines(): number {
    this.counted += countLineBreaks(this.uncounted);
    this.uncounted = '';
    return this.counted;
  }
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private started = false;
  private tail: Uint8Array = new Uint8Array();
  /** What the file should be, as the messages name it (“the CIN census XML”, “a CSV file”). */
  private readonly what: string;

  constructor(what: string) {
    this.what = what;
  }

  /** The next chunk as text, or the problem that makes the file unreadable. */
  decode(bytes: Uint8Array): { text: string } | { problem: BytesProblem } {
    if (!this.started && bytes.length) {
      this.started = true;
      if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
        return {
          problem: { rule: 'KS-ENCODING', message: `The file is UTF-16 text: ${this.what} is read as UTF-8. Save it as UTF-8 and try again.`, line: 1 },
        };
      }
    }
    const nul = bytes.indexOf(0);
    if (nul >= 0) {
      const line = this.newlines + countNewlines(bytes, nul) + 1;
      return {
        problem: {
          rule: 'KS-BINARY',
          message: `The file is not text (a zero byte on line ${line}): is it a zip or a spreadsheet rather than ${this.what}?`,
          line,
        },
      };
    }
    let text: string;
    const joined = this.tail.length ? concat(this.tail, bytes) : bytes;
    try {
      text = this.decoder.decode(bytes, { stream: true });
    } catch {
      const at = Math.max(0, firstInvalidUtf8(joined));
      const line = this.newlines + countNewlines(joined, at) + 1;
      const byte = `0x${joined[at]!.toString(16).toUpperCase().padStart(2, '0')}`;
      return {
        problem: {
          rule: 'KS-ENCODING',
          message: `The file is not UTF-8 text: byte ${byte} on line ${line} is not valid. Save it as UTF-8 and try again.`,
          line,
        },
      };
    }
    this.counted += countLineBreaks(this.uncounted);
    this.uncounted = text;
    this.tail = incompleteTail(joined);
    return { text };
  }

  /** The end of the file: what text the decoder still held, or the problem of a character cut short. */
  end(): { text: string } | { problem: BytesProblem } {
    try {
      return { text: this.decoder.decode() };
    } catch {
      return { problem: { rule: 'KS-ENCODING', message: 'The file ends in the middle of a UTF-8 character.', line: this.newlines + 1 } };
    }
  }
}
