import type { ItemView } from "../../../shared/app-types.js";

/** What the restore wizard was asked to restore from Browse: items, and the snapshot they were seen in. */
export interface RestoreSelection {
  snapshot: string;
  items: Array<Pick<ItemView, "source" | "path" | "name" | "kind">>;
  /** People's words for it: "3 items from Browse", "412 search results for “invoice”". */
  label: string;
}
