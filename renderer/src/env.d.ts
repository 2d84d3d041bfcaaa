/// <reference types="vite/client" />
import type { LifeboatApi } from "../../shared/app-api.js";

declare global {
  interface Window {
    /** The typed API: the Electron preload's contextBridge object, or the test bridge's client. */
    lifeboat: LifeboatApi;
  }
}
