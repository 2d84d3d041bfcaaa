// The demo account's only source of randomness: the project's seeded sfc32 generator (shared with
// the benchmark data), one independent stream per part of the account, so that changing the
// contacts does not reshuffle every message. Same seed, same bytes, on every machine.
import { Rng } from "../../bench/bench-rng.js";

export class DemoRandom extends Rng {
  constructor(seed: number, stream: string) {
    super("lifeboat-demo-account", seed, stream);
  }

  /** A random (version 4 layout) GUID, lowercase as Graph writes ids. */
  guid(): string {
    const b = this.bytes(16);
    b[6] = (b[6]! & 0x0f) | 0x40;
    b[8] = (b[8]! & 0x3f) | 0x80;
    const h = b.toString("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  /** `count` distinct items in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, Math.min(count, copy.length));
  }

  /** A random day between two instants, at a random time between the given UTC hours (people sleep). */
  dayTime(fromMs: number, toMs: number, firstHour: number, lastHour: number): Date {
    const d = this.dateBetween(fromMs, toMs);
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), this.int(firstHour, lastHour), this.int(0, 59), this.int(0, 59)));
  }

  /** A Date uniformly between two instants (ms since the epoch), rounded to the second. */
  dateBetween(fromMs: number, toMs: number): Date {
    return new Date(Math.floor((fromMs + this.float() * (toMs - fromMs)) / 1000) * 1000);
  }
}
