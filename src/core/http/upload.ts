/**
 * File uploads: multipart forms read with Node's own parser (the fetch API's FormData), limited in
 * size by the route scope that accepts them, and the one check of what a file is. A file is of a
 * type only when both its name's extension and its content agree: PDF starts %PDF-, PNG and JPEG
 * with their signatures, Word and Excel files are ZIP packages holding word/ or xl/ parts, and
 * text and CSV files are UTF-8 text without NUL bytes. Names lose any folder a browser sends.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface UploadedFile {
  field: string;
  name: string;
  bytes: Uint8Array;
}

/** A multipart body: `_csrf` where the CSRF check looks for it, text fields, and non-empty files. */
export interface MultipartBody {
  _csrf?: string;
  fields: Record<string, string>;
  files: UploadedFile[];
  /** True when the body could not be read as multipart at all. */
  unreadable: boolean;
}

export async function readMultipart(contentType: string, body: Buffer): Promise<MultipartBody> {
  const result: MultipartBody = { fields: {}, files: [], unreadable: false };
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  } catch {
    return { ...result, unreadable: true };
  }
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') {
      if (name === '_csrf') result._csrf = value;
      else result.fields[name] ??= value;
      continue;
    }
    if (value.size === 0) continue;
    result.files.push({ field: name, name: value.name.replace(/^.*[\\/]/, ''), bytes: new Uint8Array(await value.arrayBuffer()) });
  }
  return result;
}

/** Lets the routes registered in `scope` take multipart forms of up to `maxBytes` (larger: 413). */
export function acceptMultipart(scope: FastifyInstance, maxBytes: number): void {
  scope.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: maxBytes }, async (request: FastifyRequest, body: Buffer) =>
    readMultipart(String(request.headers['content-type']), body),
  );
}

/** The request's multipart body (an empty one when the form was sent some other way). */
export function multipartOf(request: FastifyRequest): MultipartBody {
  const body = request.body as Partial<MultipartBody> | undefined;
  return body && Array.isArray(body.files) && body.fields ? (body as MultipartBody) : { fields: {}, files: [], unreadable: false };
}

export const FILE_TYPES = {
  pdf: { extensions: ['pdf'], mediaType: 'application/pdf', name: 'PDF' },
  docx: { extensions: ['docx'], mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', name: 'Word document (.docx)' },
  xlsx: { extensions: ['xlsx'], mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', name: 'Excel workbook (.xlsx)' },
  png: { extensions: ['png'], mediaType: 'image/png', name: 'PNG image' },
  jpeg: { extensions: ['jpg', 'jpeg'], mediaType: 'image/jpeg', name: 'JPEG image' },
  txt: { extensions: ['txt'], mediaType: 'text/plain; charset=utf-8', name: 'text file (.txt)' },
  csv: { extensions: ['csv'], mediaType: 'text/csv; charset=utf-8', name: 'CSV file' },
} as const;
export type FileType = keyof typeof FILE_TYPES;

const startsWith = (bytes: Uint8Array, signature: readonly number[]) => signature.every((byte, index) => bytes[index] === byte);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** A ZIP package holding a part under `folder` (Office files: names in the local headers are plain bytes). */
const zipWith = (bytes: Uint8Array, folder: string) => startsWith(bytes, ZIP) && Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(folder, 0, 'latin1');
function isUtf8Text(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const CONTENT_CHECKS: Record<FileType, (bytes: Uint8Array) => boolean> = {
  pdf: (bytes) => startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d]),
  docx: (bytes) => zipWith(bytes, 'word/'),
  xlsx: (bytes) => zipWith(bytes, 'xl/'),
  png: (bytes) => startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  jpeg: (bytes) => startsWith(bytes, [0xff, 0xd8, 0xff]),
  txt: isUtf8Text,
  csv: isUtf8Text,
};

/** The type among `allowed` that the file's extension names and its content confirms, else undefined. */
export function fileTypeOf(file: Pick<UploadedFile, 'name' | 'bytes'>, allowed: readonly FileType[]): FileType | undefined {
  const extension = /\.([A-Za-z0-9]+)$/.exec(file.name)?.[1]?.toLowerCase();
  const type = allowed.find((candidate) => (FILE_TYPES[candidate].extensions as readonly string[]).includes(extension ?? ''));
  return type && CONTENT_CHECKS[type](file.bytes) ? type : undefined;
}

/** "a PDF, Word document (.docx) or CSV file": the allowed types for an error message or hint. */
export function fileTypeNames(allowed: readonly FileType[]): string {
  const names = allowed.map((type) => FILE_TYPES[type].name);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : (names[0] ?? '');
}
