// One delta request, for any workload: read the state token (or start a round), collect one page of
// current change-log entries, and answer with @odata.nextLink or @odata.deltaLink. The quirks the
// real service shows and clients must survive are injected here: empty pages that still carry a
// nextLink, replayed pages, an entity listed twice in one page, and expired tokens.
import type { ChangeLog, LogEntry } from "./change-log.js";
import type { DeltaState, DeltaTokenCodec } from "./delta-tokens.js";
import { GraphError } from "./graph-errors.js";
import { jsonResponse, type GraphRequestContext, type GraphResponse } from "./graph-context.js";

export interface DeltaQuirks {
  /** Every Nth page of a round (N >= 2) is empty but still has a nextLink. 0 = off. */
  emptyPageEvery: number;
  /** Every Nth page (N >= 2) starts again at the previous page's first entry. 0 = off. */
  replayEvery: number;
  /** The first entity of every non-empty page is listed again at its end. */
  duplicateWithinPage: boolean;
}

export const NO_QUIRKS: DeltaQuirks = { emptyPageEvery: 0, replayEvery: 0, duplicateWithinPage: false };

export type ExpiredTokenStyle = "syncStateNotFound" | "locationReset";

export interface DeltaEnvironment {
  codec: DeltaTokenCodec;
  quirks: DeltaQuirks;
  outlookExpiry: ExpiredTokenStyle;
}

export type FirstRequestOptions = Pick<DeltaState, "select" | "changeType" | "window" | "filter" | "top">;

export interface DeltaRequestSpec<T> {
  ctx: GraphRequestContext;
  env: DeltaEnvironment;
  /** Token scope, e.g. "mail:7"; a token from another scope is refused. */
  scope: string;
  accountOid: string;
  log: ChangeLog<T>;
  /** The account's sequence number now: a new round reports changes up to here. */
  currentSeq: number;
  /** Absolute link without query, e.g. "https://…/v1.0/me/mailFolders('…')/messages/delta". */
  linkBase: string;
  /** "outlook" links use $skiptoken/$deltatoken; "drive" links use token=. */
  flavor: "outlook" | "drive";
  contextUrl: string;
  defaultPageSize: number;
  maxPageSize: number;
  /** Options of a round's first request (from its query string); they are then carried by tokens. */
  firstRequest: () => FirstRequestOptions;
  /** Filters entries (changeType, window...); entries that fail are skipped, not counted. */
  include?: (entry: LogEntry<T>, state: DeltaState) => boolean;
  /** Renders one entry to zero or more JSON items. */
  render: (entry: LogEntry<T>, state: DeltaState) => object[];
  /** OneDrive's token=latest: an empty answer whose deltaLink starts at "now". */
  startAtLatest?: boolean;
  /** OneDrive for Business' timestamp token: the seq at that time. */
  startAtSeq?: number;
  /**
   * How an initial round enumerates, when not in change-log order: keys after `afterKey` in the
   * workload's own order (OneDrive lists parents before children; its change log alone cannot
   * guarantee that once folders have been re-reported). The round's position is then the last key.
   */
  initialEnumeration?: (afterKey: number, limit: number) => { keys: number[]; done: boolean };
}

function readToken(ctx: GraphRequestContext, flavor: "outlook" | "drive"): { token: string; kind: "skip" | "delta" | "drive" } | undefined {
  if (flavor === "drive") {
    const token = ctx.query.get("token");
    return token === null ? undefined : { token, kind: "drive" };
  }
  for (const [name, value] of ctx.query) {
    const lower = name.toLowerCase();
    if (lower === "$skiptoken") return { token: value, kind: "skip" };
    if (lower === "$deltatoken") return { token: value, kind: "delta" };
  }
  return undefined;
}

/** The query a restarted round needs again (a calendar window, $select), for a 410's Location. */
function restartQuery(state: DeltaState): string {
  let q = "";
  if (state.window) q += `&startDateTime=${encodeURIComponent(state.window[0])}&endDateTime=${encodeURIComponent(state.window[1])}`;
  if (state.select) q += `&$select=${state.select.join(",")}`;
  return q;
}

function expiredError(spec: DeltaRequestSpec<unknown>, freshLink: string, state: DeltaState): GraphError {
  if (spec.flavor === "drive") {
    // OneDrive: 410 with a resync code and a Location that starts a fresh enumeration.
    return new GraphError(410, "resyncRequired", "Resync required. Replace any local items with the server's version (including deletes) if you're sure that the service was up to date with your local changes when you last sync'd. Upload any local changes that the server doesn't know about.", {
      innerCode: "resyncChangesApplyDifferences",
      headers: { location: freshLink },
    });
  }
  if (spec.env.outlookExpiry === "locationReset") {
    // The generic delta contract: 410 Gone and a Location whose $deltatoken is empty.
    return new GraphError(410, "resyncRequired", "The delta token is no longer valid, and the app must reset the sync state.", {
      headers: { location: `${spec.linkBase}?$deltatoken=${restartQuery(state)}` },
    });
  }
  // What Exchange actually answers once its token cache dropped the state (observed: 410 Gone).
  return new GraphError(410, "SyncStateNotFound", "The sync state generation is not found; generation=149;[highest=157][157][155][156].");
}

function malformedError(flavor: "outlook" | "drive"): GraphError {
  return flavor === "drive"
    ? new GraphError(400, "invalidRequest", "Invalid token.", { innerCode: "invalidToken" })
    : new GraphError(400, "SyncStateInvalid", "The sync state is invalid. Start a new synchronization.");
}

function pageSizeFor<T>(spec: DeltaRequestSpec<T>, state: DeltaState): number {
  const requested = spec.ctx.prefer.maxPageSize ?? state.top ?? spec.defaultPageSize;
  return Math.max(1, Math.min(requested, spec.maxPageSize));
}

function collectPage<T>(spec: DeltaRequestSpec<T>, state: DeltaState, pageSize: number): { entries: LogEntry<T>[]; next: number; done: boolean } {
  const { log, env } = spec;
  const quirks = env.quirks;
  if (quirks.emptyPageEvery >= 2 && state.page > 0 && state.page % quirks.emptyPageEvery === 0) {
    return { entries: [], next: state.position, done: false };
  }
  let i = state.position;
  if (quirks.replayEvery >= 2 && state.page > 0 && state.page % quirks.replayEvery === 0 && state.previousPosition !== undefined) {
    i = state.previousPosition;
  }
  const entries: LogEntry<T>[] = [];
  const length = log.length;
  for (; i < length; i++) {
    const entry = log.entry(i);
    if (!entry || entry.seq > state.upTo) break;
    if (entry.seq <= state.since || !log.isCurrent(i)) continue;
    if (state.initial && entry.removed) continue;
    if (spec.include && !spec.include(entry, state)) continue;
    if (entries.length >= pageSize) break;
    entries.push(entry);
  }
  // Peek past the stop point: the round is done when nothing reportable is left.
  let done = true;
  for (let j = i; j < length; j++) {
    const entry = log.entry(j);
    if (!entry || entry.seq > state.upTo) break;
    if (entry.seq <= state.since || !log.isCurrent(j) || (state.initial && entry.removed)) continue;
    if (spec.include && !spec.include(entry, state)) continue;
    done = false;
    break;
  }
  if (quirks.duplicateWithinPage && entries.length > 1 && entries[0]) entries.push(entries[0]);
  return { entries, next: i, done };
}

/** An initial round in the workload's own order; entries carry only their key. */
function enumeratePage<T>(spec: DeltaRequestSpec<T>, state: DeltaState, pageSize: number): { entries: LogEntry<T>[]; next: number; done: boolean } {
  const enumerate = spec.initialEnumeration;
  if (!enumerate) throw new Error("no initial enumeration");
  const quirks = spec.env.quirks;
  if (quirks.emptyPageEvery >= 2 && state.page > 0 && state.page % quirks.emptyPageEvery === 0) {
    return { entries: [], next: state.position, done: false };
  }
  const { keys, done } = enumerate(state.position, pageSize);
  const entries: LogEntry<T>[] = keys.map((key) => ({ index: -1, seq: 0, key, at: 0 }));
  return { entries, next: keys.length > 0 ? (keys[keys.length - 1] ?? state.position) : state.position, done };
}

function linkWithToken(spec: DeltaRequestSpec<unknown>, kind: "skip" | "delta", token: string): string {
  if (spec.flavor === "drive") return `${spec.linkBase}?token=${token}`;
  return `${spec.linkBase}?${kind === "skip" ? "$skiptoken" : "$deltatoken"}=${token}`;
}

export function runDeltaRequest<T>(spec: DeltaRequestSpec<T>): GraphResponse {
  const { ctx, env } = spec;
  const now = ctx.now;
  const freshRound = (since: number, initial: boolean, opts: FirstRequestOptions): DeltaState => ({
    type: "skip",
    scope: spec.scope,
    account: spec.accountOid,
    since,
    upTo: spec.currentSeq,
    position: spec.log.firstIndexAfter(since),
    page: 0,
    initial,
    generation: env.codec.currentGeneration,
    issuedAt: now,
    ...opts,
  });
  const freshLink = (old: DeltaState): string => {
    const carried: FirstRequestOptions = {};
    if (old.select) carried.select = old.select;
    if (old.window) carried.window = old.window;
    if (old.top !== undefined) carried.top = old.top;
    const start = freshRound(0, true, carried);
    return linkWithToken(spec as DeltaRequestSpec<unknown>, "skip", env.codec.encode(start, now));
  };

  let state: DeltaState;
  const given = readToken(ctx, spec.flavor);
  if (spec.startAtLatest) {
    state = { ...freshRound(spec.currentSeq, false, spec.firstRequest()), position: spec.log.length };
  } else if (spec.startAtSeq !== undefined) {
    state = freshRound(spec.startAtSeq, false, spec.firstRequest());
  } else if (!given || given.token === "") {
    // No token, or the empty $deltatoken of a 410 Location: a full (initial) round.
    state = freshRound(0, true, spec.firstRequest());
  } else {
    const token = env.codec.decode(given.token, now);
    if (token === "malformed" || token.state.scope !== spec.scope || token.state.account !== spec.accountOid) {
      throw malformedError(spec.flavor);
    }
    const decoded = token.state;
    if (token.expired) throw expiredError(spec as DeltaRequestSpec<unknown>, freshLink(decoded), decoded);
    if (decoded.type === "delta") {
      // A deltaLink starts the next round: changes after the last round's end, up to now.
      state = { ...freshRound(decoded.since, false, {}), select: decoded.select, changeType: decoded.changeType, window: decoded.window, filter: decoded.filter, top: decoded.top };
      for (const k of ["select", "changeType", "window", "filter", "top"] as const) if (state[k] === undefined) delete state[k];
    } else {
      state = decoded;
    }
  }

  const pageSize = pageSizeFor(spec, state);
  const page = spec.startAtLatest
    ? { entries: [], next: spec.log.length, done: true }
    : state.initial && spec.initialEnumeration
      ? enumeratePage(spec, state, pageSize)
      : collectPage(spec, state, pageSize);
  const value: object[] = [];
  for (const entry of page.entries) value.push(...spec.render(entry, state));

  const headers: Record<string, string> = {};
  const applied: string[] = [];
  if (ctx.prefer.maxPageSize !== undefined) applied.push(`odata.maxpagesize=${pageSize}`);
  if (ctx.prefer.immutableIds) applied.push(`IdType="ImmutableId"`);
  if (applied.length > 0) headers["preference-applied"] = applied.join(", ");

  const body: Record<string, unknown> = { "@odata.context": spec.contextUrl };
  if (page.done) {
    const next: DeltaState = { ...state, type: "delta", since: state.upTo, position: 0, page: 0, initial: false };
    delete next.previousPosition;
    body["@odata.deltaLink"] = linkWithToken(spec as DeltaRequestSpec<unknown>, "delta", env.codec.encode(next, now));
  } else {
    const next: DeltaState = { ...state, type: "skip", position: page.next, page: state.page + 1, previousPosition: state.position };
    body["@odata.nextLink"] = linkWithToken(spec as DeltaRequestSpec<unknown>, "skip", env.codec.encode(next, now));
  }
  body.value = value;
  return jsonResponse(body, 200, headers);
}
