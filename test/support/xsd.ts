import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';

/**
 * The DfE's CIN census XSDs (`../shared/domain/cin-xsd/`, beside the repository) and libxml2's
 * validator (xmllint compiled to WebAssembly): the independent check of Keystone's own schema model
 * (src/ingest/cin/schema.ts) and of its exporter.
 */
export const CIN_XSD_DIR = path.join(fileURLToPath(new URL('../../', import.meta.url)), '../shared/domain/cin-xsd');
export const cinXsdPresent = existsSync(path.join(CIN_XSD_DIR, 'CIN_schema_2026.xsd'));

/** The published XSD of a collection year (2022–2026), as written. */
export function cinXsd(year: number): string {
  return readFileSync(path.join(CIN_XSD_DIR, `CIN_schema_${year}.xsd`), 'utf8');
}

/**
 * Keystone's one documented departure from the published XSDs (top of src/ingest/cin/schema.ts): the
 * pre-proceedings block, which the XSDs lack, is accepted after the child protection plans, any number
 * of times, never required. This is the published XSD with that block added, written out here in XSD
 * terms so the two descriptions are independent.
 */
export function cinXsdWithPreProceedings(year: number): string {
  const published = cinXsd(year);
  const anchor = /(<xs:element name="ChildProtectionPlans" type="childprotectionplanstype" minOccurs="0" maxOccurs="unbounded"\/>)/;
  if (!anchor.test(published)) throw new Error(`CIN_schema_${year}.xsd: the ChildProtectionPlans declaration to extend was not found`);
  const date = (name: string, min = 0) => `<xs:element name="${name}" type="xs:date" minOccurs="${min}" maxOccurs="1"/>`;
  const block = `$1
      <xs:element name="PreProceedingsandFGDM" minOccurs="0" maxOccurs="unbounded">
        <xs:complexType>
          <xs:sequence>
            ${date('PPStartDate', 1)}
            ${date('LBPSentDate')}
            <xs:element name="FGDMMeetingOffer" type="yesnotype" minOccurs="0" maxOccurs="1"/>
            <xs:element name="FGDMMeetingFac" type="yesnotype" minOccurs="0" maxOccurs="1"/>
            ${date('InitialPPMeetingDate')}
            <xs:element name="ReviewMeetingsCount" type="positiveintegertype" minOccurs="0" maxOccurs="1"/>
            ${date('StepDecisionDate')}
            <xs:element name="PPOutcome" minOccurs="0" maxOccurs="1">
              <xs:simpleType><xs:restriction base="xs:string"><xs:enumeration value="A"/><xs:enumeration value="B"/><xs:enumeration value="C"/><xs:enumeration value="D"/><xs:enumeration value="E"/></xs:restriction></xs:simpleType>
            </xs:element>
            ${date('CourtAppDate')}
            ${date('LetterInitCPDate')}
          </xs:sequence>
        </xs:complexType>
      </xs:element>`;
  return published.replace(anchor, block);
}

export interface XsdError {
  line: number;
  /** The element libxml2 names ("Element 'Sex': …"), or null for a parser error. */
  element: string | null;
  message: string;
}

/**
 * Validates documents against one XSD in a single run of xmllint. Returns each document's errors
 * by name: an empty list means libxml2 found it valid (it printed "<name> validates").
 */
export async function validateAgainstXsd(xsd: string, documents: readonly { name: string; xml: string }[]): Promise<Map<string, XsdError[]>> {
  const size = documents.reduce((sum, document) => sum + document.xml.length, 0);
  const result = await validateXML({
    xml: documents.map((document) => ({ fileName: document.name, contents: document.xml })),
    schema: [{ fileName: 'schema.xsd', contents: xsd }],
    initialMemoryPages: 256,
    maxMemoryPages: Math.min(65_536, 512 + Math.ceil((size * 4) / 65_536)),
  });
  const output = result.rawOutput.split('\n');
  const verdicts = new Map<string, XsdError[]>();
  for (const document of documents) {
    const prefix = `${document.name}:`;
    const errors: XsdError[] = [];
    for (const line of output) {
      if (!line.startsWith(prefix)) continue;
      const match = /^(\d+): (.*)$/.exec(line.slice(prefix.length));
      if (!match) continue;
      errors.push({ line: Number(match[1]), element: /Element '([^']+)'/.exec(match[2]!)?.[1] ?? null, message: match[2]! });
    }
    const validates = output.includes(`${document.name} validates`);
    if (!validates && errors.length === 0) errors.push({ line: 0, element: null, message: `xmllint did not say ${document.name} validates` });
    verdicts.set(document.name, validates ? [] : errors);
  }
  return verdicts;
}
