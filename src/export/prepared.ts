/**
 * Exports made on the Exports page wait here, in the server's memory, for the analyst who made them
 * to download: the page first shows what the export holds and what it left out (a download alone
 * cannot say that without script), then the file is fetched by its random id. Each is kept for
 * `KEPT_MINUTES`, for its maker only, and the oldest go first beyond `KEPT_EXPORTS`; a restart
 * forgets them all (the export is in the audit trail from when it was made, and can be made again).
 */
import { randomUUID } from 'node:crypto';

export const KEPT_MINUTES = 15;
const KEPT_EXPORTS = 20;
export const PREPARED_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface PreparedFile {
  name: string;
  type: string;
  bytes: Uint8Array;
}

interface Prepared {
  userId: number | null;
  file: PreparedFile;
  until: number;
}

export class PreparedExports {
  private readonly kept = new Map<string, Prepared>();
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  /** Keeps a file for its maker; returns the id to fetch it by. */
  keep(userId: number | null, file: PreparedFile): string {
    this.forgetExpired();
    while (this.kept.size >= KEPT_EXPORTS) this.kept.delete(this.kept.keys().next().value!);
    const id = randomUUID();
    this.kept.set(id, { userId, file, until: this.now() + KEPT_MINUTES * 60_000 });
    return id;
  }

  /** The file, if it is still kept and was made by this user. */
  find(id: string, userId: number | null): PreparedFile | null {
    this.forgetExpired();
    const prepared = this.kept.get(id);
    return prepared && prepared.userId !== null && prepared.userId === userId ? prepared.file : null;
  }

  private forgetExpired() {
    const now = this.now();
    for (const [id, prepared] of this.kept) if (prepared.until <= now) this.kept.delete(id);
  }
}
