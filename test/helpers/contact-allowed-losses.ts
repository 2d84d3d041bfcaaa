// What each contact fixture loses on its way through Graph v1.0, and why. The round-trip test
// computes the losses itself (contact-expectations.ts `contactLosses`) and fails when its list and
// this one differ, so this file is the complete, reviewed record of what an Outlook contact cannot
// keep of these cards. Everything not listed round-trips.

/** Why Graph cannot keep it. Keys ending in ":" cover every code with that prefix. */
export const CONTACT_LOSS_REASONS: Record<string, string> = {
  "property:":
    "A vCard property Graph v1.0's contact has no field for (UID, GENDER, ANNIVERSARY, GEO, TZ, LANG, KEY, LOGO, SOUND, " +
    "FBURL, CALURI, KIND, MEMBER, AGENT, CLASS, MAILER, SORT-STRING, LABEL - Outlook rebuilds labels from the " +
    "address -, and client X- properties: X-AB* item labels and dates, X-AIM/X-JABBER/... handles Outlook does " +
    "not import, X-MS-OL-DESIGN business-card layouts, X-MS-CARDPICTURE, X-MS-ANNIVERSARY and the like).",
  "email:extra": "Outlook keeps three email addresses (Email1-3); the rest are dropped.",
  "email:types": "Graph email addresses carry no HOME/WORK/OTHER type.",
  "tel:fax": "Graph v1.0 contacts have no fax numbers (beta's `phones` has them).",
  "tel:pager": "Graph v1.0 contacts have no pager number.",
  "tel:video": "Graph v1.0 contacts have no video phone.",
  "tel:main": "Graph v1.0 contacts have no 'main'/primary number apart from the business, home and mobile ones.",
  "tel:other": "Graph v1.0 contacts have no 'other' number.",
  "tel:extra": "Outlook keeps one mobile, two home and two business numbers; further ones are dropped.",
  "tel:untyped": "A number of no kind is stored in the first free business (else home) slot and comes back typed.",
  "adr:extra": "Outlook keeps one home, one business and one other address.",
  "adr:pobox-extended":
    "Graph addresses have street, city, state, postal code and country only: the PO box and extended address " +
    "become extra street lines.",
  "url:extra": "Graph v1.0 contacts have one web page (businessHomePage): the first WORK URL, else the first URL.",
  "impp:extra": "Outlook keeps three IM addresses.",
  "nickname:extra": "Graph has one nickname; the first is kept.",
  "fn:extra": "Graph has one display name; the first FN is kept.",
  "n:extra": "Graph has one name; the first N is kept.",
  "org:extra": "Graph has one company/department; the first ORG is kept.",
  "org:units": "Graph has company and department only; ORG units below the department are dropped.",
  "title:extra": "Graph has one job title; the first TITLE is kept.",
  "role:extra": "Graph has one profession; the first ROLE is kept.",
  "bday:invalid": "BDAY is not a real date (19723101); Outlook cannot store it.",
  "bday:extra": "Graph has one birthday; the first BDAY is kept (vCard 4 ALTID alternatives or a second BDAY).",
  "note:joined": "Graph has one notes field; several NOTEs are joined with blank lines.",
  "photo:uri": "Photos given by URL are not fetched by Outlook's import; only inline photos are kept.",
  "photo:extra": "A Graph contact has one photo; the first inline PHOTO is kept.",
  "related:other": "Graph keeps a spouse's name (and children's names); other RELATED entries and URI references are dropped.",
};

export const ALLOWED_CONTACT_LOSSES: Record<string, string[]> = {
  "ezvcard_John_Doe_ANDROID.vcf": ["email:types", "note:joined", "org:extra", "tel:extra", "tel:fax", "url:extra"],
  "ezvcard_John_Doe_EVOLUTION.vcf": [
    "adr:pobox-extended", "email:types", "org:units", "property:UID", "property:X-AIM",
    "property:X-COUCHDB-APPLICATION-ANNOTATIONS", "property:X-EVOLUTION-ANNIVERSARY",
  ],
  "ezvcard_John_Doe_GMAIL.vcf": [
    "adr:pobox-extended", "email:types", "property:X-ABDATE", "property:X-ABLABEL", "property:X-ABRELATEDNAMES",
  ],
  "ezvcard_John_Doe_IPHONE.vcf": ["property:X-ABADR", "property:X-ABLABEL", "tel:fax", "tel:pager", "tel:untyped"],
  "ezvcard_John_Doe_MS_OUTLOOK.vcf": [
    "property:LABEL", "property:X-MS-ANNIVERSARY", "property:X-MS-OL-DEFAULT-POSTAL-ADDRESS", "property:X-MS-OL-DESIGN",
  ],
  "ezvcard_fullcontact.vcf": [
    "adr:extra", "adr:pobox-extended", "bday:extra", "email:extra", "email:types", "impp:extra", "org:extra", "photo:uri",
    "property:GENDER", "property:X-ETAG", "property:X-FC-LIST-ID", "property:X-FC-TAGS",
    "property:X-FCENCODED-582D46432D4F7468657244617465733A416E6E6976657273617279",
    "property:X-FCENCODED-582D46432D4F7468657244617465733A437573746F6D54595045",
    "property:X-FCENCODED-582D46432D4F7468657244617465733A4F74686572",
    "property:X-FCENCODED-582D46432D52656C617465644E616D65733A417373697374616E74",
    "property:X-FCENCODED-582D46432D52656C617465644E616D65733A42726F74686572",
    "property:X-FCENCODED-582D46432D52656C617465644E616D65733A4368696C64",
    "property:X-FCENCODED-582D46432D52656C617465644E616D65733A437573746F6D54595045",
    "property:X-FCENCODED-582D46432D52656C617465644E616D65733A466174686572",
    "property:X-FCENCODED-582D46432D52656C617465644E616D65733A4669616E63C3A9",
    "property:X-FCENCODED-582D46432D52656C617465644E616D65733A467269656E64",
    "property:X-FCENCODED-582D46432D52656C617465644E616D65733A4D616E61676572",
    "property:X-FCENCODED-582D46432D52656C617465644E616D65733A4D6F74686572",
    "property:X-FCENCODED-582D46432D52656C617465644E616D65733A4F74686572",
    "property:X-FCENCODED-582D46432D52656C617465644E616D65733A506172656E74",
    "property:X-FCENCODED-582D46432D52656C617465644E616D65733A506172746E6572",
    "property:X-FCENCODED-582D46432D52656C617465644E616D65733A536973746572",
    "property:X-FCENCODED-582D46432D52656C617465644E616D65733A53706F757365", "property:X-GENDER", "property:X-ID", "tel:extra",
    "tel:fax", "tel:untyped", "title:extra", "url:extra",
  ],
  "ezvcard_gmail-single2.vcf": [
    "adr:extra", "email:extra", "email:types", "property:X-ABDATE", "property:X-ABLABEL", "property:X-ABRELATEDNAMES",
    "property:X-AIM", "property:X-GTALK", "property:X-ICQ", "property:X-JABBER", "property:X-MSN", "property:X-QQ",
    "property:X-SKYPE", "property:X-YAHOO", "tel:extra", "tel:fax", "tel:main", "tel:pager", "tel:untyped", "url:extra",
  ],
  "ezvcard_outlook-2007.vcf": [
    "adr:pobox-extended", "property:FBURL", "property:KEY", "property:LABEL", "property:X-MS-ANNIVERSARY",
    "property:X-MS-OL-DEFAULT-POSTAL-ADDRESS", "property:X-MS-OL-DESIGN", "property:X-MS-TEL", "tel:fax", "url:extra",
  ],
  "ezvcard_rfc2426-example.vcf": ["tel:fax"],
  "ezvcard_rfc6350-example.vcf": [
    "adr:pobox-extended", "email:types", "property:ANNIVERSARY", "property:GENDER", "property:GEO", "property:KEY",
    "property:LANG", "property:TZ", "tel:video",
  ],
  "ezvcard_thunderbird-MoreFunctionsForAddressBook-extension.vcf": [
    "adr:pobox-extended", "email:extra", "property:X-ANNIVERSARY", "tel:fax", "tel:pager", "url:extra",
  ],
  "fkvcards_AnsiIssue.vcf": [
    "property:LABEL", "property:X-MS-CARDPICTURE", "property:X-MS-OL-DEFAULT-POSTAL-ADDRESS", "property:X-MS-OL-DESIGN",
  ],
  "fkvcards_Greek.vcf": ["property:LABEL"],
  "fkvcards_Photo_Outlook_v2.vcf": ["property:X-MS-OL-DESIGN"],
  "fkvcards_Photo_v3.vcf": ["email:types", "property:UID", "property:X-THUNDERBIRD-ETAG"],
  "fkvcards_Ukrainian.vcf": ["property:LABEL"],
  "fkvcards_v3Utf16Bom.vcf": ["photo:uri", "property:X-ABLABEL", "tel:untyped"],
  "fkvcards_v4.vcf": [
    "bday:invalid", "email:extra", "email:types", "property:GENDER", "property:UID", "property:X-ABDATE", "property:X-ABLABEL",
    "tel:fax", "tel:main", "tel:other", "tel:pager", "tel:untyped", "url:extra",
  ],
  "icaljs_escape_semicolon.vcf": [
    "adr:pobox-extended", "email:types", "property:UID", "property:X-ABDATE", "property:X-ABLABEL", "property:X-ANNIVERSARY",
    "tel:fax",
  ],
  "icaljs_vcard3.vcf": [
    "bday:extra", "n:extra", "nickname:extra", "org:units", "photo:uri", "property:AGENT", "property:CLASS", "property:GEO",
    "property:KEY", "property:LABEL", "property:LOGO", "property:MAILER", "property:SORT-STRING", "property:SOUND", "property:TZ",
  ],
  "libical_test.vcf": [
    "adr:pobox-extended", "bday:extra", "email:types", "property:ANNIVERSARY", "property:GENDER", "property:GEO", "property:KEY",
    "property:LANG", "property:TZ", "tel:untyped", "tel:video",
  ],
  "pyvobject_radicale-1587.vcf": ["property:GEO"],
  "pyvobject_vcard40_full.vcf": [
    "email:types", "fn:extra", "nickname:extra", "org:units", "photo:uri", "property:ANNIVERSARY", "property:CALADRURI",
    "property:CALURI", "property:FBURL", "property:GENDER", "property:GEO", "property:KEY", "property:KIND", "property:LANG",
    "property:LOGO", "property:SOUND", "property:TZ", "property:UID", "related:other", "tel:untyped",
  ],
  "pyvobject_vcard40_group.vcf": ["property:KIND", "property:MEMBER", "property:UID"],
};
