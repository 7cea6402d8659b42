/**
 * Runs an import from the Imports page in a worker thread of the server: reading, checking and
 * mapping a large upload is seconds of processor work, which on the server's own thread would hold
 * up every other request. The worker opens its own small pool on the same database (the server
 * process keeps the embedded PostgreSQL running), runs the same pipeline, and reports progress and
 * the result back. Its database carries the server's audit seal (key and checkpoint), so the import's
 * audit event joins the same keyed chain.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { openDatabase, type Database } from '../core/db/database.ts';
import { attachAuditSeal, auditSealOf, sealFromShared, shareSeal, type SharedSeal } from '../core/audit/seal.ts';
import { runImport, type ImportProgress, type ImportRequest, type ImportResult } from './pipeline.ts';

type Sent = Omit<ImportRequest, 'onProgress'>;
type Message = { progress: ImportProgress } | { result: ImportResult } | { error: string };

export function runImportInWorker(database: Database, request: ImportRequest): Promise<ImportResult> {
  const { onProgress, ...sent } = request;
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), {
      // The files are copied to the worker (structured clone): their bytes may share buffers with other data here.
      workerData: { import: { connectionString: database.connectionString, schema: database.schema, seal: shareSeal(auditSealOf(database)), request: sent } },
    });
    let settled = false;
    worker.on('message', (message: Message) => {
      if ('progress' in message) return onProgress?.(message.progress);
      settled = true;
      if ('result' in message) resolve(message.result);
      else reject(new Error(message.error));
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the import stopped unexpectedly (worker exit code ${code})`));
    });
  });
}

async function work({ connectionString, schema, seal, request }: { connectionString: string; schema: string; seal: SharedSeal; request: Sent }) {
  const database = await openDatabase({ databaseUrl: connectionString, schema, connections: 2 });
  attachAuditSeal(database, sealFromShared(seal));
  try {
    const result = await runImport(database, { ...request, onProgress: (progress) => parentPort!.postMessage({ progress } satisfies Message) });
    parentPort!.postMessage({ result } satisfies Message);
  } catch (error) {
    parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies Message);
  } finally {
    await database.close();
  }
}

if (!isMainThread && (workerData as { import?: unknown } | null)?.import) {
  await work((workerData as { import: Parameters<typeof work>[0] }).import);
}
