// Contacts: the default "Contacts" folder, child contact folders, and contacts as Graph contact
// resources (converted from .vcf by the seed loader). Tests change them while the emulator runs.
import type { ContactPhoto, GraphContact } from "../../../../shared/graph-types.js";
import { OutlookItemStore, type ContainerRecord, type ItemRecord } from "./outlook-item-store.js";
import type { StoreContext } from "./store-context.js";

/** A contact's data; id, parentFolderId, changeKey and timestamps are the store's. */
export type ContactData = Omit<GraphContact, "id" | "parentFolderId" | "changeKey" | "@odata.etag" | "createdDateTime" | "lastModifiedDateTime">;

export type ContactRecord = ItemRecord<ContactData>;

const EMPTY_ADDRESS = {};

/** Fills what Graph always sends, so partial test data still renders like a real contact. */
export function completeContact(partial: Partial<ContactData> & { displayName?: string }): ContactData {
  return {
    categories: [],
    birthday: null,
    fileAs: partial.displayName ?? "",
    displayName: "",
    givenName: null,
    initials: null,
    middleName: null,
    nickName: null,
    surname: null,
    title: null,
    yomiGivenName: null,
    yomiSurname: null,
    yomiCompanyName: null,
    generation: null,
    imAddresses: [],
    jobTitle: null,
    companyName: null,
    department: null,
    officeLocation: null,
    profession: null,
    businessHomePage: null,
    assistantName: null,
    manager: null,
    homePhones: [],
    mobilePhone: null,
    businessPhones: [],
    spouseName: null,
    personalNotes: "",
    children: [],
    emailAddresses: [],
    homeAddress: EMPTY_ADDRESS,
    businessAddress: EMPTY_ADDRESS,
    otherAddress: EMPTY_ADDRESS,
    ...partial,
  };
}

export class ContactStore {
  readonly items: OutlookItemStore<ContactData>;
  readonly root: ContainerRecord;
  /** Photos by contact serial (Graph serves them apart, from /contacts/{id}/photo/$value). */
  private readonly photos = new Map<number, ContactPhoto>();

  constructor(ctx: StoreContext) {
    this.items = new OutlookItemStore<ContactData>(ctx, "contact", "contactFolder");
    this.root = this.items.addContainer("Contacts", { isDefault: true });
  }

  /** "contacts" (or "") is the default folder; otherwise an id or a folder name. */
  resolveFolder(ref: string | number): ContainerRecord | undefined {
    if (typeof ref === "string" && (ref === "" || ref.toLowerCase() === "contacts")) return this.root;
    return this.items.resolveContainer(ref);
  }

  private requireFolder(ref: string | number): ContainerRecord {
    const f = this.resolveFolder(ref);
    if (!f) throw new Error(`no contact folder ${String(ref)}`);
    return f;
  }

  private requireContact(id: string): ContactRecord {
    const c = this.items.byId(id);
    if (!c) throw new Error(`no contact ${id}`);
    return c;
  }

  /** A child folder of the default Contacts folder (or of `parent`); returns its id. */
  addFolder(name: string, parent?: string): string {
    const p = parent === undefined ? this.root : this.requireFolder(parent);
    const existing = [...p.children].map((s) => this.items.containers.get(s)).find((c) => c?.name.toLowerCase() === name.toLowerCase());
    if (existing) return this.items.containerId(existing.serial);
    return this.items.containerId(this.items.addContainer(name, { parent: p.serial }).serial);
  }

  deleteFolder(ref: string): void {
    this.items.deleteContainer(this.requireFolder(ref));
  }

  /** Adds a contact (and its photo); returns its immutable id. */
  addContact(folder: string | number, data: Partial<ContactData>, photo?: ContactPhoto): string {
    const record = this.items.add(this.requireFolder(folder), completeContact(data));
    if (photo) this.photos.set(record.serial, photo);
    return this.items.immutableId(record);
  }

  photoOf(record: ContactRecord): ContactPhoto | undefined {
    return this.photos.get(record.serial);
  }

  updateContact(id: string, patch: Partial<ContactData>): void {
    const c = this.requireContact(id);
    this.items.update(c, { ...c.data, ...patch });
  }

  moveContact(id: string, folder: string): void {
    this.items.move(this.requireContact(id), this.requireFolder(folder));
  }

  deleteContact(id: string): void {
    const c = this.requireContact(id);
    this.photos.delete(c.serial);
    this.items.remove(c.serial);
  }

  contactIds(folder: string | number = "contacts"): string[] {
    return [...this.items.itemsIn(this.requireFolder(folder))].map((c) => this.items.immutableId(c));
  }
}
