import { createRequire } from 'node:module';

// fflate is loaded when an archive is first read or written: loading it builds its tables (about
// 10 MB and 20 ms), which the commands and checks that meet no archive need not pay.
let fflate: typeof import('fflate') | undefined;
const zipLibrary = () => (fflate ??= createRequire(import.meta.url)('fflate') as typeof import('fflate'));

/**
 * Zip archives, through fflate. Reading is guarded against zip bombs before anything is inflated:
 * the number of entries, each entry's declared size, the total declared size and the compression
 * ratio are all capped, names must be plain (no folders climbing out, no absolute paths), and
 * archives inside archives are not opened.
 */
export interface ZipEntry {
  name: string;
  bytes: Uint8Array;
}

export interface ZipLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  /** Uncompressed size / compressed size above which an entry is treated as a bomb. */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 200, maxEntryBytes: 512 * 1024 * 1024, maxTotalBytes: 1024 * 1024 * 1024, maxRatio: 200 };

export class ZipRefused extends Error {}

export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05) && (bytes[3] === 0x04 || bytes[3] === 0x06);
}

export function zipFiles(entries: readonly ZipEntry[]): Uint8Array {
  for (const entry of entries) if (!/^[\w.-]+$/.test(entry.name)) throw new Error(`Unsafe file name in zip: ${entry.name}`);
  return zipLibrary().zipSync(Object.fromEntries(entries.map((entry) => [entry.name, entry.bytes])), { level: 6 });
}

/** The files in an archive (folders flattened, hidden and system files skipped), or ZipRefused saying why not. */
export function unzipFiles(archive: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipEntry[] {
  let entries = 0;
  let total = 0;
  let refusal: string | undefined;
  let files: Record<string, Uint8Array>;
  try {
    files = zipLibrary().unzipSync(archive, {
      filter(file) {
        if (refusal || file.name.endsWith('/')) return false;
        entries += 1;
        total += file.originalSize;
        if (entries > limits.maxEntries) refusal = `it holds more than ${limits.maxEntries} files`;
        else if (file.originalSize > limits.maxEntryBytes)
          refusal = `${file.name} would unpack to ${Math.round(file.originalSize / 1048576)} MB, over the ${Math.round(limits.maxEntryBytes / 1048576)} MB limit`;
        else if (total > limits.maxTotalBytes) refusal = `it would unpack to more than ${Math.round(limits.maxTotalBytes / 1048576)} MB`;
        else if (file.size > 0 && file.originalSize / file.size > limits.maxRatio)
          refusal = `${file.name} is compressed ${Math.round(file.originalSize / file.size)} times, which only a zip bomb is`;
        else if (file.name.startsWith('/') || file.name.split('/').includes('..')) refusal = `${file.name} names a place outside the archive`;
        return !refusal && !hidden(file.name);
      },
    });
  } catch (error) {
    throw new ZipRefused(`The archive cannot be read: ${(error as Error).message}`);
  }
  if (refusal) throw new ZipRefused(`The archive was not opened: ${refusal}.`);
  return Object.entries(files).map(([name, bytes]) => ({ name: name.split('/').pop()!, bytes }));
}

function hidden(name: string): boolean {
  return name.split('/').some((part) => part.startsWith('.') || part === '__MACOSX');
}

/** One file's text from an archive (e.g. word/document.xml in a .docx), for reading documents back. */
export function textInZip(archive: Uint8Array, name: string): string {
  const file = zipLibrary().unzipSync(archive, { filter: (entry) => entry.name === name })[name];
  if (!file) throw new Error(`${name} is not in the archive`);
  return zipLibrary().strFromU8(file);
}
