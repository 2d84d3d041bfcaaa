// Errors come from the zod-free module: the schemas in app-api.ts are the engine's and the shell's
// business, and would only weigh down the page.
import { apiErrorFromUnknown } from "../../../shared/api-error.js";
import type { Channel, RequestOf, ResultOf } from "../../../shared/app-api.js";

/** One request to the engine; rejects with an ApiError whose message tells people what to do. */
export async function call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResultOf<C>> {
  try {
    return await window.lifeboat.invoke(channel, request);
  } catch (e) {
    throw apiErrorFromUnknown(e);
  }
}

export function errorText(e: unknown): string {
  return apiErrorFromUnknown(e).message;
}

export function errorCode(e: unknown): string {
  return apiErrorFromUnknown(e).code;
}
