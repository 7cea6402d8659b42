/**
 * A full garbage collection, for the few places that know almost nothing they made is still alive
 * (between the parts of a large return, after a batch of rows is staged). V8 otherwise lets the dead
 * batches pile up in its old generation (hundreds of MB) before collecting them; collecting after each
 * keeps the process's peak memory that of one batch.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null = null;

export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    // Taken once: a new context for each collection would itself be memory to collect.
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
