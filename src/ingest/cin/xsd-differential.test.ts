/**
 * Keystone's model of the CIN census XSDs (schema.ts, applied by the streaming reader) against the
 * DfE's XSDs themselves, run by libxml2 (xmllint-wasm): the shared fixtures and exported files, each
 * mutated a few hundred seeded ways (structure: elements dropped, doubled, swapped, renamed, unknown;
 * values: codes off the list, bad dates, counts and flags, stray spaces and text, attributes; plus the XML damage of
 * test/support/fuzz.ts), must get the same verdict from both — schema-valid or not — and, where the XSD
 * names an element and line, a Keystone finding at that line or about that element.
 *
 * The published XSDs are extended with the one departure schema.ts documents (the pre-proceedings
 * block, accepted after the CP plans); the other differences are Keystone being stricter where it must
 * store a value, each listed in KEYSTONE_STRICTER with its reason, and checked to be the only cause.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/support/engines.ts';
import { cinXsd, cinXsdPresent, cinXsdWithPreProceedings, validateAgainstXsd, type XsdError } from '../../../test/support/xsd.ts';
import { generateCounty, loadCounty } from '../../demo/index.ts';
import { exportCin } from '../../export/cin.ts';
import { seededRandom, XML_MUTATIONS, type FuzzSizes, type Random } from '../../../test/support/fuzz.ts';
import type { Finding } from '../types.ts';
import { CinReader } from './reader.ts';
import { append } from '../../core/arrays.ts';

const FIXTURES = path.join(fileURLToPath(new URL('../../../', import.meta.url)), '../shared/fixtures/cin');
const present = cinXsdPresent && existsSync(FIXTURES);
if (!present)
  console.warn(
    `SKIPPED: the CIN XSD differential test needs ${FIXTURES} and the DfE schemas beside it (the shared folder beside the repository), which are absent.`,
  );

const CASES = 400;
const SEED = 20_260_331;

interface Base {
  name: string;
  year: number;
  xml: string;
}

/** An element of a document: where it starts and ends, its name, parent and children. */
interface Node {
  name: string;
  start: number;
  /** Just after its start tag. */
  inner: number;
  /** Where its end tag starts. */
  innerEnd: number;
  end: number;
  parent: Node | null;
  children: Node[];
}

/** The elements of a simple document (no attributes or comments needed); null when the tags do not nest. */
function parseNodes(xml: string): Node[] | null {
  const nodes: Node[] = [];
  const stack: Node[] = [];
  for (const tag of xml.matchAll(/<(\/?)([A-Za-z_][\w.-]*)[^<>]*?(\/?)>/g)) {
    const [whole, closing, name, selfClosing] = tag;
    const at = tag.index;
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== name) return null;
      open.innerEnd = at;
      open.end = at + whole.length;
      continue;
    }
    const parent = stack[stack.length - 1] ?? null;
    const node: Node = { name: name!, start: at, inner: at + whole.length, innerEnd: at + whole.length, end: at + whole.length, parent, children: [] };
    parent?.children.push(node);
    nodes.push(node);
    if (!selfClosing) stack.push(node);
  }
  return stack.length === 0 ? nodes : null;
}

const leaves = (nodes: Node[]) => nodes.filter((node) => node.children.length === 0 && node.parent);
const splice = (xml: string, from: number, to: number, insert: string) => xml.slice(0, from) + insert + xml.slice(to);

const CODE_ELEMENTS = new Set([
  'GenderCurrent',
  'Sex',
  'Ethnicity',
  'Disability',
  'ReferralSource',
  'PrimaryNeedCode',
  'ReasonForClosure',
  'AssessmentFactors',
  'ICPCnotRequired',
  'ReferralNFA',
  'InitialCategoryOfAbuse',
  'LatestCategoryOfAbuse',
  'UPNunknown',
  'PPOutcome',
  'FGDMMeetingOffer',
  'FGDMMeetingFac',
  'Collection',
  'SourceLevel',
  'LEA',
  'SerialNo',
  'UPN',
  'FormerUPN',
]);
const DATE_ELEMENTS = /(Date|DOB)$|^CINclosureDate$|^ReferenceDate$|^InitialCPCtarget$/;
/** Codes from other lists and years, near misses and spacing: each may or may not be in the element's list. */
const WRONG_CODES = [
  '1',
  '2',
  '0',
  '9',
  'M',
  'F',
  'U',
  'X',
  'WBRI',
  'wbri',
  'NOBT',
  'HAND',
  'NONE',
  '5D',
  '5B',
  '10',
  '11',
  'N0',
  'N10',
  'RC8',
  'RC9',
  'RC10',
  '21',
  '24A',
  '8A',
  'NEG',
  'MUL',
  'UN1',
  'UN8',
  'A',
  'F1',
  'L',
  'CIN',
  'cin',
  '840',
  '84',
  '0840',
  '001',
  '01',
  'A123456789123',
  'A12345678912',
  'true',
  'false',
  'yes',
  '',
];
const WRONG_DATES = [
  '2024-02-30',
  '2023-02-29',
  '2024-13-01',
  '2024-00-10',
  '31/03/2024',
  '2024-3-1',
  '20240331',
  '2024-03-31T00:00:00',
  '2024-03-31Z',
  '2024-03-31+01:00',
  ' 2024-03-31 ',
  '',
  'unknown',
  '1899-12-31',
  '0001-01-01',
];
const WRONG_DATE_TIMES = [
  '2024-03-31T25:00:00',
  '2024-03-31T23:60:00',
  '2024-03-31T23:59:60',
  '2024-03-31T24:00:00',
  '2024-03-31 10:00:00',
  '2024-03-31T10:00',
  '2024-03-31T10:00:00.5Z',
  '2024-03-31',
];
const WRONG_COUNTS = ['-1', '1.5', '+2', '007', 'two', '', ' 3 ', '1234567'];
const GROUPS_FOR_TEXT = ['Child', 'ChildIdentifiers', 'CINdetails', 'Assessments', 'Header'];

type Mutation = (xml: string, random: Random) => string;

/** Mutations of the document's elements (parsed afresh each time, so they chain). */
const STRUCTURE: Record<string, Mutation> = {
  'element dropped': (xml, random) =>
    withNodes(xml, (nodes) => {
      const node = random.pick(nodes.filter((candidate) => candidate.parent));
      return splice(xml, node.start, node.end, '');
    }),
  'element doubled': (xml, random) =>
    withNodes(xml, (nodes) => {
      const node = random.pick(nodes.filter((candidate) => candidate.parent));
      return splice(xml, node.end, node.end, xml.slice(node.start, node.end));
    }),
  'siblings swapped': (xml, random) =>
    withNodes(xml, (nodes) => {
      const pairs = nodes
        .flatMap((node) => node.children.slice(1).map((second, index) => [node.children[index]!, second] as const))
        .filter(([a, b]) => a.name !== b.name);
      if (!pairs.length) return xml;
      const [first, second] = random.pick(pairs);
      return (
        xml.slice(0, first.start) +
        xml.slice(second.start, second.end) +
        xml.slice(first.end, second.start) +
        xml.slice(first.start, first.end) +
        xml.slice(second.end)
      );
    }),
  'element moved to another parent': (xml, random) =>
    withNodes(xml, (nodes) => {
      const moved = random.pick(nodes.filter((candidate) => candidate.parent));
      const target = random.pick(nodes.filter((candidate) => candidate.children.length > 0 && (candidate.start > moved.end || candidate.end < moved.start)));
      if (!target) return xml;
      const piece = xml.slice(moved.start, moved.end);
      const spot = random.pick([target.inner, ...target.children.map((child) => child.end)]);
      return spot < moved.start
        ? splice(splice(xml, moved.start, moved.end, ''), spot, spot, piece)
        : splice(splice(xml, spot, spot, piece), moved.start, moved.end, '');
    }),
  'unknown element': (xml, random) =>
    withNodes(xml, (nodes) => {
      const parent = random.pick(nodes.filter((candidate) => candidate.children.length > 0));
      const spot = random.pick([parent.inner, ...parent.children.map((child) => child.end)]);
      return splice(
        xml,
        spot,
        spot,
        random.pick(['<Comments>none</Comments>', '<Sex2>M</Sex2>', '<CINDetails/>', '<Gender>1</Gender>', '<LAChildID>X</LAChildID>']),
      );
    }),
  'element renamed': (xml, random) =>
    withNodes(xml, (nodes) => {
      const node = random.pick(nodes.filter((candidate) => candidate.parent));
      const name = random.pick([
        'Sex',
        'GenderCurrent',
        'PersonBirthDate',
        'UPN',
        'CINdetails',
        'Assessments',
        'DateOfInitialCPC',
        `${node.name.toLowerCase()}`,
      ]);
      return xml.slice(0, node.start) + `<${name}>` + xml.slice(node.inner, node.innerEnd) + `</${name}>` + xml.slice(node.end);
    }),
  'code not in the list': (xml, random) =>
    withLeaf(
      xml,
      random,
      (node) => CODE_ELEMENTS.has(node.name),
      () => random.pick(WRONG_CODES),
    ),
  'code with spaces': (xml, random) =>
    withLeaf(
      xml,
      random,
      (node) => CODE_ELEMENTS.has(node.name),
      (value) => random.pick([` ${value}`, `${value} `, `\n  ${value}\n`]),
    ),
  'bad date': (xml, random) =>
    withLeaf(
      xml,
      random,
      (node) => DATE_ELEMENTS.test(node.name),
      () => random.pick(WRONG_DATES),
    ),
  'bad date and time': (xml, random) =>
    withLeaf(
      xml,
      random,
      (node) => node.name === 'DateTime' || node.name === 'Year',
      (value) => (value.length === 4 ? random.pick(['24', '2024Z', 'MMXXIV', ' 2024 ']) : random.pick(WRONG_DATE_TIMES)),
    ),
  'bad count': (xml, random) =>
    withLeaf(
      xml,
      random,
      (node) => node.name === 'NumberOfPreviousCPP' || node.name === 'ReviewMeetingsCount',
      () => random.pick(WRONG_COUNTS),
    ),
  'empty leaf': (xml, random) =>
    withLeaf(
      xml,
      random,
      () => true,
      () => '',
    ),
  'text in a group': (xml, random) =>
    withNodes(xml, (nodes) => {
      const group = random.pick(nodes.filter((candidate) => GROUPS_FOR_TEXT.includes(candidate.name)));
      if (!group) return xml;
      return splice(xml, group.inner, group.inner, random.pick(['stray', 'PersonBirthDate', '0']));
    }),
  'attribute added': (xml, random) =>
    withNodes(xml, (nodes) => {
      const node = random.pick(nodes);
      const attribute = random.pick([
        ' id="1"',
        ' Sex="M"',
        ' xmlns="urn:dfe:cin"',
        ' xmlns=""',
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="CIN_schema.xsd"',
      ]);
      const at = node.inner - (xml[node.inner - 2] === '/' ? 2 : 1);
      return splice(xml, at, at, attribute);
    }),
  'comment or CDATA': (xml, random) =>
    withLeaf(
      xml,
      random,
      () => true,
      (value) => random.pick([`<!-- checked -->${value}`, `<![CDATA[${value}]]>`]),
    ),
};

/** The XML damage of the shared fuzz module that is about structure rather than encoding. */
const FUZZ = [
  'unclosed tag',
  'mismatched tag',
  'doubled element',
  'element out of place',
  'text in CDATA',
  'second root',
  'undefined entity',
  'formula in element',
  'deep nesting',
] as const;
const FUZZ_SIZES: FuzzSizes = { hugeField: 4096, nesting: 40, bombBytes: 0 };

function withNodes(xml: string, mutate: (nodes: Node[]) => string): string {
  const nodes = parseNodes(xml);
  return nodes ? mutate(nodes) : xml;
}

/** Replaces the text of a random leaf chosen by `which` (nothing when none fits). */
function withLeaf(xml: string, random: Random, which: (node: Node) => boolean, value: (old: string) => string): string {
  return withNodes(xml, (nodes) => {
    const candidates = leaves(nodes).filter(which);
    if (!candidates.length) return xml;
    const node = random.pick(candidates);
    const replacement = value(xml.slice(node.inner, node.innerEnd).trim());
    return `${xml.slice(0, node.start)}<${node.name}>${replacement.replace(/&(?![a-z#])/g, '&amp;')}</${node.name}>${xml.slice(node.end)}`;
  });
}

interface Case {
  name: string;
  year: number;
  xml: string;
  mutations: string[];
}

function cases(bases: readonly Base[]): Case[] {
  const random = seededRandom(SEED);
  const names = [...Object.keys(STRUCTURE), ...FUZZ];
  const out: Case[] = bases.map((base) => ({ name: `${base.name} as it is`, year: base.year, xml: base.xml, mutations: [] }));
  for (let index = 0; out.length < CASES; index++) {
    const base = bases[index % bases.length]!;
    let xml = base.xml;
    const mutations: string[] = [];
    // One mutation mostly, now and then two or three on top of each other.
    const count = random.next() < 0.75 ? 1 : 2 + random.int(2);
    for (let step = 0; step < count; step++) {
      const mutation = names[(index + step * 7) % names.length]!;
      mutations.push(mutation);
      xml =
        mutation in STRUCTURE
          ? STRUCTURE[mutation]!(xml, random)
          : new TextDecoder().decode(XML_MUTATIONS[mutation]!(new TextEncoder().encode(xml), random, FUZZ_SIZES));
    }
    out.push({ name: `case-${index}.xml`, year: base.year, xml, mutations });
  }
  return out;
}

/** Every finding Keystone's reader makes about a file's structure (errors and warnings alike). */
function keystoneFindings(file: Case): Finding[] {
  const findings: Finding[] = [];
  const reader = new CinReader(file.name, { collectionYear: file.year, onChild: (_child, inside) => append(findings, inside) });
  reader.write(new TextEncoder().encode(file.xml));
  reader.close();
  return [...reader.findings, ...findings];
}

/**
 * Where Keystone is knowingly stricter than the XSD, because it stores what it reads: a finding of
 * Keystone's that the XSD does not share is accepted only when it is one of these.
 */
const KEYSTONE_STRICTER: { why: string; applies: (finding: Finding) => boolean }[] = [
  {
    why: 'LAchildID is xs:string, so may be empty; Keystone needs it to store the child',
    applies: (finding) => finding.field === 'LAchildID' && /empty/.test(finding.message),
  },
  {
    why: 'xs:date takes any year; Keystone refuses dates before 1900 as mistyped',
    applies: (finding) => /“(0\d{3}|1[0-8]\d\d)-\d\d-\d\d/.test(finding.message),
  },
  {
    why: 'xs:integer has no upper bound; Keystone refuses counts over six digits, beyond any real count',
    applies: (finding) => /“\+?\d{7,}”/.test(finding.message),
  },
];

/**
 * A fixture with its deliberate faults mended (flags written true/false, a stray word, a code off the
 * list, an empty factors block, the sex in the other years' element or codes), so that mutations start
 * from a valid file as well as from a faulty one.
 */
function repaired(xml: string, year: number): string {
  return xml
    .replace(/<(ICPCnotRequired|ReferralNFA)>false</g, '<$1>0<')
    .replace(/<\/UPNunknown>PersonBirthDate/g, '</UPNunknown>')
    .replace(/<AssessmentFactors>RB</g, '<AssessmentFactors>1A<')
    .replace(/<FactorsIdentifiedAtAssessment\/>\s*/g, '')
    .replace(/<Sex>([1M])<\/Sex>/g, year >= 2025 ? '<Sex>M</Sex>' : '<GenderCurrent>1</GenderCurrent>');
}

describe.skipIf(!present)('Keystone’s CIN schema checks agree with the DfE XSDs run by libxml2', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const bases: Base[] = [];

  beforeAll(async () => {
    for (const [file, year] of [
      ['BAR_cin_2022.xml', 2022],
      ['CIN_Census_2024.xml', 2024],
      ['CIN_Census_2026.xml', 2026],
    ] as const) {
      const xml = readFileSync(path.join(FIXTURES, file), 'utf8');
      bases.push({ name: file, year, xml }, { name: `repaired_${file}`, year, xml: repaired(xml, year) });
    }
    database = await freshDatabase(undefined);
    await loadCounty(database, generateCounty({ children: 30, seed: 7 }));
    for (const year of [2022, 2023, 2024, 2025, 2026]) {
      const exported = await exportCin(database, { from: `${year - 1}-04-01`, to: `${year}-03-31` }, { laCode: '840', madeAt: `${year}-05-01T09:30:00` });
      bases.push({ name: `exported_${year}.xml`, year, xml: exported.xml });
    }
  }, 120_000);
  afterAll(async () => {
    await database?.drop();
  });

  it(`${CASES} seeded mutations of the fixtures and exported files: the same verdict, at the same place`, async () => {
    const all = cases(bases);
    const verdicts = new Map<string, XsdError[]>();
    const published = new Map<string, XsdError[]>();
    for (const year of new Set(all.map((file) => file.year))) {
      const ofYear = all.filter((file) => file.year === year);
      for (const [name, errors] of await validateAgainstXsd(cinXsdWithPreProceedings(year), ofYear)) verdicts.set(name, errors);
      for (const [name, errors] of await validateAgainstXsd(cinXsd(year), ofYear)) published.set(name, errors);
    }

    // Each base file as it is: the fixtures fail for their deliberate faults only, mended and exported files pass.
    for (const base of bases) {
      const errors = verdicts.get(`${base.name} as it is`)!;
      if (/^(repaired|exported)_/.test(base.name)) expect(errors, base.name).toEqual([]);
      else expect(errors.length, base.name).toBeGreaterThan(0);
    }

    const disagreements: string[] = [];
    const misplaced: string[] = [];
    let invalid = 0;
    let stricter = 0;
    const tally = new Map<string, { valid: number; invalid: number }>();
    for (const file of all) {
      const xsd = verdicts.get(file.name)!;
      for (const mutation of new Set(file.mutations)) {
        const counts = tally.get(mutation) ?? { valid: 0, invalid: 0 };
        counts[xsd.length ? 'invalid' : 'valid']++;
        tally.set(mutation, counts);
      }
      const keystone = keystoneFindings(file);
      const label = `${file.name} (${file.year}; ${file.mutations.join(' + ') || 'unchanged'})`;
      // The extension is the only difference between the published XSD and the one used here.
      const places = (errors: XsdError[]) => errors.map((error) => `${error.line} ${error.element}`);
      if (!file.xml.includes('PreProceedingsandFGDM')) expect(places(published.get(file.name)!), label).toEqual(places(xsd));
      if (xsd.length === 0) {
        const unexplained = keystone.filter((finding) => !KEYSTONE_STRICTER.some((rule) => rule.applies(finding)));
        if (keystone.length > unexplained.length) stricter++;
        if (unexplained.length)
          disagreements.push(
            `${label}: the XSD finds it valid; Keystone says ${unexplained
              .slice(0, 3)
              .map((finding) => `line ${finding.row} ${finding.field}: ${finding.message}`)
              .join(' | ')}`,
          );
        continue;
      }
      invalid++;
      if (keystone.length === 0) {
        disagreements.push(
          `${label}: Keystone finds nothing; the XSD says ${xsd
            .slice(0, 3)
            .map((error) => `line ${error.line}: ${error.message}`)
            .join(' | ')}`,
        );
        continue;
      }
      // XML that is not well formed: both stop at the first fault, and Keystone's one finding must name libxml2's line
      // (for a bare & the reader looks itself: saxes would notice only at the next ; or the end of the file).
      const first = xsd[0]!;
      if (first.element === null && /parser error/.test(first.message)) {
        const broken = keystone.find((finding) => finding.rule === 'KS-XML' && /not well-formed|ends before/.test(finding.message));
        if (broken?.row !== first.line)
          misplaced.push(
            `${label}: libxml2 says line ${first.line}: ${first.message}; Keystone ${broken ? `line ${broken.row}: ${broken.message}` : 'does not call it broken XML'}`,
          );
        continue;
      }
      // Otherwise the XSD's first error, by its line or an element it names (the one at fault, or those it expected there).
      const named = [first.element, ...(/Expected is (?:one of )?\( ([^)]*) \)/.exec(first.message)?.[1]?.split(', ') ?? [])].filter((name) => name !== null);
      const near = keystone.some(
        (finding) => finding.row === first.line || named.some((name) => finding.field === name || finding.message.includes(`<${name}>`)),
      );
      if (!near)
        misplaced.push(
          `${label}: XSD line ${first.line} ${first.message} | Keystone ${keystone
            .slice(0, 3)
            .map((finding) => `line ${finding.row} ${finding.field}: ${finding.message}`)
            .join(' | ')}`,
        );
    }
    const unchanged = all.filter((file) => file.mutations.length && bases.some((base) => base.xml === file.xml)).length;
    console.log(
      `${all.length} files (${unchanged} left unchanged by their mutation): ${invalid} invalid by the XSD, ${all.length - invalid} valid (${stricter} of them refused by Keystone for a documented reason); ${disagreements.length} disagreements, ${misplaced.length} at another place`,
    );
    console.log([...tally].map(([mutation, counts]) => `${mutation}: ${counts.valid} valid, ${counts.invalid} invalid`).join('; '));
    expect({ disagreements, misplaced }).toEqual({ disagreements: [], misplaced: [] });
  }, 300_000);
});

describe('a bare “&” is reported on its own line', () => {
  const document = (softwareCode: string) => `<?xml version="1.0" encoding="UTF-8"?>
<Message>
<Header><CollectionDetails><Collection>CIN</Collection><Year>2024</Year><ReferenceDate>2024-03-31</ReferenceDate></CollectionDetails>
<Source><SourceLevel>L</SourceLevel><LEA>840</LEA><SoftwareCode>${softwareCode}</SoftwareCode></Source></Header>
<Children><Child><ChildIdentifiers><LAchildID>C1</LAchildID><GenderCurrent>1</GenderCurrent></ChildIdentifiers>
<ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>
<CINdetails><CINreferralDate>2023-10-01</CINreferralDate><ReferralSource>6</ReferralSource><ReferralNFA>0</ReferralNFA></CINdetails></Child></Children>
</Message>
`;
  /** The reader's findings with the file fed in chunks of `size` bytes. */
  const read = (xml: string, size: number) => {
    const findings: Finding[] = [];
    const reader = new CinReader('bare.xml', { collectionYear: 2024, onChild: (_child, inside) => append(findings, inside) });
    const bytes = new TextEncoder().encode(xml);
    for (let at = 0; at < bytes.length; at += size) reader.write(bytes.subarray(at, at + size));
    reader.close();
    return [...reader.findings, ...findings].map((finding) => `${finding.rule} line ${finding.row}: ${finding.message}`);
  };
  const sizes = [1, 2, 3, 7, 64, 100_000];

  it('escaped, in CDATA, in a comment or a processing instruction: no finding, however the file is cut', async () => {
    const xml = document('Smith &amp; Jones &#38; &#x26; <![CDATA[R & D]]><!-- & --><?note a & b?>');
    for (const size of sizes) expect(read(xml, size), `chunks of ${size}`).toEqual([]);
    if (cinXsdPresent) expect((await validateAgainstXsd(cinXsd(2024), [{ name: 'escaped.xml', xml }])).get('escaped.xml')).toEqual([]);
  });

  it('unescaped: one finding at the line of the “&”, as libxml2 says, not where saxes notices (the next “;” or the end)', async () => {
    for (const code of ['Smith & Jones', 'Smith &Jones', 'R&D', 'A &#; B', '&']) {
      for (const size of sizes)
        expect(read(document(code), size), `“${code}” in chunks of ${size}`).toEqual([
          'KS-XML line 4: The file is not well-formed XML (line 4): a bare “&” — in XML it is written &amp; (or it starts an entity such as &lt;).',
        ]);
      if (cinXsdPresent)
        expect((await validateAgainstXsd(cinXsd(2024), [{ name: 'bare.xml', xml: document(code) }])).get('bare.xml')![0]).toMatchObject({
          line: 4,
          element: null,
        });
    }
    // At the very end of a cut-off file, with nothing after it to end an entity name.
    const cut = document('R&D');
    for (const size of sizes)
      expect(read(cut.slice(0, cut.indexOf('&') + 1), size), `chunks of ${size}`).toEqual([
        'KS-XML line 4: The file is not well-formed XML (line 4): a bare “&” — in XML it is written &amp; (or it starts an entity such as &lt;).',
      ]);
  });
});
