import { APP_ORIGIN } from "./app-origin.js";

/**
 * The part of an IPC event the sender check needs: Electron's `event.senderFrame` (null once the
 * frame navigated away or was destroyed) and `event.sender` (the WebContents).
 */
export interface SenderFrameLike {
  readonly url: string;
  /** The frame's parent: null for a main frame. */
  readonly parent: unknown;
}
export interface IpcSenderLike {
  readonly senderFrame: SenderFrameLike | null;
  readonly sender: unknown;
}

/** Why a sender is refused, for the log (never shown to the page). */
export type SenderVerdict = { trusted: true } | { trusted: false; reason: string };

/**
 * Accepts IPC only from the main frame of our own window, showing our own app:// origin
 * (Electron security checklist item 17). A subframe (the sandboxed message iframe), another
 * WebContents, or a page that somehow navigated elsewhere is refused.
 */
export function checkSender(event: IpcSenderLike, ourWebContents: unknown, origin: string = APP_ORIGIN): SenderVerdict {
  if (ourWebContents === null || ourWebContents === undefined) return { trusted: false, reason: "no window" };
  if (event.sender !== ourWebContents) return { trusted: false, reason: "another web contents" };
  const frame = event.senderFrame;
  if (!frame) return { trusted: false, reason: "the frame is gone" };
  if (frame.parent !== null) return { trusted: false, reason: "a subframe" };
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return { trusted: false, reason: "an unparsable frame URL" };
  }
  // URL.origin is "null" for non-special schemes, so compare scheme and host ourselves.
  const expected = new URL(origin);
  if (url.protocol !== expected.protocol || url.host !== expected.host || url.username !== "" || url.password !== "") {
    return { trusted: false, reason: `origin ${url.protocol}//${url.host}` };
  }
  return { trusted: true };
}
