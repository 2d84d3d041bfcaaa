/**
 * MSAL's network module over Lifeboat's shared HTTPS agent (net/tls-trust.ts), so the sign-in
 * trusts exactly what the Graph client trusts: Node's roots plus LIFEBOAT_EXTRA_CA_CERTS (a
 * corporate TLS-inspection CA, or the emulators' test CA). msal-node 7 otherwise uses global
 * fetch, which ignores an https.Agent.
 *
 * MSAL swallows the cause of a failed discovery request (it only reports "endpoints could not be
 * resolved"), so the last transport failure is kept for the error message.
 */
import https from "node:https";
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";
import { httpsAgent } from "../../../net/tls-trust.js";

const DEFAULT_TIMEOUT_MS = 60_000;

export interface TransportFailure {
  url: string;
  /** Node's error code, e.g. ECONNREFUSED, ENOTFOUND, UNABLE_TO_VERIFY_LEAF_SIGNATURE. */
  code: string;
  message: string;
}

/** An OAuth error answer (status >= 400 with an `error` field), for flows where MSAL ignores it. */
export interface ErrorAnswer {
  url: string;
  status: number;
  error: string;
  errorDescription: string;
}

export class AgentNetworkClient implements INetworkModule {
  lastFailure: TransportFailure | undefined;
  lastErrorAnswer: ErrorAnswer | undefined;

  constructor(private readonly agent: () => https.Agent = httpsAgent) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return this.send<T>("GET", url, options, timeout);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>("POST", url, options);
  }

  private send<T>(method: "GET" | "POST", url: string, options: NetworkRequestOptions | undefined, timeout = DEFAULT_TIMEOUT_MS): Promise<NetworkResponse<T>> {
    const body = method === "POST" ? Buffer.from(options?.body ?? "", "utf8") : undefined;
    const headers: Record<string, string | number> = { ...(options?.headers ?? {}) };
    if (body) headers["content-length"] = body.length;
    return new Promise((resolve, reject) => {
      const req = https.request(url, { method, headers, agent: this.agent(), timeout }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const responseHeaders: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) responseHeaders[name] = Array.isArray(value) ? value.join(", ") : value;
          }
          let parsed: T;
          try {
            parsed = (text === "" ? {} : JSON.parse(text)) as T;
          } catch {
            this.lastFailure = { url, code: `HTTP ${res.statusCode ?? 0}`, message: "the answer was not JSON" };
            reject(new Error(`${method} ${url} answered HTTP ${res.statusCode ?? 0} with something that is not JSON`));
            return;
          }
          const status = res.statusCode ?? 0;
          const answer = parsed as { error?: unknown; error_description?: unknown };
          if (status >= 400 && typeof answer.error === "string") {
            this.lastErrorAnswer = { url, status, error: answer.error, errorDescription: typeof answer.error_description === "string" ? answer.error_description : "" };
          }
          resolve({ headers: responseHeaders, body: parsed, status });
        });
      });
      req.on("timeout", () => req.destroy(Object.assign(new Error(`no answer within ${Math.round(timeout / 1000)} s`), { code: "ETIMEDOUT" })));
      req.on("error", (error: NodeJS.ErrnoException) => {
        this.lastFailure = { url, code: error.code ?? "error", message: error.message };
        reject(error);
      });
      req.end(body);
    });
  }
}
