// What every per-account store (mail, contacts, calendar, drive) shares: the account, its id codec,
// the emulator clock, and one sequence counter, so that changes across all of an account's change
// logs are totally ordered (a move is a removal in one folder's log and an add in another's).
import type { EmulatedAccount, EmulatorClock } from "../emulator-contract.js";
import type { OutlookIdCodec } from "./graph-ids.js";

export interface StoreContext {
  readonly account: EmulatedAccount;
  readonly ids: OutlookIdCodec;
  readonly clock: EmulatorClock;
  nextSeq(): number;
  currentSeq(): number;
}

/** Graph's timestamp format for Outlook resources: UTC with a Z, no fractional seconds. */
export function outlookTime(t: number): string {
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Calendar and contact timestamps carry seven fractional digits ("…T12:02:27.6069013Z"). */
export function outlookTime7(t: number): string {
  return new Date(t).toISOString().replace(/\.(\d{3})Z$/, ".$10000Z");
}
