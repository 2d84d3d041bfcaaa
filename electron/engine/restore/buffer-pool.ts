/**
 * Reusable buffers for the plaintext a restore reads, by power-of-two size class, holding at most
 * `maxBytes` while idle. A restore moves gigabytes through blobs of about 1 MiB; a fresh buffer for
 * each kept V8's garbage collector marking the heap over and over (external memory pressure).
 */
export class BufferPool {
  private readonly free = new Map<number, Buffer[]>();
  private held = 0;

  constructor(private readonly maxBytes: number) {}

  /** A buffer of at least `size` bytes (often more): pass this same buffer to give() when done. */
  take(size: number): Buffer {
    const cls = sizeClass(size);
    const buf = this.free.get(cls)?.pop();
    if (!buf) return Buffer.allocUnsafe(cls);
    this.held -= buf.length;
    return buf;
  }

  /** Returns a buffer from take() once nothing reads or writes it any more. */
  give(buf: Buffer): void {
    if (buf.length !== sizeClass(buf.length) || this.held + buf.length > this.maxBytes) return;
    const list = this.free.get(buf.length);
    if (list) list.push(buf);
    else this.free.set(buf.length, [buf]);
    this.held += buf.length;
  }
}

const MIN_CLASS = 64 * 1024;

function sizeClass(size: number): number {
  return size <= MIN_CLASS ? MIN_CLASS : 2 ** Math.ceil(Math.log2(size));
}
