// The test-only bridge's wire format (browser tests and `npm run ui:preview`; never in the
// packaged app). The bridge server serves the browser build of the UI at http://127.0.0.1:PORT/
// and a WebSocket at ws://127.0.0.1:PORT/bridge. The page is opened as
// http://127.0.0.1:PORT/#token=TOKEN; the client connects to /bridge?token=TOKEN. The server
// refuses any connection whose Origin is not exactly http://127.0.0.1:PORT or whose token is wrong.
import type { Channel, EventName, Reply } from "./app-api.js";

export const BRIDGE_PATH = "/bridge";

/** Browser → server. */
export interface BridgeInvoke {
  type: "invoke";
  id: number;
  channel: Channel;
  request: unknown;
}

/** Server → browser. */
export type BridgeServerMessage = { type: "reply"; id: number; reply: Reply<unknown> } | { type: "event"; event: EventName; payload: unknown };
