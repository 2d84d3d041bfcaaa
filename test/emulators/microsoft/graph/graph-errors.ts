// Graph's error shape: every failure the emulator produces goes through GraphError so that the body
// is exactly what the real service sends ({error:{code,message,innerError:{date,request-id,
// client-request-id}}}) and clients can be tested on codes, never on messages.

export interface GraphErrorOptions {
  /** innerError.code, e.g. "invalidResourceId" under "invalidRequest" (drive errors nest like this). */
  innerCode?: string;
  /** Extra innerError members (the 429 sample carries message/status there). */
  innerExtra?: Record<string, string>;
  /** Response headers such as Retry-After or Location. */
  headers?: Record<string, string>;
  /** 503s from Outlook arrive with no body at all; clients must not assume JSON. */
  emptyBody?: boolean;
}

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly options: GraphErrorOptions = {},
  ) {
    super(message);
    this.name = "GraphError";
  }
}

/** The innerError date Graph writes: UTC, seconds precision, no zone designator. */
export function graphErrorDate(now: number): string {
  return new Date(now).toISOString().slice(0, 19);
}

export function graphErrorBody(err: GraphError, ids: { requestId: string; clientRequestId: string }, now: number): object {
  const innerError: Record<string, string> = {};
  if (err.options.innerCode) innerError.code = err.options.innerCode;
  Object.assign(innerError, err.options.innerExtra ?? {});
  innerError.date = graphErrorDate(now);
  innerError["request-id"] = ids.requestId;
  innerError["client-request-id"] = ids.clientRequestId;
  return { error: { code: err.code, message: err.message, innerError } };
}

// The errors below are the ones real clients meet; their codes and messages are copied from
// observed responses (see research/microsoft.md §3.8), so keep the spelling and casing.

export function outlookItemNotFound(): GraphError {
  return new GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
}

export function outlookFolderNotFound(): GraphError {
  // Exchange answers an unknown folder id in a path with the same item-not-found code.
  return new GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
}

export function invalidIdMalformed(): GraphError {
  return new GraphError(400, "ErrorInvalidIdMalformed", "Id is malformed.");
}

export function driveItemNotFound(): GraphError {
  return new GraphError(404, "itemNotFound", "The resource could not be found.");
}

export function segmentNotFound(segment: string): GraphError {
  return new GraphError(400, "BadRequest", `Resource not found for the segment '${segment}'.`);
}

export function unsupportedQuery(message: string): GraphError {
  return new GraphError(400, "ErrorInvalidUrlQuery", message);
}

export function accessDeniedOutlook(): GraphError {
  return new GraphError(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
}

export function authorizationDenied(): GraphError {
  return new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
}

export function driveAccessDenied(): GraphError {
  return new GraphError(403, "accessDenied", "Access denied");
}

export function methodNotAllowed(): GraphError {
  return new GraphError(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.");
}

export function badRequest(message: string, code = "BadRequest"): GraphError {
  return new GraphError(400, code, message);
}

export function selectPropertyUnknown(property: string, type: string): GraphError {
  return new GraphError(400, "RequestBroker--ParseUri", `Could not find a property named '${property}' on type 'microsoft.graph.${type}'.`);
}
