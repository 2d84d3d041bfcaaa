// One request as the handlers see it, and the response they return. Handlers return a value instead
// of writing to a socket so that $batch can run the very same handlers for its parts.
import type { Readable } from "node:stream";
import type { AccessGrant } from "../emulator-contract.js";
import type { AccountData } from "./account-store.js";
import type { PreferOptions } from "./prefer-header.js";

export type GraphVersion = "v1.0" | "beta";

export interface GraphRequestContext {
  method: string;
  version: GraphVersion;
  /** The path after the version prefix, still percent-encoded, e.g. "/me/mailFolders/inbox/messages/delta". */
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: Buffer;
  requestId: string;
  clientRequestId: string;
  /** "https://127.0.0.1:1234": what links (nextLink, deltaLink, downloadUrl) are built on. */
  origin: string;
  prefer: PreferOptions;
  /** Emulator clock at the start of the request. */
  now: number;
  /** Set by the auth check. */
  grant?: AccessGrant;
  /** The mailbox/drive owner the path addresses, set by the router. */
  account?: AccountData;
  /** "/me" or "/users/{id}" exactly as the client wrote it (links keep the client's form). */
  userRoot?: string;
  /** True for a part of a $batch request. */
  inBatch: boolean;
}

export interface GraphResponse {
  status: number;
  headers: Record<string, string>;
  /** A JSON body (serialized by the transport, embedded as an object inside $batch). */
  json?: unknown;
  /** A raw body; `json`, `body` and `stream` are exclusive. */
  body?: Buffer;
  /** A raw body made while it is sent (a generated file of any size); only the transport sends these. */
  stream?: StreamedBody;
  /** A test fault: the transport sends this many body bytes, then drops the connection. */
  cutAfterBytes?: number;
}

export interface StreamedBody {
  length: number;
  open(): Readable;
}

export const ODATA_JSON = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

export function jsonResponse(json: unknown, status = 200, headers: Record<string, string> = {}): GraphResponse {
  return { status, headers: { "content-type": ODATA_JSON, ...headers }, json };
}

export function bytesResponse(body: Buffer, contentType: string, status = 200, headers: Record<string, string> = {}): GraphResponse {
  return { status, headers: { "content-type": contentType, ...headers }, body };
}

export function streamedResponse(stream: StreamedBody, contentType: string, status = 200, headers: Record<string, string> = {}): GraphResponse {
  return { status, headers: { "content-type": contentType, ...headers }, stream };
}

export function emptyResponse(status: number, headers: Record<string, string> = {}): GraphResponse {
  return { status, headers };
}

export function requireAccount(ctx: GraphRequestContext): AccountData {
  if (!ctx.account) throw new Error("route needs an account but the router did not resolve one");
  return ctx.account;
}

/** The absolute base for links: origin + version, e.g. "https://127.0.0.1:1234/v1.0". */
export function serviceRoot(ctx: GraphRequestContext): string {
  return `${ctx.origin}/${ctx.version}`;
}
