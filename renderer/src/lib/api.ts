import { apiErrorFromUnknown, type Channel, type RequestOf, type ResultOf } from "../../../shared/app-api.js";

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
