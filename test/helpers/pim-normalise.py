#!/usr/bin/python3
"""Reads iCalendar and vCard files with Debian's own parsers (python3-icalendar, python3-vobject,
python3-dateutil) and prints what they hold as JSON, for the round-trip tests to compare. It is
the *independent* parser of those tests: nothing here shares code with Lifeboat's converters, so a
field that survives the TypeScript round trip and reads the same here really survived.

    pim-normalise.py ics FILE [--parser icalendar|vobject]
    pim-normalise.py vcf FILE [--encoding cp1251]

ics: icalendar 4.0.3 first (vobject 0.9.6 when icalendar rejects the file, or when asked: vobject
reads a file's own VTIMEZONE definitions, icalendar prefers pytz's zone of the same name). Times come
out as {"kind": "utc"|"date"|"floating", "value": ...}. Each VEVENT gets its occurrences expanded
with dateutil (DTSTART + every RRULE + RDATE - EXDATE, RFC 5545 §3.8.5) for 11 years from DTSTART.

vcf: vobject reads the cards after a small pre-pass that only fixes what vobject 0.9.6 cannot
read and real files contain: encodings (UTF-16/UTF-8 BOM, the ANSI code page given with --encoding,
else UTF-8 or Windows-1252), CR CR LF line ends, and vCard 2.1 QUOTED-PRINTABLE (soft line breaks
joined, values decoded into escaped text). Values are printed decoded, photos as SHA-256 of their
bytes.
"""

import base64
import datetime as dt
import hashlib
import json
import quopri
import re
import sys

WINDOW_YEARS = 11
MAX_OCCURRENCES = 3000


# ---------------------------------------------------------------- times

def utc_text(value):
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def time_json(value):
    if value is None:
        return None
    if isinstance(value, tuple):  # a PERIOD: its start
        value = value[0]
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return {"kind": "floating", "value": value.strftime("%Y-%m-%dT%H:%M:%S")}
        return {"kind": "utc", "value": utc_text(value)}
    if isinstance(value, dt.date):
        return {"kind": "date", "value": value.isoformat()}
    return {"kind": "unknown", "value": str(value)}


def localize(tz, naive):
    """Wall time -> aware, with RFC 5545's rules: first of two, offset before a gap."""
    if hasattr(tz, "localize"):
        import pytz
        try:
            return tz.localize(naive, is_dst=None)
        except pytz.exceptions.AmbiguousTimeError:
            return tz.localize(naive, is_dst=True)
        except pytz.exceptions.NonExistentTimeError:
            return tz.localize(naive, is_dst=False)
    return naive.replace(tzinfo=tz)


def slot_key(value):
    """A comparable key for an occurrence value."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return ("floating", value.strftime("%Y-%m-%dT%H:%M:%S"))
        return ("utc", utc_text(value))
    return ("date", value.isoformat())


# ---------------------------------------------------------------- iCalendar

class Prop:
    """One property, parser-independent: name, decoded value, parameters (upper-case keys)."""

    def __init__(self, name, value, params):
        self.name = name.upper()
        self.value = value
        self.params = {k.upper(): (v if isinstance(v, str) else ",".join(v)) for k, v in params.items()}


def icalendar_props(component):
    out = []
    for name, value in component.property_items(recursive=False, sorted=False):
        if name in ("BEGIN", "END"):
            continue
        params = dict(getattr(value, "params", {}) or {})
        out.append(Prop(name, icalendar_value(name, value), params))
    return out


def icalendar_value(name, value):
    from icalendar import prop
    if isinstance(value, prop.vDDDLists):
        return [d.dt for d in value.dts]
    if isinstance(value, prop.vDDDTypes):
        return value.dt
    if isinstance(value, prop.vRecur):
        return value.to_ical().decode("utf-8")
    if isinstance(value, prop.vDuration):
        return value.td
    if isinstance(value, prop.vGeo):
        return (float(value.latitude), float(value.longitude))
    if hasattr(prop, "vCategory") and isinstance(value, prop.vCategory):
        return [str(c) for c in value.cats]
    if isinstance(value, prop.vBinary):
        return ("binary", base64.b64decode(value.to_ical()))
    if isinstance(value, (prop.vInt, int)):
        return int(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def vobject_props(component):
    out = []
    for name, lines in component.contents.items():
        for line in lines:
            if not hasattr(line, "value") or hasattr(line, "contents"):
                continue
            params = {k: ",".join(v) for k, v in line.params.items()}
            out.append(Prop(name, vobject_value(line), params))
    return out


def vobject_value(line):
    v = line.value
    name = line.name.upper()
    if name == "GEO" and isinstance(v, str) and ";" in v:
        a, b = v.split(";", 1)
        return (float(a), float(b))
    if name == "CATEGORIES":
        return list(v) if isinstance(v, list) else [x for x in str(v).split(",") if x]
    if name == "ATTACH" and line.params.get("ENCODING", [""])[0].upper() in ("B", "BASE64"):
        return ("binary", v if isinstance(v, bytes) else base64.b64decode(v))
    if name in ("RDATE", "EXDATE") and not isinstance(v, list):
        return [v]
    return v


def sub_components(component, parser, name):
    if parser == "icalendar":
        return [c for c in component.subcomponents if c.name == name]
    return [c for c in component.getChildren() if getattr(c, "name", "").upper() == name and hasattr(c, "contents")]


def child_names(component, parser):
    if parser == "icalendar":
        return [c.name for c in component.subcomponents]
    return [c.name.upper() for c in component.getChildren() if hasattr(c, "contents")]


def first(props, name):
    for p in props:
        if p.name == name:
            return p
    return None


def text_of(props, name):
    p = first(props, name)
    return None if p is None else str(p.value)


def address(value):
    return re.sub(r"(?i)^mailto:", "", str(value)).strip()


def expand(dtstart, rrules, rdates, exdates):
    """DTSTART + RRULEs + RDATEs - EXDATEs for WINDOW_YEARS from DTSTART (RFC 5545 §3.8.5)."""
    from dateutil.rrule import rrulestr
    is_date = not isinstance(dtstart, dt.datetime)
    tz = None if is_date else dtstart.tzinfo
    wall = dt.datetime.combine(dtstart, dt.time()) if is_date else dtstart.replace(tzinfo=None)
    end = wall.replace(year=wall.year + WINDOW_YEARS) if not (wall.month == 2 and wall.day == 29) else wall + dt.timedelta(days=366 * WINDOW_YEARS)
    values = {slot_key(dtstart): dtstart}
    for text in rrules:
        parts = [p for p in text.split(";") if p]
        until = None
        kept = []
        for p in parts:
            k, _, v = p.partition("=")
            if k.upper() == "UNTIL":
                until = v
            else:
                kept.append(p)
        rule = rrulestr(";".join(kept), dtstart=wall)
        if until is not None:
            rule = rule.replace(until=until_wall(until, tz, is_date))
        for i, occ in enumerate(rule):
            if occ >= end or i >= MAX_OCCURRENCES:
                break
            value = occ.date() if is_date else (occ if tz is None else localize(tz, occ))
            values.setdefault(slot_key(value), value)
    for r in rdates:
        values.setdefault(slot_key(r[0] if isinstance(r, tuple) else r), r[0] if isinstance(r, tuple) else r)
    for x in exdates:
        values.pop(slot_key(x), None)
    ordered = sorted(values.values(), key=lambda v: sort_key(v))
    return [time_json(v) for v in ordered if sort_key(v) < sort_key_wall(end, tz, is_date)]


def until_wall(text, tz, is_date):
    text = text.strip()
    if len(text) == 8:
        day = dt.datetime.strptime(text, "%Y%m%d")
        return day if is_date else day.replace(hour=23, minute=59, second=59)
    # RFC 5545 §3.3.10: with a zoned DTSTART, UNTIL must be UTC; a floating one is read as UTC
    # (the Z left out), as recurring-ical-events and sabre/vobject read it.
    if text.endswith("Z") or tz is not None:
        u = dt.datetime.strptime(text.rstrip("Z"), "%Y%m%dT%H%M%S").replace(tzinfo=dt.timezone.utc)
        if is_date:
            return dt.datetime.combine(u.date(), dt.time())
        return u.astimezone(tz).replace(tzinfo=None) if tz is not None else u.replace(tzinfo=None)
    return dt.datetime.strptime(text, "%Y%m%dT%H%M%S")


def sort_key(v):
    if isinstance(v, dt.datetime):
        return v.astimezone(dt.timezone.utc).replace(tzinfo=None) if v.tzinfo else v
    return dt.datetime.combine(v, dt.time())


def sort_key_wall(wall, tz, is_date):
    if is_date or tz is None:
        return wall
    return localize(tz, wall).astimezone(dt.timezone.utc).replace(tzinfo=None)


def alarm_json(props):
    action = (text_of(props, "ACTION") or "").upper()
    trig = first(props, "TRIGGER")
    out = {"action": action}
    if trig is None:
        out["trigger"] = None
    elif isinstance(trig.value, dt.timedelta):
        out["trigger"] = {"kind": "relative", "related": trig.params.get("RELATED", "START").upper(), "seconds": int(trig.value.total_seconds())}
    else:
        out["trigger"] = {"kind": "absolute", "at": time_json(trig.value)}
    return out


def vevent_json(component, parser):
    props = icalendar_props(component) if parser == "icalendar" else vobject_props(component)
    names = sorted({p.name for p in props})
    single = ("DTSTART", "DTEND", "DURATION", "SUMMARY", "DESCRIPTION", "LOCATION", "UID", "CLASS", "STATUS", "TRANSP",
              "PRIORITY", "ORGANIZER", "RECURRENCE-ID", "GEO")
    duplicates = sorted({p.name for p in props if p.name in single and sum(1 for q in props if q.name == p.name) > 1})
    dtstart = first(props, "DTSTART")
    start = dtstart.value if dtstart else None
    dtend = first(props, "DTEND")
    duration = first(props, "DURATION")
    rrules = [str(p.value) for p in props if p.name == "RRULE"]
    rdates, exdates = [], []
    for p in props:
        if p.name in ("RDATE", "EXDATE"):
            (rdates if p.name == "RDATE" else exdates).extend(p.value if isinstance(p.value, list) else [p.value])
    rid = first(props, "RECURRENCE-ID")
    attendees = []
    for p in props:
        if p.name == "ATTENDEE":
            attendees.append({
                "email": address(p.value).lower(),
                "address": address(p.value),
                "cn": p.params.get("CN"),
                "role": p.params.get("ROLE", "REQ-PARTICIPANT").upper(),
                "partstat": p.params.get("PARTSTAT", "NEEDS-ACTION").upper(),
                "cutype": p.params.get("CUTYPE", "INDIVIDUAL").upper(),
                "rsvp": p.params.get("RSVP", "FALSE").upper() == "TRUE",
                "rsvp_given": "RSVP" in p.params,
            })
    org = first(props, "ORGANIZER")
    categories = []
    for p in props:
        if p.name == "CATEGORIES":
            categories.extend(p.value if isinstance(p.value, list) else [str(p.value)])
    alt = None
    for p in props:
        if p.name == "X-ALT-DESC" and p.params.get("FMTTYPE", "").lower() == "text/html":
            alt = str(p.value)
    attach = []
    for p in props:
        if p.name == "ATTACH":
            if isinstance(p.value, tuple) and p.value and p.value[0] == "binary":
                attach.append({"binary": True, "sha256": hashlib.sha256(p.value[1]).hexdigest()})
            elif p.params.get("VALUE", "").upper() == "BINARY" or p.params.get("ENCODING", "").upper() == "BASE64":
                attach.append({"binary": True, "sha256": hashlib.sha256(base64.b64decode(str(p.value))).hexdigest()})
            else:
                attach.append({"binary": False, "uri": str(p.value)})
    geo = first(props, "GEO")
    apple = text_of(props, "X-APPLE-STRUCTURED-LOCATION")
    geo_value = list(geo.value) if geo is not None and isinstance(geo.value, tuple) else None
    if geo_value is None and apple:
        m = re.match(r"geo:(-?[\d.]+),(-?[\d.]+)", apple)
        if m:
            geo_value = [float(m.group(1)), float(m.group(2))]
    priority = text_of(props, "PRIORITY")
    out = {
        "properties": names,
        "duplicates": duplicates,
        "uid": text_of(props, "UID"),
        "summary": text_of(props, "SUMMARY"),
        "description": text_of(props, "DESCRIPTION"),
        "x_alt_desc": alt,
        "location": text_of(props, "LOCATION"),
        "status": (text_of(props, "STATUS") or "").upper() or None,
        "class": (text_of(props, "CLASS") or "").upper() or None,
        "transp": (text_of(props, "TRANSP") or "").upper() or None,
        "busystatus": (text_of(props, "X-MICROSOFT-CDO-BUSYSTATUS") or "").upper() or None,
        "importance": text_of(props, "X-MICROSOFT-CDO-IMPORTANCE"),
        "priority": int(priority) if priority not in (None, "") else None,
        "sequence": int(text_of(props, "SEQUENCE") or 0),
        "categories": categories,
        "dtstart": time_json(start),
        "dtend": time_json(dtend.value) if dtend else None,
        "duration_seconds": int(duration.value.total_seconds()) if duration is not None and isinstance(duration.value, dt.timedelta) else None,
        "rrules": rrules,
        "rdates": [time_json(r) for r in rdates],
        "exdates": [time_json(x) for x in exdates],
        "recurrence_id": time_json(rid.value) if rid else None,
        "range": rid.params.get("RANGE") if rid else None,
        "attendees": attendees,
        "organizer": {"email": address(org.value).lower(), "address": address(org.value), "cn": org.params.get("CN")} if org else None,
        "alarms": [alarm_json(icalendar_props(a) if parser == "icalendar" else vobject_props(a)) for a in sub_components(component, parser, "VALARM")],
        "attach": attach,
        "geo": geo_value,
        "occurrences": None,
    }
    if start is not None and (rrules or rdates) and rid is None:
        out["occurrences"] = expand(start, rrules, rdates, exdates)
    return out


def read_ics(path, parser):
    data = open(path, "rb").read()
    errors = []
    for name in ([parser] if parser else ["icalendar", "vobject"]):
        try:
            if name == "icalendar":
                import icalendar
                roots = icalendar.Calendar.from_ical(data, multiple=True)
            else:
                import vobject
                roots = list(vobject.readComponents(data.decode("utf-8-sig", "replace")))
            calendars = []
            for root in roots:
                rname = root.name.upper()
                if rname == "VEVENT":
                    calendars.append({"method": None, "vevents": [vevent_json(root, name)], "other": []})
                    continue
                props = icalendar_props(root) if name == "icalendar" else vobject_props(root)
                calendars.append({
                    "method": (text_of(props, "METHOD") or "").upper() or None,
                    "vevents": [vevent_json(v, name) for v in sub_components(root, name, "VEVENT")],
                    "other": [n for n in child_names(root, name) if n not in ("VEVENT", "VTIMEZONE")],
                })
            return {"parser": name, "calendars": calendars, "errors": errors}
        except Exception as err:  # noqa: BLE001 - report and try the other parser
            errors.append(f"{name}: {type(err).__name__}: {err}")
    return {"parser": None, "calendars": [], "errors": errors}


# ---------------------------------------------------------------- vCard

def decode_bytes(data, encoding):
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        return data.decode("utf-16"), "utf-16"
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8"
    if encoding:
        return data.decode(encoding), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252"), "cp1252"


def prepass(text, file_encoding):
    """Makes vCard 2.1 quoted-printable and odd line ends readable for vobject (see module doc)."""
    text = re.sub(r"\r+\n", "\n", text).replace("\r", "\n")
    lines = text.split("\n")
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        m = re.match(r"^([^:]*)", line)
        head = m.group(1) if m else ""
        if re.search(r"(?i)(^|;)(ENCODING=)?QUOTED-PRINTABLE(;|$)", head):
            body = line[len(head) + 1:]
            while body.endswith("=") and i < len(lines):
                body = body[:-1] + lines[i]
                i += 1
            charset = re.search(r"(?i);CHARSET=([^;:]+)", head)
            raw = quopri.decodestring(body.encode("latin-1", "replace"))
            try:
                value = raw.decode(charset.group(1) if charset else file_encoding)
            except (LookupError, UnicodeDecodeError):
                value = raw.decode("cp1252", "replace")
            head = re.sub(r"(?i);(ENCODING=)?QUOTED-PRINTABLE", "", head)
            head = re.sub(r"(?i);CHARSET=[^;:]+", "", head)
            head = re.sub(r";+$", "", re.sub(r";;+", ";", head))
            # A structured value keeps its ';' separators; only line breaks need escaping.
            value = value.replace("\r\n", "\n").replace("\n", "\\n")
            out.append(f"{head}:{value}")
            continue
        # Empty parameters ("ADR;HOME;PREF;:...", Outlook 2.1) stop vobject; they mean nothing.
        if m and re.search(r";(;|$)", head):
            line = re.sub(r";+$", "", re.sub(r";;+", ";", head)) + line[len(head):]
        out.append(line)
    joined = "\n".join(out)
    # vCard 2.1 base64 bodies end with an empty line and may be indented oddly: vobject copes.
    return joined


def vcard_params(line):
    params = {}
    for k, v in line.params.items():
        params[k.upper()] = [x.upper() for x in v]
    # vCard 2.1 bare types (TEL;WORK;VOICE) arrive as singletonparams.
    for s in getattr(line, "singletonparams", []) or []:
        params.setdefault("TYPE", []).append(s.upper())
    if "TYPE" in params:
        params["TYPE"] = sorted({t.strip('"') for v in params["TYPE"] for t in v.split(",") if t})
    return params


def split_escaped(value, sep):
    """Splits at `sep` characters that are not backslash-escaped; escapes stay for unescape()."""
    out, cur, i = [], "", 0
    while i < len(value):
        c = value[i]
        if c == "\\" and i + 1 < len(value):
            cur += value[i:i + 2]
            i += 2
            continue
        if c == sep:
            out.append(cur)
            cur = ""
        else:
            cur += c
        i += 1
    out.append(cur)
    return out


def unescape(value):
    """vCard TEXT escapes (RFC 6350 §3.4): \\n \\, \\; \\\\; anything else is kept as written."""
    out, i = "", 0
    while i < len(value):
        c = value[i]
        if c == "\\" and i + 1 < len(value) and value[i + 1] in "nN,;\\":
            nxt = value[i + 1]
            out += "\n" if nxt in "nN" else nxt
            i += 2
            continue
        out += c
        i += 1
    return out


def photo_bytes(line, params):
    s = str(line.value).strip()
    if s.startswith("data:"):
        head, _, data = s.partition(",")
        return lenient_base64(data) if ";base64" in head else data.encode()
    enc = params.get("ENCODING", [])
    if enc and enc[0] in ("B", "BASE64") or "BASE64" in params.get("TYPE", []):
        return lenient_base64(s)
    return None


def lenient_base64(s):
    """Base64 as forgiving decoders (Node's Buffer, most vCard readers) take it: non-alphabet
    characters skipped, a dangling last character dropped, missing padding added. Several
    fixtures carry photos with a stray character."""
    body = re.sub(r"[^A-Za-z0-9+/]", "", s)
    if len(body) % 4 == 1:
        body = body[:-1]
    return base64.b64decode(body + "=" * (-len(body) % 4))


class Line:
    """One vCard content line as vobject.base.parseLine splits it."""

    def __init__(self, name, params, value, group):
        self.name = name
        self.group = group
        self.value = value
        self.params = {}
        self.singletonparams = []
        for p in params:
            if len(p) == 1:
                self.singletonparams.append(p[0])
            else:
                self.params.setdefault(p[0].upper(), []).extend(p[1:])


def card_json(props):
    counts = {}
    for l in props:
        counts[l.name.upper()] = counts.get(l.name.upper(), 0) + 1
    out = {"properties": sorted(counts), "counts": counts, "fn": [], "n": None, "nickname": [], "org": [], "title": [], "role": [],
           "bday": [], "note": [], "email": [], "tel": [], "adr": [], "url": [], "impp": [], "categories": [], "photo": [], "x": {}}
    for l in props:
        name = l.name.upper()
        params = vcard_params(l)
        raw = l.value if isinstance(l.value, str) else str(l.value)
        if name == "FN":
            out["fn"].append(unescape(raw))
        elif name == "N" and out["n"] is None:  # a second N is not read (counts show it)
            parts = [" ".join(unescape(x) for x in split_escaped(p, ",") if x) for p in split_escaped(raw, ";")]
            out["n"] = (parts + [""] * 5)[:5]
        elif name == "NICKNAME":
            out["nickname"].extend(unescape(x).strip() for x in split_escaped(raw, ",") if x.strip())
        elif name == "ORG":
            out["org"].append([unescape(x) for x in split_escaped(raw, ";")])
        elif name in ("TITLE", "ROLE", "BDAY", "NOTE"):
            out[name.lower()].append(unescape(raw))
        elif name == "EMAIL":
            out["email"].append({"value": unescape(raw).strip(), "types": params.get("TYPE", []), "pref": "PREF" in params.get("TYPE", []) or "PREF" in params})
        elif name == "TEL":
            out["tel"].append({"value": re.sub(r"^tel:", "", unescape(raw).strip(), flags=re.I), "types": params.get("TYPE", [])})
        elif name == "ADR":
            fields = [",".join(unescape(x) for x in split_escaped(p, ",")) for p in split_escaped(raw, ";")]
            out["adr"].append({"types": params.get("TYPE", []), "fields": (fields + [""] * 7)[:7]})
        elif name == "URL":
            out["url"].append({"value": unescape(raw).strip(), "types": params.get("TYPE", [])})
        elif name == "IMPP":
            out["impp"].append(unescape(raw).strip())
        elif name == "CATEGORIES":
            out["categories"].extend(unescape(x) for x in split_escaped(raw, ",") if x)
        elif name == "PHOTO":
            b = photo_bytes(l, params)
            out["photo"].append({"sha256": hashlib.sha256(b).hexdigest() if b is not None else None, "uri": None if b is not None else raw})
        elif name.startswith("X-") or name in ("RELATED",):
            out["x"].setdefault(name, []).append({"value": unescape(raw), "types": params.get("TYPE", [])})
    return out


def read_vcf(path, encoding):
    """vobject's line parser (getLogicalLines + parseLine) on the pre-passed text; cards are the
    lines between BEGIN:VCARD and END:VCARD. vobject's component layer is not used: it cuts TEXT
    values at an unescaped comma (FN:a, b reads as "a") and rejects sloppy base64, so values are
    unescaped here as RFC 6350 §3.4 says."""
    import io
    import vobject.base
    raw = open(path, "rb").read()
    text, used = decode_bytes(raw, encoding)
    fixed = prepass(text, used if used not in ("utf-16",) else "utf-8")
    cards, current = [], None
    for line, number in vobject.base.getLogicalLines(io.StringIO(fixed), allowQP=False):
        name, params, value, group = vobject.base.parseLine(line, number)
        upper = name.upper()
        if upper == "BEGIN" and value.upper() == "VCARD":
            current = []
        elif upper == "END" and value.upper() == "VCARD":
            if current is not None:
                cards.append(card_json(current))
            current = None
        elif current is not None:
            current.append(Line(upper, params, value, group))
    return {"parser": "vobject", "decoded_as": used, "cards": cards}


def main(argv):
    kind, path = argv[1], argv[2]
    opts = dict(zip(argv[3::2], argv[4::2]))
    if kind == "ics":
        result = read_ics(path, opts.get("--parser"))
    elif kind == "vcf":
        result = read_vcf(path, opts.get("--encoding"))
    else:
        raise SystemExit(f"unknown kind {kind}")
    json.dump(result, sys.stdout, ensure_ascii=False, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv)
