/**
 * Deterministic mutations of import files, for the fuzz tests (a fast subset in each importer's
 * tests) and the fuzz bench (bench/fuzz.ts): the same seed always gives the same cases.
 *
 * Every format gets the byte-level mutations (cut, bytes flipped, binary inserted, spans dropped or
 * doubled, empty, random bytes, UTF-16 or Latin-1 instead of UTF-8, byte-order marks, a huge field,
 * bare CR line ends); CSV tables and XML also get a value of 3,000 random characters (an identifier
 * too long to index); CSV tables also get lost and doubled delimiters and quotes, ragged rows,
 * formula cells, damaged headers and very wide rows; XML gets deep nesting, unclosed and mismatched
 * tags, formulas in elements, entity expansion ("billion laughs"), undefined entities and false
 * encoding declarations; an xlsx (a zip package) is damaged outside (its bytes) and inside (one part
 * mutated as XML or bytes, a part dropped, a part that inflates to gigabytes); SSD and SSDA903 tables
 * also come zipped (a damaged archive, a zip bomb, a zip in a zip, a name climbing out).
 *
 * `checkOutcome` says what is wrong with an import's outcome: a crash (the pipeline failed or threw)
 * or a finding that does not name one of the files given.
 */
import { crc32, deflateRawSync, constants as zlibConstants } from 'node:zlib';
import { unzipSync } from 'fflate';
import type { Finding, ImportFormat, InputFile } from '../../src/ingest/types.ts';

export interface Random {
  /** A number in [0, 1). */
  next(): number;
  /** An integer in [0, limit). */
  int(limit: number): number;
  pick<T>(items: readonly T[]): T;
}

/** mulberry32: small, fast and the same on every machine. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (limit: number) => Math.floor(next() * Math.max(0, limit));
  return { next, int, pick: (items) => items[int(items.length)]! };
}

/** How large the big cases are: the fast test subsets keep them small, the bench makes them large. */
export interface FuzzSizes {
  /** Characters in the huge field. */
  hugeField: number;
  /** Levels of XML nesting. */
  nesting: number;
  /** Bytes a zip bomb part inflates to. */
  bombBytes: number;
}

export const FAST_SIZES: FuzzSizes = { hugeField: 256 * 1024, nesting: 5_000, bombBytes: 64 * 1024 * 1024 };
export const BENCH_SIZES: FuzzSizes = { hugeField: 8 * 1024 * 1024, nesting: 100_000, bombBytes: 2 * 1024 * 1024 * 1024 - 1 };

type Mutate = (bytes: Uint8Array, random: Random, sizes: FuzzSizes) => Uint8Array;

const encoder = new TextEncoder();
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytesOf = (value: string) => encoder.encode(value);
const join = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};
const randomBytes = (random: Random, length: number) => Uint8Array.from({ length }, () => random.int(256));
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Letters and digits in no pattern: a value the database cannot compress (so too long to index as a key). */
const randomWord = (random: Random, length: number) => Array.from({ length }, () => ALPHANUMERIC[random.int(ALPHANUMERIC.length)]).join('');
/** Characters in a "long value": far beyond any identifier, and too long for an index once it will not compress. */
const LONG_VALUE = 3_000;
/** Replaces the text at a random match of `pattern` (global) with `replace(match)`. */
const atRandomMatch = (value: string, pattern: RegExp, random: Random, replace: (match: RegExpExecArray) => string) => {
  const matches = [...value.matchAll(pattern)];
  if (matches.length === 0) return value;
  const match = random.pick(matches) as RegExpExecArray;
  return value.slice(0, match.index) + replace(match) + value.slice(match.index + match[0].length);
};
const lines = (value: string) => value.split(/(?<=\n)/);

/** Mutations of any file's bytes. */
export const BYTE_MUTATIONS: Record<string, Mutate> = {
  truncate: (bytes, random) => bytes.slice(0, random.int(bytes.length)),
  'flip bytes': (bytes, random) => {
    const copy = bytes.slice();
    for (let flips = 1 + random.int(16); flips > 0 && copy.length; flips--) copy[random.int(copy.length)] = random.int(256);
    return copy;
  },
  'insert binary': (bytes, random) => {
    const at = random.int(bytes.length + 1);
    return join(bytes.subarray(0, at), random.next() < 0.3 ? new Uint8Array(1 + random.int(8)) : randomBytes(random, 1 + random.int(64)), bytes.subarray(at));
  },
  'drop span': (bytes, random) => {
    const at = random.int(bytes.length);
    return join(bytes.subarray(0, at), bytes.subarray(at + 1 + random.int(Math.max(1, bytes.length / 10))));
  },
  'double span': (bytes, random) => {
    const at = random.int(bytes.length);
    const end = at + 1 + random.int(Math.max(1, bytes.length / 10));
    return join(bytes.subarray(0, end), bytes.subarray(at, end), bytes.subarray(end));
  },
  empty: () => new Uint8Array(),
  'random bytes': (_bytes, random) => randomBytes(random, 1 + random.int(4096)),
  'UTF-16': (bytes) => {
    const value = text(bytes);
    const out = new Uint8Array(2 + value.length * 2);
    out.set([0xff, 0xfe]);
    for (let index = 0; index < value.length; index++) {
      out[2 + index * 2] = value.charCodeAt(index) & 0xff;
      out[3 + index * 2] = value.charCodeAt(index) >> 8;
    }
    return out;
  },
  'Latin-1': (bytes, random) => {
    // Accented letters and a pound sign, then every character as one byte: not UTF-8.
    const value = atRandomMatch(text(bytes), /[A-Za-z]{2,}/g, random, (match) => `${match[0]}é£ü`);
    return Uint8Array.from(value, (char) => char.charCodeAt(0) & 0xff);
  },
  'byte-order mark': (bytes, random) => join(new Uint8Array(random.next() < 0.5 ? [0xef, 0xbb, 0xbf] : [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), bytes),
  'huge field': (bytes, random, sizes) => {
    const at = random.int(bytes.length + 1);
    return join(bytes.subarray(0, at), new Uint8Array(sizes.hugeField).fill(0x41), bytes.subarray(at));
  },
  'CR line ends': (bytes) => bytesOf(text(bytes).replace(/\r?\n/g, '\r')),
};

const FORMULAS = ['=HYPERLINK("http://example.invalid/x","Click")', '+SUM(1,1)', '-2+3', '@SUM(A1)', "=cmd|' /C calc'!A0", '=1+1'];

/** Mutations of a CSV table's text. */
export const CSV_MUTATIONS: Record<string, Mutate> = {
  'drop delimiter': (bytes, random) => bytesOf(atRandomMatch(text(bytes), /,/g, random, () => '')),
  'double delimiter': (bytes, random) => bytesOf(atRandomMatch(text(bytes), /,/g, random, () => ',,')),
  'stray quote': (bytes, random) => bytesOf(atRandomMatch(text(bytes), /,/g, random, () => (random.next() < 0.5 ? ',"' : '",'))),
  'quoted newline': (bytes, random) => bytesOf(atRandomMatch(text(bytes), /,([^,\n"]*),/g, random, (match) => `,"${match[1]}\n""x""",`)),
  'ragged row': (bytes, random) => {
    const rows = lines(text(bytes));
    if (rows.length < 2) return bytes;
    const index = 1 + random.int(rows.length - 1);
    const row = rows[index]!;
    const end = row.endsWith('\n') ? '\n' : '';
    rows[index] = random.next() < 0.5 ? `${row.trimEnd()},extra,${random.int(1000)}${end}` : `${row.slice(0, Math.max(0, row.indexOf(',')))}${end}`;
    return bytesOf(rows.join(''));
  },
  'formula cell': (bytes, random) => bytesOf(atRandomMatch(text(bytes), /\n([^,\n]*)/g, random, () => `\n${random.pick(FORMULAS)}`)),
  'formula in a quoted cell': (bytes, random) =>
    bytesOf(atRandomMatch(text(bytes), /,([^,\n]*)/g, random, () => `,"${random.pick(FORMULAS).replace(/"/g, '""')}"`)),
  'header damaged': (bytes, random) => {
    const value = text(bytes);
    const newline = value.indexOf('\n');
    const header = newline < 0 ? value : value.slice(0, newline);
    const columns = header.split(',');
    const which = random.int(columns.length);
    const choice = random.int(3);
    if (choice === 0) columns.splice(which, 1);
    else if (choice === 1) columns.splice(which, 0, columns[which]!);
    else columns[which] = `${columns[which]}_renamed`;
    return bytesOf(columns.join(',') + (newline < 0 ? '' : value.slice(newline)));
  },
  'long value': (bytes, random) => bytesOf(atRandomMatch(text(bytes), /(?<=^|,|\n)[^,\n"]+(?=,|\r?\n|$)/g, random, () => randomWord(random, LONG_VALUE))),
  'very wide row': (bytes, random) => {
    const rows = lines(text(bytes));
    rows.splice(1 + random.int(Math.max(1, rows.length - 1)), 0, `${','.repeat(10_000)}\n`);
    return bytesOf(rows.join(''));
  },
  'blank lines': (bytes, random) => {
    const rows = lines(text(bytes));
    rows.splice(random.int(rows.length + 1), 0, '\n', '   \n', ',,,\n');
    return bytesOf(rows.join(''));
  },
};

const BILLION_LAUGHS =
  '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
  Array.from({ length: 8 }, (_, level) => `<!ENTITY lol${level + 2} "${`&lol${level + 1};`.repeat(10)}">`).join('') +
  ']>';

/** Mutations of an XML document's text. */
export const XML_MUTATIONS: Record<string, Mutate> = {
  'deep nesting': (bytes, random, sizes) =>
    bytesOf(
      atRandomMatch(text(bytes), /<(\w+)>(?=\s*<)/g, random, (match) => `${match[0]}${'<Deep>'.repeat(sizes.nesting)}x${'</Deep>'.repeat(sizes.nesting)}`),
    ),
  'unclosed tag': (bytes, random) => bytesOf(atRandomMatch(text(bytes), /<\/\w+>/g, random, () => '')),
  'mismatched tag': (bytes, random) => bytesOf(atRandomMatch(text(bytes), /<\/(\w+)>/g, random, (match) => `</${match[1]}X>`)),
  'formula in element': (bytes, random) =>
    bytesOf(
      atRandomMatch(text(bytes), /<(\w+)>([^<]+)<\/\1>/g, random, (match) => `<${match[1]}>${random.pick(FORMULAS).replace(/&/g, '&amp;')}</${match[1]}>`),
    ),
  'entity expansion': (bytes) =>
    bytesOf(
      text(bytes)
        .replace(/(<\?xml[^>]*\?>)?/, (declaration) => `${declaration}${BILLION_LAUGHS}`)
        .replace(/<(\w+)>([^<]+)<\/\1>/, '<$1>&lol9;</$1>'),
    ),
  'undefined entity': (bytes, random) =>
    bytesOf(
      atRandomMatch(text(bytes), /<(\w+)>([^<]+)<\/\1>/g, random, (match) => `<${match[1]}>${random.pick(['&bogus;', '&#0;', '&#xD800;', '&'])}</${match[1]}>`),
    ),
  'false encoding': (bytes, random) =>
    bytesOf(text(bytes).replace(/encoding="[^"]*"/i, `encoding="${random.pick(['UTF-16', 'ISO-8859-1', 'EBCDIC', 'nonsense'])}"`)),
  'doubled element': (bytes, random) => bytesOf(atRandomMatch(text(bytes), /<(\w+)>[^<]*<\/\1>/g, random, (match) => match[0].repeat(2 + random.int(3)))),
  'element out of place': (bytes, random) => {
    const value = text(bytes);
    const elements = [...value.matchAll(/<(\w+)>[^<]*<\/\1>/g)];
    if (elements.length < 2) return bytes;
    const moved = random.pick(elements)[0];
    return bytesOf(atRandomMatch(value, /<\/\w+>/g, random, (match) => `${moved}${match[0]}`));
  },
  'long value': (bytes, random) =>
    bytesOf(atRandomMatch(text(bytes), /<(\w+)>([^<]+)<\/\1>/g, random, (match) => `<${match[1]}>${randomWord(random, LONG_VALUE)}</${match[1]}>`)),
  'text in CDATA': (bytes, random) =>
    bytesOf(atRandomMatch(text(bytes), /<(\w+)>([^<]+)<\/\1>/g, random, (match) => `<${match[1]}><![CDATA[${match[2]}]]></${match[1]}>`)),
  'second root': (bytes) => bytesOf(`${text(bytes)}<Message><Header/></Message>`),
};

/** The byte-level mutations and those of the format's own text. */
export function textMutations(kind: 'csv' | 'xml'): Record<string, Mutate> {
  return { ...BYTE_MUTATIONS, ...(kind === 'csv' ? CSV_MUTATIONS : XML_MUTATIONS) };
}

/** One zip entry, stored (method 0) or deflated (8), written by `writeZip`. */
interface RawEntry {
  name: string;
  method: 0 | 8;
  data: Uint8Array;
  crc: number;
  size: number;
}

/** Writes a zip archive from raw entries (so an entry may declare what it likes: a zip bomb). */
export function writeZip(entries: readonly RawEntry[]): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = bytesOf(entry.name);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(8, entry.method, true);
    local.setUint32(14, entry.crc >>> 0, true);
    local.setUint32(18, entry.data.length, true);
    local.setUint32(22, entry.size >>> 0, true);
    local.setUint16(26, name.length, true);
    const central = new DataView(new ArrayBuffer(46));
    central.setUint32(0, 0x02014b50, true);
    central.setUint16(4, 20, true);
    central.setUint16(6, 20, true);
    central.setUint16(10, entry.method, true);
    central.setUint32(16, entry.crc >>> 0, true);
    central.setUint32(20, entry.data.length, true);
    central.setUint32(24, entry.size >>> 0, true);
    central.setUint16(28, name.length, true);
    central.setUint32(42, offset, true);
    locals.push(new Uint8Array(local.buffer), name, entry.data);
    centrals.push(new Uint8Array(central.buffer), name);
    offset += 30 + name.length + entry.data.length;
  }
  const directory = join(...centrals);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, directory.length, true);
  end.setUint32(16, offset, true);
  return join(...locals, directory, new Uint8Array(end.buffer));
}

const deflated = (name: string, bytes: Uint8Array): RawEntry => ({ name, method: 8, data: deflateRawSync(bytes), crc: crc32(bytes), size: bytes.length });

/**
 * An entry that inflates to `size` zero bytes from a few kilobytes (one compressed megabyte of zeros
 * repeated); with `declared`, its headers claim that size instead (and a checksum to match).
 */
function bombEntry(name: string, size: number, declared?: number): RawEntry {
  const megabyte = new Uint8Array(1024 * 1024);
  const whole = Math.floor(size / megabyte.length);
  const rest = size - whole * megabyte.length;
  const block = deflateRawSync(megabyte, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
  const tail = deflateRawSync(megabyte.subarray(0, rest));
  let crc = 0;
  for (let index = 0; index < whole; index++) crc = crc32(megabyte, crc);
  crc = crc32(megabyte.subarray(0, rest), crc);
  const data = new Uint8Array(block.length * whole + tail.length);
  for (let index = 0; index < whole; index++) data.set(block, index * block.length);
  data.set(tail, whole * block.length);
  return declared === undefined ? { name, method: 8, data, crc, size } : { name, method: 8, data, crc: 0, size: declared };
}

/** The parts of a zip package (an xlsx), in order. */
function unpack(bytes: Uint8Array): Array<[string, Uint8Array]> {
  return Object.entries(unzipSync(bytes));
}
const repack = (parts: ReadonlyArray<readonly [string, Uint8Array]>) => writeZip(parts.map(([name, bytes]) => deflated(name, bytes)));

/** The package with one worksheet replaced by a zip bomb part. */
function bombed(bytes: Uint8Array, random: Random, size: number, declared?: number): Uint8Array {
  const parts = unpack(bytes);
  const sheets = parts.filter(([name]) => /worksheets\/sheet\d+\.xml$/.test(name));
  const [target] = sheets.length ? random.pick(sheets) : parts[0]!;
  return writeZip(parts.map(([name, content]) => (name === target ? bombEntry(name, size, declared) : deflated(name, content))));
}

/** Mutations inside an xlsx package: parts mutated, dropped or made to inflate hugely. */
export const XLSX_INSIDE_MUTATIONS: Record<string, Mutate> = {
  'part mutated as XML': (bytes, random, sizes) => {
    const parts = unpack(bytes);
    const xml = parts.filter(([name]) => /\.(xml|rels)$/.test(name));
    const [name, part] = random.pick(xml);
    const mutation = random.pick(Object.keys(XML_MUTATIONS));
    return repack(parts.map(([other, content]) => [other, other === name ? XML_MUTATIONS[mutation]!(part, random, sizes) : content] as const));
  },
  'part mutated as bytes': (bytes, random, sizes) => {
    const parts = unpack(bytes);
    const [name, part] = random.pick(parts);
    const mutation = random.pick(['truncate', 'flip bytes', 'insert binary', 'UTF-16', 'byte-order mark', 'empty']);
    return repack(parts.map(([other, content]) => [other, other === name ? BYTE_MUTATIONS[mutation]!(part, random, sizes) : content] as const));
  },
  'cell text made a formula': (bytes, random) => {
    const parts = unpack(bytes);
    return repack(
      parts.map(([name, content]) => {
        if (!/sharedStrings\.xml$|worksheets\/sheet\d+\.xml$/.test(name)) return [name, content] as const;
        const value = text(content).replace(/<t(\s[^>]*)?>([^<]*)<\/t>/g, (match, attributes: string | undefined) =>
          random.next() < 0.2 ? `<t${attributes ?? ''}>${random.pick(FORMULAS).replace(/&/g, '&amp;').replace(/</g, '&lt;')}</t>` : match,
        );
        return [name, bytesOf(value)] as const;
      }),
    );
  },
  'part dropped': (bytes, random) => {
    const parts = unpack(bytes);
    const dropped = random.int(parts.length);
    return repack(parts.filter((_, index) => index !== dropped));
  },
  'zip bomb part': (bytes, random, sizes) => bombed(bytes, random, sizes.bombBytes),
  'zip bomb part, size hidden': (bytes, random, sizes) => bombed(bytes, random, sizes.bombBytes, 4096),
};

/** Ways to zip a set of CSV tables (SSD extracts and SSDA903 returns may be uploaded zipped). */
export const ARCHIVE_MUTATIONS: Record<string, (files: readonly InputFile[], random: Random, sizes: FuzzSizes) => InputFile[]> = {
  zipped: (files) => [{ name: 'extract.zip', bytes: repack(files.map((file) => [file.name, file.bytes] as const)) }],
  'zip damaged': (files, random, sizes) => {
    const archive = repack(files.map((file) => [file.name, file.bytes] as const));
    return [{ name: 'extract.zip', bytes: BYTE_MUTATIONS[random.pick(['truncate', 'flip bytes', 'drop span'])]!(archive, random, sizes) }];
  },
  'zip bomb': (files, random, sizes) => [
    {
      name: 'extract.zip',
      bytes: writeZip([...files.map((file) => deflated(file.name, file.bytes)), bombEntry(`bomb_${random.int(100)}.csv`, sizes.bombBytes)]),
    },
  ],
  'zip in a zip': (files) => [{ name: 'outer.zip', bytes: repack([['inner.zip', repack(files.map((file) => [file.name, file.bytes] as const))]]) }],
  'name climbing out': (files) => [
    { name: 'extract.zip', bytes: repack(files.map((file, index) => [index === 0 ? `../../${file.name}` : file.name, file.bytes] as const)) },
  ],
};

/** A CSV table cut to its first `count` lines (header included): whole sample returns take seconds a case to check. */
export function firstLines(file: InputFile, count: number): InputFile {
  let at = -1;
  for (let line = 0; line < count; line++) {
    at = file.bytes.indexOf(0x0a, at + 1);
    if (at < 0) return file;
  }
  return { name: file.name, bytes: file.bytes.subarray(0, at + 1) };
}

/** What each format's files are, for choosing mutations. */
export const FORMAT_KIND: Record<ImportFormat, 'csv' | 'xml' | 'xlsx'> = { '903': 'csv', ssd: 'csv', cin: 'xml', 'annex-a': 'xlsx' };

export interface FuzzCase {
  /** e.g. `ssd #12: ragged row in ssd_person.csv`. */
  label: string;
  mutation: string;
  files: InputFile[];
}

/**
 * `count` cases for one format from its sample files: each case mutates one file (or, for the CSV
 * formats, now and then zips the set). Deterministic for a given seed.
 */
export function* fuzzCases(
  format: ImportFormat,
  samples: readonly InputFile[],
  count: number,
  seed: number,
  sizes: FuzzSizes = FAST_SIZES,
): Generator<FuzzCase> {
  const random = seededRandom(seed);
  const kind = FORMAT_KIND[format];
  const single: Record<string, Mutate> = kind === 'xlsx' ? { ...BYTE_MUTATIONS, ...XLSX_INSIDE_MUTATIONS } : textMutations(kind);
  const names = [...Object.keys(single), ...(kind === 'csv' ? Object.keys(ARCHIVE_MUTATIONS) : [])];
  for (let index = 0; index < count; index++) {
    // Cycle through every mutation in turn so even a short run tries each; the randomness picks where.
    const mutation = names[index % names.length]!;
    const archive = ARCHIVE_MUTATIONS[mutation];
    if (archive) {
      yield { label: `${format} #${index}: ${mutation}`, mutation, files: archive(samples, random, sizes) };
      continue;
    }
    const target = random.int(samples.length);
    const file = samples[target]!;
    yield {
      label: `${format} #${index}: ${mutation} in ${file.name}`,
      mutation,
      files: samples.map((sample, at) => (at === target ? { name: sample.name, bytes: single[mutation]!(sample.bytes, random, sizes) } : sample)),
    };
  }
}

/** What is wrong with an import's outcome: nothing, a crash, or findings that do not name a file given. */
export function checkOutcome(
  outcome: { status: string; errorMessage?: string | undefined; findings: readonly Finding[] },
  fileNames: readonly string[],
): { crash?: string; unnamed: Finding[] } {
  const names = new Set(fileNames);
  return {
    ...(outcome.status === 'failed' ? { crash: outcome.errorMessage ?? 'failed' } : {}),
    unnamed: outcome.findings.filter((finding) => !finding.file || !names.has(finding.file)),
  };
}
