// Microsoft Graph v1.0 resource shapes for calendar events and contacts, as the service returns them
// in JSON (https://learn.microsoft.com/graph/api/resources/event, .../contact). Both the Graph
// emulator (test/) and the engine's converters use them, so they live here: the engine must not
// import from test/, and shared/ may import nothing with Node or Electron in it.
//
// Only what Lifeboat reads or the emulator serves is typed; Graph may send more, which the archive
// keeps in the JSON sidecar untouched. Optional properties are the ones Graph omits in some
// responses ($select, beta-only, or not applicable to the event type).

/** `dateTimeTimeZone`: a wall-clock time (no offset) plus the zone it is in. */
export interface DateTimeTimeZone {
  /** "2017-10-09T18:30:00.0000000": local time in `timeZone`, 7 fractional digits as Graph sends. */
  dateTime: string;
  /** "UTC" (Graph's default), a Windows zone name ("Pacific Standard Time") or an IANA one. */
  timeZone: string;
}

export interface ItemBody {
  contentType: "text" | "html";
  content: string;
}

export interface EmailAddress {
  name?: string;
  address?: string;
}

export interface Recipient {
  emailAddress: EmailAddress;
}

export type ResponseType = "none" | "organizer" | "tentativelyAccepted" | "accepted" | "declined" | "notResponded";

export interface ResponseStatus {
  response: ResponseType;
  /** DateTimeOffset; "0001-01-01T00:00:00Z" when the attendee never answered. */
  time: string;
}

export interface Attendee {
  type: "required" | "optional" | "resource";
  status: ResponseStatus;
  emailAddress: EmailAddress;
}

export interface PhysicalAddress {
  street?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  countryOrRegion?: string;
}

export interface OutlookGeoCoordinates {
  latitude?: number;
  longitude?: number;
  altitude?: number;
  accuracy?: number;
  altitudeAccuracy?: number;
}

export interface Location {
  displayName: string;
  locationType?: "default" | "conferenceRoom" | "homeAddress" | "businessAddress" | "geoCoordinates" | "streetAddress" | "hotel" | "restaurant" | "localBusiness" | "postalAddress";
  locationUri?: string;
  uniqueId?: string;
  uniqueIdType?: "unknown" | "locationStore" | "directory" | "private" | "bing";
  address?: PhysicalAddress;
  coordinates?: OutlookGeoCoordinates;
}

export type DayOfWeek = "sunday" | "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday";

export type WeekIndex = "first" | "second" | "third" | "fourth" | "last";

export type RecurrencePatternType = "daily" | "weekly" | "absoluteMonthly" | "relativeMonthly" | "absoluteYearly" | "relativeYearly";

/**
 * `recurrencePattern`. Graph always sends every property and fills the ones a type does not use
 * with defaults (month 0, dayOfMonth 0, daysOfWeek [], firstDayOfWeek "sunday", index "first"), so
 * readers must look only at the properties the `type` uses.
 */
export interface RecurrencePattern {
  type: RecurrencePatternType;
  interval: number;
  /** 1-12 (absoluteYearly, relativeYearly). */
  month: number;
  /** 1-31 (absoluteMonthly, absoluteYearly). */
  dayOfMonth: number;
  /** weekly; relativeMonthly/relativeYearly ("the index-th of any of these days"). */
  daysOfWeek: DayOfWeek[];
  firstDayOfWeek: DayOfWeek;
  /** relativeMonthly, relativeYearly. */
  index: WeekIndex;
}

export type RecurrenceRangeType = "endDate" | "noEnd" | "numbered";

export interface RecurrenceRange {
  type: RecurrenceRangeType;
  /** "2017-10-09": date of the first occurrence, in `recurrenceTimeZone`. */
  startDate: string;
  /** Inclusive last date for type endDate; "0001-01-01" otherwise. */
  endDate: string;
  /** Zone the pattern is evaluated in (Windows name as Outlook stores it). */
  recurrenceTimeZone: string;
  /** type numbered; 0 otherwise. */
  numberOfOccurrences: number;
}

export interface PatternedRecurrence {
  pattern: RecurrencePattern;
  range: RecurrenceRange;
}

export type EventType = "singleInstance" | "occurrence" | "exception" | "seriesMaster";

export type FreeBusyStatus = "free" | "tentative" | "busy" | "oof" | "workingElsewhere" | "unknown";

export type Sensitivity = "normal" | "personal" | "private" | "confidential";

export type Importance = "low" | "normal" | "high";

/** An event's file attachment, as `$expand=attachments` returns it. */
export interface GraphFileAttachment {
  "@odata.type": "#microsoft.graph.fileAttachment";
  id: string;
  name: string;
  contentType: string;
  size: number;
  isInline: boolean;
  lastModifiedDateTime: string;
  /** Base64. */
  contentBytes: string;
}

export interface GraphEvent {
  "@odata.etag"?: string;
  id: string;
  createdDateTime?: string;
  lastModifiedDateTime?: string;
  changeKey?: string;
  categories: string[];
  transactionId?: string | null;
  originalStartTimeZone?: string;
  originalEndTimeZone?: string;
  /** Unique per event; Graph makes it differ between the occurrences of a series. */
  iCalUId?: string;
  /** beta: the iCalendar UID, the same for every instance of a series. */
  uid?: string;
  reminderMinutesBeforeStart: number;
  isReminderOn: boolean;
  hasAttachments?: boolean;
  subject: string;
  bodyPreview?: string;
  importance: Importance;
  sensitivity: Sensitivity;
  isAllDay: boolean;
  isCancelled: boolean;
  isOrganizer?: boolean;
  responseRequested?: boolean;
  seriesMasterId: string | null;
  showAs: FreeBusyStatus;
  type: EventType;
  webLink?: string;
  onlineMeetingUrl?: string | null;
  isOnlineMeeting?: boolean;
  onlineMeetingProvider?: string;
  allowNewTimeProposals?: boolean;
  isDraft?: boolean;
  hideAttendees?: boolean;
  responseStatus?: ResponseStatus;
  body: ItemBody;
  start: DateTimeTimeZone;
  end: DateTimeTimeZone;
  /** Exceptions and occurrences: the start the instance had in the series (DateTimeOffset, UTC). */
  originalStart?: string;
  location: Location;
  locations: Location[];
  recurrence: PatternedRecurrence | null;
  attendees: Attendee[];
  organizer?: Recipient;
  onlineMeeting?: unknown;
  /** beta (series masters): "OID.{masterId}.{yyyy-mm-dd}" of each deleted occurrence. */
  cancelledOccurrences?: string[];
  /** beta: "OID.{masterId}.{yyyy-mm-dd}" for occurrences and exceptions, null otherwise. */
  occurrenceId?: string | null;
  /** Present when requested with `$expand=attachments`. */
  attachments?: GraphFileAttachment[];
}

export interface GraphCalendar {
  id: string;
  name: string;
  color?: string;
  changeKey?: string;
  canEdit?: boolean;
  isDefaultCalendar?: boolean;
  owner?: EmailAddress;
}

export interface GraphContact {
  "@odata.etag"?: string;
  id: string;
  createdDateTime?: string;
  lastModifiedDateTime?: string;
  changeKey?: string;
  categories: string[];
  parentFolderId?: string;
  /** DateTimeOffset; Outlook stores a birthday without a year in year 1604. */
  birthday: string | null;
  fileAs: string;
  displayName: string;
  givenName: string | null;
  initials: string | null;
  middleName: string | null;
  nickName: string | null;
  surname: string | null;
  /** The honorific prefix ("Mr."), not the job title. */
  title: string | null;
  yomiGivenName: string | null;
  yomiSurname: string | null;
  yomiCompanyName: string | null;
  /** The name suffix ("Jr."). */
  generation: string | null;
  /** Instant-messaging addresses (Outlook keeps three). */
  imAddresses: string[];
  jobTitle: string | null;
  companyName: string | null;
  department: string | null;
  officeLocation: string | null;
  profession: string | null;
  businessHomePage: string | null;
  assistantName: string | null;
  manager: string | null;
  /** Outlook keeps two of each. */
  homePhones: string[];
  mobilePhone: string | null;
  businessPhones: string[];
  spouseName: string | null;
  personalNotes: string;
  children: string[];
  /** Outlook keeps three. */
  emailAddresses: EmailAddress[];
  homeAddress: PhysicalAddress;
  businessAddress: PhysicalAddress;
  otherAddress: PhysicalAddress;
}

/** A contact's photo as `/contacts/{id}/photo/$value` serves it. */
export interface ContactPhoto {
  contentType: string;
  bytes: Uint8Array;
}
