/** Writing XML for the exports: text escaped, elements indented, empty leaves left out. */

export function escapeXml(value: string): string {
  return value.replace(/[<>&"']/g, (character) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[character]};`);
}

/** Builds XML with indentation; empty leaves are not written (every optional element is minOccurs 0). */
export class XmlWriter {
  readonly parts: string[] = [];
  private depth = 0;
  open(name: string) {
    this.parts.push(`${'  '.repeat(this.depth++)}<${name}>\n`);
  }
  close(name: string) {
    this.parts.push(`${'  '.repeat(--this.depth)}</${name}>\n`);
  }
  leaf(name: string, value: string | number | null | undefined) {
    if (value === null || value === undefined || value === '') return;
    this.parts.push(`${'  '.repeat(this.depth)}<${name}>${escapeXml(String(value))}</${name}>\n`);
  }
}
