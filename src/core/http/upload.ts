/**
 * File uploads: multipart forms streamed to files on disk as they arrive (busboy), never held whole
 * in memory, within the size and file-count limits of the route scope that accepts them. The
 * application authenticates and authorises a request before any of its body is read (app.ts,
 * onRequest), so nobody who may not upload can make the server read or store a byte. A request's
 * files are deleted when its answer is ready, unless the route takes them (`keepUploads`).
 *
 * And the one check of what a file is. A file is of a type only when both its name's extension
 * and its content agree: PDF starts %PDF-, PNG and JPEG with their signatures, Word and Excel files
 * are ZIP packages holding word/ or xl/ parts, and text and CSV files are UTF-8 text without NUL
 * bytes. Names lose any folder a browser sends.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Busboy, type BusboyInstance } from '@fastify/busboy';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** A file held in memory (small uploads, once checked, and tests). */
export interface UploadedFile {
  field: string;
  name: string;
  bytes: Uint8Array;
}

/** A file as received: on disk in the request's own temporary folder. */
export interface ReceivedFile {
  field: string;
  name: string;
  path: string;
  size: number;
}

/** A multipart body: `_csrf` where the CSRF check looks for it, text fields, and non-empty files. */
export interface MultipartBody {
  _csrf?: string;
  fields: Record<string, string>;
  files: ReceivedFile[];
  /** Why the body could not be taken (unreadable, too many files), when it could not. */
  problem?: string;
  /** The request's temporary folder (absent when no file was sent). */
  folder?: string;
}

export interface MultipartLimits {
  /** The whole body; a larger one is refused with 413 as soon as the limit is passed. */
  maxBytes: number;
  /** Files in one form (default 1). */
  maxFiles?: number;
}

export class UploadTooLarge extends Error {
  statusCode = 413;
}

const FIELD_BYTES = 64 * 1024;
const UNREADABLE = 'The upload could not be read. Choose the file again and resubmit.';

/** Streams a multipart body to a temporary folder, counting every byte against the limit. */
export async function receiveMultipart(request: FastifyRequest, payload: NodeJS.ReadableStream | Readable, limits: MultipartLimits): Promise<MultipartBody> {
  const body: MultipartBody = { fields: {}, files: [] };
  const tooLarge = () => new UploadTooLarge(`The upload is larger than the ${Math.round(limits.maxBytes / 1024 / 1024)} MB allowed`);
  if (Number(request.headers['content-length']) > limits.maxBytes) throw tooLarge();
  const maxFiles = limits.maxFiles ?? 1;
  let received = 0;
  let parser: BusboyInstance;
  try {
    parser = Busboy({
      headers: request.headers as { 'content-type': string },
      limits: { fileSize: limits.maxBytes, files: maxFiles + 1, fieldSize: FIELD_BYTES, fields: 100 },
    });
  } catch {
    return { ...body, problem: UNREADABLE };
  }
  const writes: Promise<void>[] = [];
  let folder: Promise<string> | undefined;
  const done = new Promise<void>((resolve, reject) => {
    parser.on('field', (name, value) => {
      if (name === '_csrf') body._csrf = value;
      else body.fields[name] ??= value;
    });
    parser.on('file', (field, stream, fileName) => {
      const name = String(fileName ?? '').replace(/^.*[\\/]/, '');
      if (!name || body.files.length >= maxFiles) {
        if (name) body.problem ??= maxFiles === 1 ? 'Choose one file.' : `Upload at most ${maxFiles} files at once.`;
        stream.resume();
        return;
      }
      const file: ReceivedFile = { field, name, path: '', size: 0 };
      body.files.push(file);
      folder ??= mkdtemp(path.join(tmpdir(), 'keystone-upload-'));
      writes.push(
        folder.then(async (dir) => {
          body.folder = dir;
          file.path = path.join(dir, `${body.files.indexOf(file)}`);
          stream.on('data', (chunk: Buffer) => (file.size += chunk.length));
          await pipeline(stream, createWriteStream(file.path, { mode: 0o600 }));
        }),
      );
    });
    parser.on('finish', resolve);
    parser.on('error', reject);
  });
  done.catch(() => undefined);
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      callback(received > limits.maxBytes ? tooLarge() : null, chunk);
    },
  });
  try {
    await pipeline(payload, counter, parser);
    await done;
    await Promise.all(writes);
  } catch (error) {
    await Promise.allSettled(writes);
    if (folder) await rm(await folder, { recursive: true, force: true });
    if (error instanceof UploadTooLarge) throw error;
    return { fields: body.fields, files: [], problem: UNREADABLE, ...(body._csrf ? { _csrf: body._csrf } : {}) };
  }
  const empty = body.files.find((file) => file.size === 0);
  body.files = body.files.filter((file) => file.size > 0);
  // Every file chosen was empty: say so, not that none was chosen (an empty one beside others is left out).
  if (empty && !body.files.length) body.problem ??= `${empty.name} is empty: choose a file that holds data.`;
  return body;
}

const KEPT = Symbol('keystone.uploadsKept');

/**
 * Lets the routes registered in `scope` take multipart forms within `limits` (larger: 413), files
 * streamed to disk; each request's files are deleted once its answer is ready.
 */
export function acceptMultipart(scope: FastifyInstance, limits: MultipartLimits): void {
  scope.addContentTypeParser('multipart/form-data', async (request: FastifyRequest, payload: NodeJS.ReadableStream) =>
    receiveMultipart(request, payload, limits),
  );
  scope.addHook('onSend', async (request) => {
    const body = request.body as Partial<MultipartBody> | undefined;
    if (body?.folder && !(request as unknown as Record<symbol, boolean>)[KEPT]) await rm(body.folder, { recursive: true, force: true });
  });
}

/** The route keeps the request's files (e.g. for a background job); it deletes `folder` itself. */
export function keepUploads(request: FastifyRequest): string | undefined {
  (request as unknown as Record<symbol, boolean>)[KEPT] = true;
  return multipartOf(request).folder;
}

/** The request's multipart body (an empty one when the form was sent some other way). */
export function multipartOf(request: FastifyRequest): MultipartBody {
  const body = request.body as Partial<MultipartBody> | undefined;
  return body && Array.isArray(body.files) && body.fields ? (body as MultipartBody) : { fields: {}, files: [] };
}

/** The first file sent in `field`, read into memory (for routes whose limit is a few megabytes). */
export async function uploadedFile(request: FastifyRequest, field: string): Promise<UploadedFile | undefined> {
  const file = multipartOf(request).files.find((entry) => entry.field === field);
  return file && { field, name: file.name, bytes: new Uint8Array(await readFile(file.path)) };
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
const zipWith = (bytes: Uint8Array, folder: string) =>
  startsWith(bytes, ZIP) && Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(folder, 0, 'latin1');
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
