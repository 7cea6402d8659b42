/**
 * The settings the supervisor (supervisor.ts) starts the embedded PostgreSQL with, for the indicator
 * queries (src/indicators/engine.ts) on a large county. Measured with bench/indicator-county.ts.
 * - work_mem 64 MB: the queries sort and hash hundreds of thousands of rows; 64 MB keeps most of that in memory.
 * - shared_buffers: a quarter of the machine's memory (the container's when it has a limit), at most
 *   1 GB, at least PostgreSQL's default 128 MB. The default 128 MB held a 10,000-child county (40 MB)
 *   but not 400,000 children (1.6 GB), whose indicator queries then read most pages back from the
 *   operating system's cache on every index lookup.
 */
import { totalmem } from 'node:os';

const MB = 1024 * 1024;
const SHARED_BUFFERS_MIN_MB = 128;
const SHARED_BUFFERS_MAX_MB = 1024;

/** shared_buffers in megabytes for a machine (or container) with this much memory. */
export function sharedBuffersMb(memoryBytes: number): number {
  return Math.max(SHARED_BUFFERS_MIN_MB, Math.min(SHARED_BUFFERS_MAX_MB, Math.floor(memoryBytes / 4 / MB)));
}

/** The memory Keystone may use: the machine's, or the container's limit when lower. */
export function availableMemory(): number {
  // 0, or a huge number, when no limit is set.
  const limit = process.constrainedMemory();
  return limit > 0 && limit < totalmem() ? limit : totalmem();
}

/** `-c name=value` flags for the postgres command. */
export function performanceFlags(memoryBytes = availableMemory()): string[] {
  return ['-c', 'work_mem=64MB', '-c', `shared_buffers=${sharedBuffersMb(memoryBytes)}MB`];
}
