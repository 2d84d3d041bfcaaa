// What each calendar fixture loses on its way through Graph, and why. The round-trip test computes
// the losses itself (calendar-expectations.ts `eventLosses` plus the structural checks in the test)
// and fails when its list and this one differ, so this file is the complete, reviewed record of
// what a Microsoft account cannot keep of these files. Everything not listed round-trips.

/** Why Graph cannot keep it. Keys ending in ":" cover every code with that prefix. */
export const CALENDAR_LOSS_REASONS: Record<string, string> = {
  "property:":
    "A VEVENT property Graph's event resource has no field for (SEQUENCE, COMMENT, URL, RELATED-TO, " +
    "RESOURCES, COLOR, client-private X- properties such as X-MOZ-*, X-MS-OLK-*, X-PILOT*): Outlook " +
    "drops it on import, so the exported file cannot have it. Graph keeps SEQUENCE internally but never exposes it.",
  "property:duplicate-":
    "A property RFC 5545 allows once appears twice (two DTSTARTs); Outlook, like every parser, reads the first.",
  "valarm:extra":
    "Outlook keeps one reminder per event (isReminderOn + reminderMinutesBeforeStart): the first DISPLAY/AUDIO " +
    "VALARM survives, further alarms and EMAIL alarms do not.",
  "attendee:chair": "Graph attendee types are required/optional/resource; ROLE=CHAIR becomes a required attendee.",
  "attendee:non-participant": "ROLE=NON-PARTICIPANT becomes an optional attendee (Graph has no non-participant role).",
  "attendee:rsvp-mixed":
    "RSVP differs between attendees of one event; Graph has one responseRequested per event, written on every attendee.",
  "attendee:partstat": "PARTSTAT DELEGATED/COMPLETED/IN-PROCESS have no Graph response type; they become NEEDS-ACTION.",
  "status:tentative": "Graph has no event status besides isCancelled; STATUS:TENTATIVE/CONFIRMED are not kept.",
  "priority:granularity": "Graph importance is low/normal/high; PRIORITY 2-4 and 6-8 come back as 1 and 9.",
  "class:x-name": "Graph sensitivity is normal/personal/private/confidential; an x-name CLASS becomes PUBLIC.",
  "attach:uri": "ATTACH by URI: Outlook does not fetch linked attachments; only inline (BINARY) ones are kept.",
  "time:floating":
    "Floating times (no TZID, no Z) are pinned to the mailbox's zone on import (UTC in the tests): the instants are " +
    "kept, the 'floating' meaning is not.",
  "series:expanded":
    "A recurrence Outlook's patterns cannot express (several RRULEs, RDATE without RRULE) is stored as single " +
    "instances '<UID>_R<start>' with the same occurrences.",
  "series:split-instances":
    "An Outlook series cannot hold dates outside its pattern: RDATEs, a DTSTART off the pattern and RECURRENCE-IDs " +
    "that name no occurrence (also ones typed DATE-TIME on an all-day series) become single instances '<UID>_R<start>'.",
  "recurrence-id:range": "RANGE=THISANDFUTURE has no Graph equivalent; the override applies to its one occurrence.",
  "recurrence-id:recurs": "An override (RECURRENCE-ID) with its own RDATE/RRULE: an Outlook exception is one instance.",
  "uid:missing": "Outlook requires a UID; the event gets a generated Outlook-style one (the fixture had none to keep).",
  "dtstart:missing": "Outlook cannot store an event without a start; the VEVENT is not imported.",
  "dtend:invalid": "An unreadable DTEND is ignored (as python-icalendar does); the event keeps no duration.",
  "component:": "Not an event (VTODO, VJOURNAL, VFREEBUSY, X- components): Graph calendars hold events only.",
  "itip:stream":
    "Several VCALENDARs are an iTIP message stream; the calendar keeps the result of applying it (replies, counters " +
    "and stale updates leave no item), not the messages.",
  "file:unparseable": "Both Python parsers and ical.js reject the file; Outlook's import rejects it too.",
};

export const ALLOWED_CALENDAR_LOSSES: Record<string, string[]> = {
  "biweekly_outlook-2010.ics": [
    "attendee:chair", "attendee:rsvp-mixed", "property:SEQUENCE", "property:X-MICROSOFT-CDO-INTENDEDSTATUS",
    "property:X-MS-OLK-APPTLASTSEQUENCE", "property:X-MS-OLK-APPTSEQTIME", "property:X-MS-OLK-CONFTYPE",
  ],
  "ical4j_EXDATE.ics": ["property:SEQUENCE"],
  "ical4j_apple-iphone-os-26-structured-location.ics": ["property:SEQUENCE"],
  "ical4j_calconnect7.ics": ["attendee:chair", "attendee:rsvp-mixed", "property:COMMENT", "property:SEQUENCE", "recurrence-id:recurs"],
  "ical4j_google_aus_holidays.ics": ["property:SEQUENCE", "series:split-instances", "status:tentative"],
  "ical4j_korganizer_sample.ics": ["priority:granularity", "property:SEQUENCE", "property:X-PILOTID", "property:X-PILOTSTAT", "series:split-instances"],
  "ical4j_sunbird_sample.ics": ["component:VTODO", "property:URL", "property:X-MOZILLA-RECUR-DEFAULT-INTERVAL", "time:floating"],
  "icalendar_alarm_etar_future.ics": ["valarm:extra"],
  "icalendar_alarm_google_future.ics": ["property:SEQUENCE", "valarm:extra"],
  "icalendar_alarm_thunderbird_2_future.ics": ["property:X-MOZ-GENERATION", "valarm:extra"],
  "icalendar_issue_1549_binary_attachment.ics": ["dtstart:missing"],
  "icalendar_issue_237_fail_to_parse_timezone_with_non_ascii_tzid.ics": ["uid:missing"],
  "icalendar_pacific_fiji.ics": ["property:duplicate-DTSTART"],
  "icalendar_x_location.ics": ["property:SEQUENCE"],
  "icaljs_day_long_recur_yearly.ics": ["property:SEQUENCE", "valarm:extra"],
  "icaljs_multiple_rrules.ics": ["property:SEQUENCE", "series:expanded"],
  "icaljs_recur_instances.ics": ["component:X-UNKNOWN", "property:COLOR", "property:SEQUENCE", "series:split-instances"],
  "libical_2446.ics": [
    "attach:uri", "attendee:chair", "attendee:non-participant", "component:VFREEBUSY", "component:VJOURNAL", "component:VTODO",
    "itip:stream", "priority:granularity", "property:RELATED-TO", "property:RESOURCES", "property:SEQUENCE",
    "recurrence-id:range", "recurrence-id:recurs", "series:split-instances", "valarm:extra",
  ],
  "libical_incoming.ics": [
    "attendee:chair", "attendee:non-participant", "attendee:rsvp-mixed", "component:VFREEBUSY", "dtend:invalid", "itip:stream",
    "property:SEQUENCE",
  ],
  "libical_zday.ics": ["file:unparseable"],
  "pyvobject_radicale-0827.ics": ["property:SEQUENCE", "property:X-MOZ-GENERATION"],
  "sabre_UntilRespectsTimezoneTest.ics": ["property:SEQUENCE"],
};
