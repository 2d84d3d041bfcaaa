// A ring buffer in shared memory between one content worker and the main thread. The worker cuts
// blobs straight into it and the main thread compresses, encrypts and writes them from there, so a
// backup allocates (and garbage-collects) almost nothing per blob, in either thread: with one
// transferred buffer per blob, each thread kept tens of MiB of dead buffers between collections
// and a backup's memory doubled.
//
// The worker allocates at its head, the main thread releases in allocation order (out-of-order
// releases wait for the older ones). Released bytes are a counter in shared memory the worker
// waits on with Atomics when the ring is full.

const RELEASED = 0;

export interface RingSlot {
  /** Offset of the bytes in the ring. */
  offset: number;
  length: number;
  /** Bytes of ring this slot holds: its length plus any gap skipped to keep it contiguous. */
  span: number;
}

/** Shared state handed to the worker (through workerData) and kept by the main thread. */
export interface RingMemory {
  data: SharedArrayBuffer;
  control: SharedArrayBuffer;
}

export function createRingMemory(size: number): RingMemory {
  return { data: new SharedArrayBuffer(size), control: new SharedArrayBuffer(4) };
}

/** The worker's end: allocates contiguous slots, blocking while the ring is full. */
export class RingWriter {
  private readonly control: Int32Array;
  private readonly bytes: Buffer;
  private head = 0;
  /** Bytes allocated so far, modulo 2^32 (compared with the released counter by wrapping difference). */
  private allocated = 0;

  constructor(
    memory: RingMemory,
    /** Called once before each wait for room (the main thread may be holding slots it could free). */
    private readonly onFull: () => void = () => undefined,
  ) {
    this.control = new Int32Array(memory.control);
    this.bytes = Buffer.from(memory.data);
  }

  get size(): number {
    return this.bytes.length;
  }

  /** A slot of `length` bytes, and a Buffer over it to fill. */
  alloc(length: number): { slot: RingSlot; buf: Buffer } {
    const size = this.bytes.length;
    if (length > size) throw new RangeError(`a blob of ${length} bytes does not fit a ring of ${size}`);
    const wraps = this.head + length > size;
    const offset = wraps ? 0 : this.head;
    const span = wraps ? size - this.head + length : length;
    let told = false;
    for (;;) {
      const released = Atomics.load(this.control, RELEASED);
      const used = (this.allocated - released) >>> 0;
      if (used + span <= size) break;
      if (!told) {
        this.onFull();
        told = true;
      }
      // The timeout only bounds a missed wake-up; every release notifies.
      Atomics.wait(this.control, RELEASED, released, 1000);
    }
    this.allocated = (this.allocated + span) >>> 0;
    this.head = offset + length === size ? 0 : offset + length;
    return { slot: { offset, length, span }, buf: this.bytes.subarray(offset, offset + length) };
  }
}

/** The main thread's end: views of slots, and in-order release. */
export class RingReader {
  private readonly control: Int32Array;
  private readonly data: SharedArrayBuffer;
  private released = 0;
  /** Slots handed out and not yet released in order: span, and whether released. */
  private readonly order: Array<{ span: number; done: boolean }> = [];
  private first = 0;

  constructor(memory: RingMemory) {
    this.control = new Int32Array(memory.control);
    this.data = memory.data;
  }

  /** A view of a slot the worker filled, and the function that gives it back (call it once). */
  take(slot: RingSlot): { buf: Buffer; release: () => void } {
    const entry = { span: slot.span, done: false };
    this.order.push(entry);
    const buf = Buffer.from(this.data, slot.offset, slot.length);
    return {
      buf,
      release: () => {
        if (entry.done) return;
        entry.done = true;
        this.advance();
      },
    };
  }

  private advance(): void {
    let moved = false;
    while (this.first < this.order.length && this.order[this.first]!.done) {
      this.released = (this.released + this.order[this.first]!.span) >>> 0;
      this.first++;
      moved = true;
    }
    if (this.first > 1024 && this.first * 2 > this.order.length) {
      this.order.splice(0, this.first);
      this.first = 0;
    }
    if (moved) {
      Atomics.store(this.control, RELEASED, this.released | 0);
      Atomics.notify(this.control, RELEASED);
    }
  }
}
