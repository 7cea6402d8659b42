import { isZip, unzipFiles, ZipRefused } from '../core/zip.ts';
import type { ImportFormat, InputFile } from './types.ts';

/** The data files each format reads (from a folder, or from inside a zip archive). */
export const FORMAT_FILES: Record<ImportFormat, RegExp> = { '903': /\.(csv|xml|xlsx)$/i, ssd: /\.csv$/i, cin: /\.xml$/i, 'annex-a': /\.xlsx$/i };

/** Formats that arrive as many files, and so may come zipped: an SSD extract, an SSDA903 return. */
export const ZIPPED_FORMATS: readonly ImportFormat[] = ['ssd', '903'];

export const isZipFile = (file: InputFile) => /\.zip$/i.test(file.name) || (!/\.xlsx$/i.test(file.name) && isZip(file.bytes));

/**
 * Opens any zip archive among the files into the data files it holds for the format (through the
 * guarded reader in src/core/zip.ts); other files pass through. A refused or empty archive throws
 * ZipRefused naming the archive and the reason.
 */
export function expandArchives(files: readonly InputFile[], format: ImportFormat): InputFile[] {
  return files.flatMap((file) => {
    if (!isZipFile(file)) return [file];
    if (!ZIPPED_FORMATS.includes(format)) throw new ZipRefused(`${file.name} is a zip archive: only SSD extracts and SSDA903 returns can be imported zipped.`);
    let inside;
    try {
      inside = unzipFiles(file.bytes).filter((entry) => FORMAT_FILES[format].test(entry.name));
    } catch (error) {
      if (error instanceof ZipRefused) throw new ZipRefused(`${file.name}: ${error.message}`);
      throw error;
    }
    if (inside.length === 0) throw new ZipRefused(`${file.name} holds no ${format === 'ssd' ? '.csv' : '.csv or .xml'} files.`);
    return inside;
  });
}

export { ZipRefused };
