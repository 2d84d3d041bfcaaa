// The change log behind every delta query (one per mail folder, contact folder, calendar, drive, and
// one per folder hierarchy). Each add, change or removal appends an entry stamped with the
// account's monotonically increasing sequence number; an entry is "current" while no later entry
// for the same key exists. A delta round is then "current entries with since < seq <= upTo", found
// by binary search and read forward — so a no-change round over 100k items costs O(log n), and a
// round with k changes costs O(k) plus the stale entries between them.

export interface RemovedEntry<T> {
  reason: "deleted" | "changed";
  /** What the workload needs to render the tombstone (old ids, name, parent...). */
  tombstone: T;
}

export interface LogEntry<T> {
  index: number;
  seq: number;
  key: number;
  at: number;
  removed?: RemovedEntry<T>;
}

export class ChangeLog<T = unknown> {
  private readonly seqs: number[] = [];
  private readonly keys: number[] = [];
  private readonly times: number[] = [];
  private readonly removals = new Map<number, RemovedEntry<T>>();
  private readonly latest = new Map<number, number>();

  get length(): number {
    return this.seqs.length;
  }

  /** The sequence number of the newest entry, or 0 for an empty log. */
  get lastSeq(): number {
    return this.seqs[this.seqs.length - 1] ?? 0;
  }

  record(key: number, seq: number, at: number, removed?: RemovedEntry<T>): void {
    const last = this.lastSeq;
    if (seq <= last) throw new Error(`change log sequence went backwards (${seq} after ${last})`);
    const index = this.seqs.length;
    this.seqs.push(seq);
    this.keys.push(key);
    this.times.push(at);
    if (removed) this.removals.set(index, removed);
    this.latest.set(key, index);
  }

  /** Index of the first entry with seq > since. */
  firstIndexAfter(since: number): number {
    let lo = 0;
    let hi = this.seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.seqs[mid] ?? 0) <= since) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The sequence number current at a point in time (for OneDrive's timestamp tokens). */
  seqAtTime(at: number): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.times[mid] ?? 0) <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : (this.seqs[lo - 1] ?? 0);
  }

  entry(index: number): LogEntry<T> | undefined {
    const seq = this.seqs[index];
    const key = this.keys[index];
    if (seq === undefined || key === undefined) return undefined;
    const removed = this.removals.get(index);
    return { index, seq, key, at: this.times[index] ?? 0, ...(removed ? { removed } : {}) };
  }

  isCurrent(index: number): boolean {
    const key = this.keys[index];
    return key !== undefined && this.latest.get(key) === index;
  }

  /** Whether the key's newest entry is a removal (or the key was never seen). */
  isGone(key: number): boolean {
    const index = this.latest.get(key);
    return index === undefined || this.removals.has(index);
  }
}
