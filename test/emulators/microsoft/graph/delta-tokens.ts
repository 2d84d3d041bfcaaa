// Opaque state tokens ($skiptoken, $deltatoken, OneDrive's token=) for every delta query. The
// state (where the round started, where the page stopped, the $select and changeType of the first
// request, a calendar window) is sealed with AES-GCM under a per-emulator key, so clients cannot
// read or edit it — as with the real service, the only thing to do with a token is to send it back.
// Tokens also carry their issue time and a generation, which is how "the delta token expired" is
// produced on demand (see FaultControl.expireDeltaTokens) or by age.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

export interface DeltaState {
  /** "skip" for a nextLink inside a round, "delta" for the deltaLink that starts the next round. */
  type: "skip" | "delta";
  /** What the token belongs to, e.g. "mail:12" (folder serial), "drive", "calview:3". */
  scope: string;
  /** Account oid, so a token from one mailbox is refused by another. */
  account: string;
  /** Changes with seq > since are reported. */
  since: number;
  /** The round reports changes up to this seq (fixed when the round starts). */
  upTo: number;
  /** Log index where the next page starts. */
  position: number;
  /** Pages already served in this round (drives empty-page and replay quirks). */
  page: number;
  /** Where the previous page started, for replays. */
  previousPosition?: number;
  /** True for the initial round (no removals reported, everything current listed). */
  initial: boolean;
  select?: string[];
  changeType?: string;
  /** calendarView window, ISO strings. */
  window?: [string, string];
  /** receivedDateTime ge|gt filter of message delta, as [op, iso]. */
  filter?: [string, string];
  /** Page size from $top (Prefer: odata.maxpagesize is read on every request instead). */
  top?: number;
  generation: number;
  issuedAt: number;
}

interface WireState {
  t: 0 | 1;
  sc: string;
  a: string;
  s: number;
  u: number;
  p: number;
  pg: number;
  pp?: number;
  i0: 0 | 1;
  sel?: string[];
  ct?: string;
  w?: [string, string];
  f?: [string, string];
  top?: number;
  g: number;
  at: number;
}

/** A token that decrypts: its state, and whether it has expired (the state still tells what it was for). */
export interface DecodedToken {
  state: DeltaState;
  expired: boolean;
}

export class DeltaTokenCodec {
  private readonly key = randomBytes(32);
  /** Tokens issued with a lower generation are expired. */
  private minGeneration = 0;
  private generation = 1;
  /** Tokens older than this (emulator clock) are expired; Infinity = never. */
  maxAgeMs = Number.POSITIVE_INFINITY;

  get currentGeneration(): number {
    return this.generation;
  }

  /** Every token issued so far stops working (the delta token cache was flushed). */
  expireAll(): void {
    this.generation += 1;
    this.minGeneration = this.generation;
  }

  encode(state: Omit<DeltaState, "generation" | "issuedAt">, now: number): string {
    const wire: WireState = {
      t: state.type === "skip" ? 0 : 1,
      sc: state.scope,
      a: state.account,
      s: state.since,
      u: state.upTo,
      p: state.position,
      pg: state.page,
      i0: state.initial ? 1 : 0,
      g: this.generation,
      at: now,
    };
    if (state.previousPosition !== undefined) wire.pp = state.previousPosition;
    if (state.select) wire.sel = state.select;
    if (state.changeType) wire.ct = state.changeType;
    if (state.window) wire.w = state.window;
    if (state.filter) wire.f = state.filter;
    if (state.top !== undefined) wire.top = state.top;
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const sealed = Buffer.concat([cipher.update(JSON.stringify(wire), "utf8"), cipher.final()]);
    return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString("base64url");
  }

  decode(token: string, now: number): DecodedToken | "malformed" {
    let wire: WireState;
    try {
      const raw = Buffer.from(token, "base64url");
      if (raw.length < 29) return "malformed";
      const decipher = createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(raw.length - 16));
      const plain = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
      wire = JSON.parse(plain.toString("utf8")) as WireState;
    } catch {
      return "malformed";
    }
    const expired = wire.g < this.minGeneration || now - wire.at > this.maxAgeMs;
    const state: DeltaState = {
      type: wire.t === 0 ? "skip" : "delta",
      scope: wire.sc,
      account: wire.a,
      since: wire.s,
      upTo: wire.u,
      position: wire.p,
      page: wire.pg,
      initial: wire.i0 === 1,
      generation: wire.g,
      issuedAt: wire.at,
    };
    if (wire.pp !== undefined) state.previousPosition = wire.pp;
    if (wire.sel) state.select = wire.sel;
    if (wire.ct) state.changeType = wire.ct;
    if (wire.w) state.window = wire.w;
    if (wire.f) state.filter = wire.f;
    if (wire.top !== undefined) state.top = wire.top;
    return { state, expired };
  }
}
