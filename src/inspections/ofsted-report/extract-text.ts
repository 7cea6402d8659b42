/**
 * PDF → clean text lines, page by page, for Ofsted inspection reports.
 *
 * pdf.js gives positioned text fragments; we rebuild visual lines from their baselines (top to
 * bottom, left to right) and then remove what is not report text:
 * - footnote reference marks: digit-only fragments set clearly smaller than the page's body text;
 * - running headers/footers: a line in the top or bottom three lines of a page whose text (digits
 *   ignored) recurs in that band on at least 40% of pages (and at least two), except at the top of
 *   page 1 (the title); and bare page numbers ("12", "Page 3 of 40") in that band;
 * - footnotes: a block of smaller-than-body lines at the foot of a page that starts just below a
 *   footnote mark.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** How many lines at each end of a page can be a running header or footer. */
const FURNITURE_BAND = 3;

type Fragment = { text: string; x: number; y: number; width: number; size: number; mark: boolean };
type PageLine = { text: string; size: number; afterMark: boolean };

/** Reads every page's lines. pdf.js errors (damaged or encrypted files) propagate unchanged. */
export async function extractPdfPages(pdf: Uint8Array): Promise<string[][]> {
  // pdf.js may take ownership of (detach) the buffer it is given: hand it a copy.
  const task = getDocument({
    data: pdf.slice(),
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    const pages: PageLine[][] = [];
    const bodySizes: number[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const fragments: Fragment[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        const [a = 0, b = 0, , d = 0, x = 0, y = 0] = item.transform as number[];
        const size = Math.hypot(a, b) || Math.abs(d) || 10;
        fragments.push({ text: item.str, x, y, width: item.width, size, mark: false });
      }
      const body = bodySize(fragments);
      for (const f of fragments) f.mark = /^\s*\d{1,2}\s*$/.test(f.text) && f.size < 0.8 * body;
      pages.push(buildLines(fragments));
      bodySizes.push(body);
      page.cleanup();
    }
    return removeFurniture(pages).map((lines, i) => removeFootnotes(lines, bodySizes[i] ?? 10).map((line) => line.text));
  } finally {
    await task.destroy();
  }
}

/** The font size carrying most characters on the page. */
function bodySize(fragments: Fragment[]): number {
  const chars = new Map<number, number>();
  for (const f of fragments) {
    const size = Math.round(f.size);
    chars.set(size, (chars.get(size) ?? 0) + f.text.trim().length);
  }
  let best = 0;
  let most = -1;
  for (const [size, count] of chars) if (count > most) [best, most] = [size, count];
  return best || 10;
}

/** Groups fragments sharing a baseline (within 40% of the text size) into lines. */
function buildLines(fragments: Fragment[]): PageLine[] {
  const sorted = [...fragments].sort((p, q) => q.y - p.y || p.x - q.x);
  const groups: Fragment[][] = [];
  for (const fragment of sorted) {
    const current = groups.at(-1);
    const first = current?.[0];
    if (current && first && Math.abs(first.y - fragment.y) <= 0.4 * Math.min(first.size, fragment.size)) {
      current.push(fragment);
    } else {
      groups.push([fragment]);
    }
  }
  const lines: PageLine[] = [];
  let afterMark = false;
  for (const group of groups) {
    group.sort((p, q) => p.x - q.x);
    let text = '';
    let end = -Infinity;
    let size = 0;
    for (const fragment of group) {
      if (fragment.mark) continue;
      // Fragments are often split mid-line without a space item: a visible gap means a space.
      const gap = fragment.x - end;
      if (text !== '' && gap > 0.15 * fragment.size && !/\s$/.test(text) && !/^\s/.test(fragment.text)) text += ' ';
      text += fragment.text;
      end = Math.max(end, fragment.x + fragment.width);
      if (fragment.text.trim() !== '') size = Math.max(size, fragment.size);
    }
    const clean = text.replace(/\s+/g, ' ').trim();
    if (clean !== '') {
      lines.push({ text: clean, size, afterMark });
      afterMark = false;
    } else if (group.some((f) => f.mark)) {
      afterMark = true; // a footnote mark on a line of its own: the next line may start a footnote
    }
  }
  return lines;
}

/** Drops a footnote block: from a line just below a mark to the page end, all smaller than body. */
function removeFootnotes(lines: PageLine[], body: number): PageLine[] {
  let start = lines.length;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i];
    if (!line || line.size >= 0.9 * body) break;
    if (line.afterMark) start = i;
  }
  return lines.slice(0, start);
}

const furnitureKey = (text: string): string => text.replace(/\d+/g, '#').toLowerCase();
const isPageNumber = (text: string): boolean => /^(page\s+)?\d{1,3}(\s+of\s+\d{1,3})?$/i.test(text);

function bandIndexes(count: number): number[] {
  const indexes = new Set<number>();
  for (let i = 0; i < Math.min(FURNITURE_BAND, count); i++) indexes.add(i).add(count - 1 - i);
  return [...indexes];
}

function removeFurniture(pages: PageLine[][]): PageLine[][] {
  const pagesWithKey = new Map<string, number>();
  for (const page of pages) {
    const keys = new Set(bandIndexes(page.length).map((i) => furnitureKey(page[i]?.text ?? '')));
    for (const key of keys) pagesWithKey.set(key, (pagesWithKey.get(key) ?? 0) + 1);
  }
  const threshold = Math.max(2, Math.ceil(pages.length * 0.4));
  return pages.map((page, n) => {
    const drop = new Set(
      bandIndexes(page.length).filter((i) => {
        const text = page[i]?.text ?? '';
        // The top of page 1 is the title, which a running header may repeat: keep it.
        const title = n === 0 && i < FURNITURE_BAND && i < page.length - FURNITURE_BAND;
        return isPageNumber(text) || (!title && (pagesWithKey.get(furnitureKey(text)) ?? 0) >= threshold);
      }),
    );
    return page.filter((_, i) => !drop.has(i));
  });
}
