// Windows time zone names <-> IANA zone names. Outlook and Graph name zones the Windows way
// ("Pacific Standard Time"); iCalendar files and Node's Intl use IANA names ("America/Los_Angeles").
//
// The table is CLDR's windowsZones.xml (unicode-org/cldr, common/supplemental/windowsZones.xml,
// mapTimezones typeVersion 2021a): for every Windows zone its territory "001" IANA zone (the one
// CLDR recommends when converting from Windows), the other IANA zones CLDR maps to it (used only for
// IANA -> Windows), and the "(UTC+01:00) Amsterdam, Berlin, ..." display name Windows shows, which
// Outlook sometimes writes as a TZID. Territory lists are abridged to the zones people actually
// live in; any other IANA zone is matched by its offsets instead (see resolveIanaToWindows).

interface WindowsZone {
  windows: string;
  /** CLDR territory 001: the canonical IANA zone for this Windows zone. */
  iana: string;
  /** Further IANA zones CLDR maps to this Windows zone (space-separated, abridged). */
  more: string;
  display: string;
}

// [windows, iana(001), more, display]
const TABLE: ReadonlyArray<readonly [string, string, string, string]> = [
  ["Dateline Standard Time", "Etc/GMT+12", "", "(UTC-12:00) International Date Line West"],
  ["UTC-11", "Etc/GMT+11", "Pacific/Pago_Pago Pacific/Niue Pacific/Midway", "(UTC-11:00) Coordinated Universal Time-11"],
  ["Aleutian Standard Time", "America/Adak", "", "(UTC-10:00) Aleutian Islands"],
  ["Hawaiian Standard Time", "Pacific/Honolulu", "Pacific/Rarotonga Pacific/Tahiti Etc/GMT+10", "(UTC-10:00) Hawaii"],
  ["Marquesas Standard Time", "Pacific/Marquesas", "", "(UTC-09:30) Marquesas Islands"],
  ["Alaskan Standard Time", "America/Anchorage", "America/Juneau America/Metlakatla America/Nome America/Sitka America/Yakutat", "(UTC-09:00) Alaska"],
  ["UTC-09", "Etc/GMT+9", "Pacific/Gambier", "(UTC-09:00) Coordinated Universal Time-09"],
  ["Pacific Standard Time (Mexico)", "America/Tijuana", "", "(UTC-08:00) Baja California"],
  ["UTC-08", "Etc/GMT+8", "Pacific/Pitcairn", "(UTC-08:00) Coordinated Universal Time-08"],
  ["Pacific Standard Time", "America/Los_Angeles", "America/Vancouver", "(UTC-08:00) Pacific Time (US & Canada)"],
  ["US Mountain Standard Time", "America/Phoenix", "America/Creston America/Dawson_Creek America/Fort_Nelson America/Hermosillo Etc/GMT+7", "(UTC-07:00) Arizona"],
  ["Mountain Standard Time (Mexico)", "America/Mazatlan", "", "(UTC-07:00) Chihuahua, La Paz, Mazatlan"],
  ["Mountain Standard Time", "America/Denver", "America/Edmonton America/Cambridge_Bay America/Inuvik America/Ciudad_Juarez America/Boise", "(UTC-07:00) Mountain Time (US & Canada)"],
  ["Yukon Standard Time", "America/Whitehorse", "America/Dawson", "(UTC-07:00) Yukon"],
  ["Central America Standard Time", "America/Guatemala", "America/Belize America/Costa_Rica Pacific/Galapagos America/Tegucigalpa America/Managua America/El_Salvador Etc/GMT+6", "(UTC-06:00) Central America"],
  ["Central Standard Time", "America/Chicago", "America/Winnipeg America/Rankin_Inlet America/Resolute America/Matamoros America/Ojinaga America/Indiana/Knox America/Indiana/Tell_City America/Menominee America/North_Dakota/Beulah America/North_Dakota/Center America/North_Dakota/New_Salem", "(UTC-06:00) Central Time (US & Canada)"],
  ["Easter Island Standard Time", "Pacific/Easter", "", "(UTC-06:00) Easter Island"],
  ["Central Standard Time (Mexico)", "America/Mexico_City", "America/Bahia_Banderas America/Merida America/Monterrey America/Chihuahua", "(UTC-06:00) Guadalajara, Mexico City, Monterrey"],
  ["Canada Central Standard Time", "America/Regina", "America/Swift_Current", "(UTC-06:00) Saskatchewan"],
  ["SA Pacific Standard Time", "America/Bogota", "America/Rio_Branco America/Eirunepe America/Coral_Harbour America/Guayaquil America/Jamaica America/Cayman America/Panama America/Lima Etc/GMT+5", "(UTC-05:00) Bogota, Lima, Quito, Rio Branco"],
  ["Eastern Standard Time (Mexico)", "America/Cancun", "", "(UTC-05:00) Chetumal"],
  ["Eastern Standard Time", "America/New_York", "America/Nassau America/Toronto America/Iqaluit America/Detroit America/Indiana/Petersburg America/Indiana/Vincennes America/Indiana/Winamac America/Kentucky/Monticello America/Louisville", "(UTC-05:00) Eastern Time (US & Canada)"],
  ["Haiti Standard Time", "America/Port-au-Prince", "", "(UTC-05:00) Haiti"],
  ["Cuba Standard Time", "America/Havana", "", "(UTC-05:00) Havana"],
  ["US Eastern Standard Time", "America/Indianapolis", "America/Indiana/Marengo America/Indiana/Vevay", "(UTC-05:00) Indiana (East)"],
  ["Turks And Caicos Standard Time", "America/Grand_Turk", "", "(UTC-05:00) Turks and Caicos"],
  ["Paraguay Standard Time", "America/Asuncion", "", "(UTC-04:00) Asuncion"],
  ["Atlantic Standard Time", "America/Halifax", "Atlantic/Bermuda America/Glace_Bay America/Goose_Bay America/Moncton America/Thule", "(UTC-04:00) Atlantic Time (Canada)"],
  ["Venezuela Standard Time", "America/Caracas", "", "(UTC-04:00) Caracas"],
  ["Central Brazilian Standard Time", "America/Cuiaba", "America/Campo_Grande", "(UTC-04:00) Cuiaba"],
  ["SA Western Standard Time", "America/La_Paz", "America/Manaus America/Boa_Vista America/Porto_Velho America/Santo_Domingo America/Puerto_Rico America/Port_of_Spain America/Barbados America/Martinique America/Guadeloupe America/Curacao America/Guyana Etc/GMT+4", "(UTC-04:00) Georgetown, La Paz, Manaus, San Juan"],
  ["Pacific SA Standard Time", "America/Santiago", "", "(UTC-04:00) Santiago"],
  ["Newfoundland Standard Time", "America/St_Johns", "", "(UTC-03:30) Newfoundland"],
  ["Tocantins Standard Time", "America/Araguaina", "", "(UTC-03:00) Araguaina"],
  ["E. South America Standard Time", "America/Sao_Paulo", "", "(UTC-03:00) Brasilia"],
  ["SA Eastern Standard Time", "America/Cayenne", "Antarctica/Rothera Antarctica/Palmer America/Fortaleza America/Belem America/Maceio America/Recife America/Santarem Atlantic/Stanley America/Paramaribo Etc/GMT+3", "(UTC-03:00) Cayenne, Fortaleza"],
  ["Argentina Standard Time", "America/Buenos_Aires", "America/Argentina/La_Rioja America/Argentina/Rio_Gallegos America/Argentina/Salta America/Argentina/San_Juan America/Argentina/San_Luis America/Argentina/Tucuman America/Argentina/Ushuaia America/Catamarca America/Cordoba America/Jujuy America/Mendoza", "(UTC-03:00) City of Buenos Aires"],
  ["Greenland Standard Time", "America/Godthab", "", "(UTC-03:00) Greenland"],
  ["Montevideo Standard Time", "America/Montevideo", "", "(UTC-03:00) Montevideo"],
  ["Magallanes Standard Time", "America/Punta_Arenas", "", "(UTC-03:00) Punta Arenas"],
  ["Saint Pierre Standard Time", "America/Miquelon", "", "(UTC-03:00) Saint Pierre and Miquelon"],
  ["Bahia Standard Time", "America/Bahia", "", "(UTC-03:00) Salvador"],
  ["UTC-02", "Etc/GMT+2", "America/Noronha Atlantic/South_Georgia", "(UTC-02:00) Coordinated Universal Time-02"],
  ["Azores Standard Time", "Atlantic/Azores", "America/Scoresbysund", "(UTC-01:00) Azores"],
  ["Cape Verde Standard Time", "Atlantic/Cape_Verde", "Etc/GMT+1", "(UTC-01:00) Cabo Verde Is."],
  ["UTC", "Etc/UTC", "UTC Etc/GMT", "(UTC) Coordinated Universal Time"],
  ["GMT Standard Time", "Europe/London", "Atlantic/Canary Atlantic/Faeroe Europe/Guernsey Europe/Dublin Europe/Isle_of_Man Europe/Jersey Europe/Lisbon Atlantic/Madeira", "(UTC+00:00) Dublin, Edinburgh, Lisbon, London"],
  ["Greenwich Standard Time", "Atlantic/Reykjavik", "Africa/Ouagadougou Africa/Abidjan Africa/Accra America/Danmarkshavn Africa/Banjul Africa/Conakry Africa/Bissau Africa/Monrovia Africa/Bamako Africa/Nouakchott Atlantic/St_Helena Africa/Freetown Africa/Dakar Africa/Lome", "(UTC+00:00) Monrovia, Reykjavik"],
  ["Sao Tome Standard Time", "Africa/Sao_Tome", "", "(UTC+00:00) Sao Tome"],
  ["Morocco Standard Time", "Africa/Casablanca", "Africa/El_Aaiun", "(UTC+01:00) Casablanca"],
  ["W. Europe Standard Time", "Europe/Berlin", "Europe/Andorra Europe/Vienna Europe/Zurich Europe/Busingen Europe/Gibraltar Europe/Rome Europe/Vaduz Europe/Luxembourg Europe/Monaco Europe/Malta Europe/Amsterdam Europe/Oslo Europe/Stockholm Arctic/Longyearbyen Europe/San_Marino Europe/Vatican", "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna"],
  ["Central Europe Standard Time", "Europe/Budapest", "Europe/Tirane Europe/Prague Europe/Podgorica Europe/Belgrade Europe/Ljubljana Europe/Bratislava", "(UTC+01:00) Belgrade, Bratislava, Budapest, Ljubljana, Prague"],
  ["Romance Standard Time", "Europe/Paris", "Europe/Brussels Europe/Copenhagen Europe/Madrid Africa/Ceuta", "(UTC+01:00) Brussels, Copenhagen, Madrid, Paris"],
  ["Central European Standard Time", "Europe/Warsaw", "Europe/Sarajevo Europe/Zagreb Europe/Skopje", "(UTC+01:00) Sarajevo, Skopje, Warsaw, Zagreb"],
  ["W. Central Africa Standard Time", "Africa/Lagos", "Africa/Luanda Africa/Porto-Novo Africa/Kinshasa Africa/Bangui Africa/Brazzaville Africa/Douala Africa/Algiers Africa/Libreville Africa/Malabo Africa/Niamey Africa/Ndjamena Africa/Tunis Etc/GMT-1", "(UTC+01:00) West Central Africa"],
  ["Jordan Standard Time", "Asia/Amman", "", "(UTC+02:00) Amman"],
  ["GTB Standard Time", "Europe/Bucharest", "Asia/Nicosia Asia/Famagusta Europe/Athens", "(UTC+02:00) Athens, Bucharest"],
  ["Middle East Standard Time", "Asia/Beirut", "", "(UTC+02:00) Beirut"],
  ["Egypt Standard Time", "Africa/Cairo", "", "(UTC+02:00) Cairo"],
  ["E. Europe Standard Time", "Europe/Chisinau", "", "(UTC+02:00) Chisinau"],
  ["Syria Standard Time", "Asia/Damascus", "", "(UTC+02:00) Damascus"],
  ["West Bank Standard Time", "Asia/Hebron", "Asia/Gaza", "(UTC+02:00) Gaza, Hebron"],
  ["South Africa Standard Time", "Africa/Johannesburg", "Africa/Bujumbura Africa/Gaborone Africa/Lubumbashi Africa/Maseru Africa/Blantyre Africa/Maputo Africa/Kigali Africa/Mbabane Africa/Lusaka Africa/Harare Etc/GMT-2", "(UTC+02:00) Harare, Pretoria"],
  ["FLE Standard Time", "Europe/Kiev", "Europe/Mariehamn Europe/Sofia Europe/Tallinn Europe/Helsinki Europe/Vilnius Europe/Riga", "(UTC+02:00) Helsinki, Kyiv, Riga, Sofia, Tallinn, Vilnius"],
  ["Israel Standard Time", "Asia/Jerusalem", "", "(UTC+02:00) Jerusalem"],
  ["South Sudan Standard Time", "Africa/Juba", "", "(UTC+02:00) Juba"],
  ["Kaliningrad Standard Time", "Europe/Kaliningrad", "", "(UTC+02:00) Kaliningrad"],
  ["Sudan Standard Time", "Africa/Khartoum", "", "(UTC+02:00) Khartoum"],
  ["Libya Standard Time", "Africa/Tripoli", "", "(UTC+02:00) Tripoli"],
  ["Namibia Standard Time", "Africa/Windhoek", "", "(UTC+02:00) Windhoek"],
  ["Arabic Standard Time", "Asia/Baghdad", "", "(UTC+03:00) Baghdad"],
  ["Turkey Standard Time", "Europe/Istanbul", "", "(UTC+03:00) Istanbul"],
  ["Arab Standard Time", "Asia/Riyadh", "Asia/Bahrain Asia/Kuwait Asia/Qatar Asia/Aden", "(UTC+03:00) Kuwait, Riyadh"],
  ["Belarus Standard Time", "Europe/Minsk", "", "(UTC+03:00) Minsk"],
  ["Russian Standard Time", "Europe/Moscow", "Europe/Kirov Europe/Simferopol", "(UTC+03:00) Moscow, St. Petersburg"],
  ["E. Africa Standard Time", "Africa/Nairobi", "Antarctica/Syowa Africa/Djibouti Africa/Asmera Africa/Addis_Ababa Indian/Comoro Indian/Antananarivo Africa/Mogadishu Africa/Dar_es_Salaam Africa/Kampala Indian/Mayotte Etc/GMT-3", "(UTC+03:00) Nairobi"],
  ["Iran Standard Time", "Asia/Tehran", "", "(UTC+03:30) Tehran"],
  ["Arabian Standard Time", "Asia/Dubai", "Asia/Muscat Etc/GMT-4", "(UTC+04:00) Abu Dhabi, Muscat"],
  ["Astrakhan Standard Time", "Europe/Astrakhan", "Europe/Ulyanovsk", "(UTC+04:00) Astrakhan, Ulyanovsk"],
  ["Azerbaijan Standard Time", "Asia/Baku", "", "(UTC+04:00) Baku"],
  ["Russia Time Zone 3", "Europe/Samara", "", "(UTC+04:00) Izhevsk, Samara"],
  ["Mauritius Standard Time", "Indian/Mauritius", "Indian/Reunion Indian/Mahe", "(UTC+04:00) Port Louis"],
  ["Saratov Standard Time", "Europe/Saratov", "", "(UTC+04:00) Saratov"],
  ["Georgian Standard Time", "Asia/Tbilisi", "", "(UTC+04:00) Tbilisi"],
  ["Volgograd Standard Time", "Europe/Volgograd", "", "(UTC+04:00) Volgograd"],
  ["Caucasus Standard Time", "Asia/Yerevan", "", "(UTC+04:00) Yerevan"],
  ["Afghanistan Standard Time", "Asia/Kabul", "", "(UTC+04:30) Kabul"],
  ["West Asia Standard Time", "Asia/Tashkent", "Antarctica/Mawson Asia/Oral Asia/Almaty Asia/Aqtau Asia/Aqtobe Asia/Atyrau Asia/Qostanay Indian/Maldives Indian/Kerguelen Asia/Dushanbe Asia/Ashgabat Asia/Samarkand Etc/GMT-5", "(UTC+05:00) Ashgabat, Tashkent"],
  ["Ekaterinburg Standard Time", "Asia/Yekaterinburg", "", "(UTC+05:00) Ekaterinburg"],
  ["Pakistan Standard Time", "Asia/Karachi", "", "(UTC+05:00) Islamabad, Karachi"],
  ["Qyzylorda Standard Time", "Asia/Qyzylorda", "", "(UTC+05:00) Qyzylorda"],
  ["India Standard Time", "Asia/Calcutta", "", "(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi"],
  ["Sri Lanka Standard Time", "Asia/Colombo", "", "(UTC+05:30) Sri Jayawardenepura"],
  ["Nepal Standard Time", "Asia/Katmandu", "", "(UTC+05:45) Kathmandu"],
  ["Central Asia Standard Time", "Asia/Bishkek", "Antarctica/Vostok Asia/Urumqi Indian/Chagos Etc/GMT-6", "(UTC+06:00) Astana"],
  ["Bangladesh Standard Time", "Asia/Dhaka", "Asia/Thimphu", "(UTC+06:00) Dhaka"],
  ["Omsk Standard Time", "Asia/Omsk", "", "(UTC+06:00) Omsk"],
  ["Myanmar Standard Time", "Asia/Rangoon", "Indian/Cocos", "(UTC+06:30) Yangon (Rangoon)"],
  ["SE Asia Standard Time", "Asia/Bangkok", "Antarctica/Davis Indian/Christmas Asia/Jakarta Asia/Pontianak Asia/Phnom_Penh Asia/Vientiane Asia/Saigon Etc/GMT-7", "(UTC+07:00) Bangkok, Hanoi, Jakarta"],
  ["Altai Standard Time", "Asia/Barnaul", "", "(UTC+07:00) Barnaul, Gorno-Altaysk"],
  ["W. Mongolia Standard Time", "Asia/Hovd", "", "(UTC+07:00) Hovd"],
  ["North Asia Standard Time", "Asia/Krasnoyarsk", "Asia/Novokuznetsk", "(UTC+07:00) Krasnoyarsk"],
  ["N. Central Asia Standard Time", "Asia/Novosibirsk", "", "(UTC+07:00) Novosibirsk"],
  ["Tomsk Standard Time", "Asia/Tomsk", "", "(UTC+07:00) Tomsk"],
  ["China Standard Time", "Asia/Shanghai", "Asia/Hong_Kong Asia/Macau", "(UTC+08:00) Beijing, Chongqing, Hong Kong, Urumqi"],
  ["North Asia East Standard Time", "Asia/Irkutsk", "", "(UTC+08:00) Irkutsk"],
  ["Singapore Standard Time", "Asia/Singapore", "Asia/Brunei Asia/Makassar Asia/Kuala_Lumpur Asia/Kuching Asia/Manila Etc/GMT-8", "(UTC+08:00) Kuala Lumpur, Singapore"],
  ["W. Australia Standard Time", "Australia/Perth", "", "(UTC+08:00) Perth"],
  ["Taipei Standard Time", "Asia/Taipei", "", "(UTC+08:00) Taipei"],
  ["Ulaanbaatar Standard Time", "Asia/Ulaanbaatar", "Asia/Choibalsan", "(UTC+08:00) Ulaanbaatar"],
  ["Aus Central W. Standard Time", "Australia/Eucla", "", "(UTC+08:45) Eucla"],
  ["Transbaikal Standard Time", "Asia/Chita", "", "(UTC+09:00) Chita"],
  ["Tokyo Standard Time", "Asia/Tokyo", "Asia/Jayapura Pacific/Palau Asia/Dili Etc/GMT-9", "(UTC+09:00) Osaka, Sapporo, Tokyo"],
  ["North Korea Standard Time", "Asia/Pyongyang", "", "(UTC+09:00) Pyongyang"],
  ["Korea Standard Time", "Asia/Seoul", "", "(UTC+09:00) Seoul"],
  ["Yakutsk Standard Time", "Asia/Yakutsk", "Asia/Khandyga", "(UTC+09:00) Yakutsk"],
  ["Cen. Australia Standard Time", "Australia/Adelaide", "Australia/Broken_Hill", "(UTC+09:30) Adelaide"],
  ["AUS Central Standard Time", "Australia/Darwin", "", "(UTC+09:30) Darwin"],
  ["E. Australia Standard Time", "Australia/Brisbane", "Australia/Lindeman", "(UTC+10:00) Brisbane"],
  ["AUS Eastern Standard Time", "Australia/Sydney", "Australia/Melbourne", "(UTC+10:00) Canberra, Melbourne, Sydney"],
  ["West Pacific Standard Time", "Pacific/Port_Moresby", "Antarctica/DumontDUrville Pacific/Truk Pacific/Guam Pacific/Saipan Etc/GMT-10", "(UTC+10:00) Guam, Port Moresby"],
  ["Tasmania Standard Time", "Australia/Hobart", "Antarctica/Macquarie", "(UTC+10:00) Hobart"],
  ["Vladivostok Standard Time", "Asia/Vladivostok", "Asia/Ust-Nera", "(UTC+10:00) Vladivostok"],
  ["Lord Howe Standard Time", "Australia/Lord_Howe", "", "(UTC+10:30) Lord Howe Island"],
  ["Bougainville Standard Time", "Pacific/Bougainville", "", "(UTC+11:00) Bougainville Island"],
  ["Russia Time Zone 10", "Asia/Srednekolymsk", "", "(UTC+11:00) Chokurdakh"],
  ["Magadan Standard Time", "Asia/Magadan", "", "(UTC+11:00) Magadan"],
  ["Norfolk Standard Time", "Pacific/Norfolk", "", "(UTC+11:00) Norfolk Island"],
  ["Sakhalin Standard Time", "Asia/Sakhalin", "", "(UTC+11:00) Sakhalin"],
  ["Central Pacific Standard Time", "Pacific/Guadalcanal", "Antarctica/Casey Pacific/Ponape Pacific/Kosrae Pacific/Noumea Pacific/Efate Etc/GMT-11", "(UTC+11:00) Solomon Is., New Caledonia"],
  ["Russia Time Zone 11", "Asia/Kamchatka", "Asia/Anadyr", "(UTC+12:00) Anadyr, Petropavlovsk-Kamchatsky"],
  ["New Zealand Standard Time", "Pacific/Auckland", "Antarctica/McMurdo", "(UTC+12:00) Auckland, Wellington"],
  ["UTC+12", "Etc/GMT-12", "Pacific/Tarawa Pacific/Majuro Pacific/Kwajalein Pacific/Nauru Pacific/Funafuti Pacific/Wake Pacific/Wallis", "(UTC+12:00) Coordinated Universal Time+12"],
  ["Fiji Standard Time", "Pacific/Fiji", "", "(UTC+12:00) Fiji"],
  ["Chatham Islands Standard Time", "Pacific/Chatham", "", "(UTC+12:45) Chatham Islands"],
  ["UTC+13", "Etc/GMT-13", "Pacific/Enderbury Pacific/Fakaofo", "(UTC+13:00) Coordinated Universal Time+13"],
  ["Tonga Standard Time", "Pacific/Tongatapu", "", "(UTC+13:00) Nuku'alofa"],
  ["Samoa Standard Time", "Pacific/Apia", "", "(UTC+13:00) Samoa"],
  ["Line Islands Standard Time", "Pacific/Kiritimati", "Etc/GMT-14", "(UTC+14:00) Kiritimati Island"],
];

export const WINDOWS_ZONES: readonly WindowsZone[] = TABLE.map(([windows, iana, more, display]) => ({ windows, iana, more, display }));

const byWindows = new Map<string, WindowsZone>();
const byDisplay = new Map<string, WindowsZone>();
const byIana = new Map<string, WindowsZone>();
for (const z of WINDOWS_ZONES) {
  byWindows.set(z.windows.toLowerCase(), z);
  byDisplay.set(foldName(z.display), z);
  // The 001 zone wins over a territory zone that another Windows zone also lists.
  if (!byIana.has(z.iana)) byIana.set(z.iana, z);
}
for (const z of WINDOWS_ZONES) {
  for (const iana of z.more.split(" ")) if (iana && !byIana.has(iana)) byIana.set(iana, z);
}

/** Case-, accent- and space-insensitive key: Outlook writes "(UTC-03:00) Brasília", CLDR "Brasilia". */
function foldName(name: string): string {
  return name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\s+/g, " ").trim().toLowerCase();
}

/** The Windows zone for a Windows name or a Windows display name, or undefined. */
export function lookupWindowsZone(name: string): { windows: string; iana: string } | undefined {
  const z = byWindows.get(name.trim().toLowerCase()) ?? byDisplay.get(foldName(name));
  return z ? { windows: z.windows, iana: z.iana } : undefined;
}

/** The IANA zone for a Windows zone name (CLDR territory 001), or undefined when unknown. */
export function windowsToIana(windows: string): string | undefined {
  return lookupWindowsZone(windows)?.iana;
}

/**
 * Node's canonical spelling of an IANA zone ("US/Pacific" -> "America/Los_Angeles",
 * "Asia/Kolkata" -> "Asia/Calcutta", as CLDR spells them), or undefined when Intl does not know it.
 */
export function canonicalIana(name: string): string | undefined {
  const trimmed = name.trim();
  if (!trimmed || !/^[A-Za-z0-9_+\-/]+$/.test(trimmed)) return undefined;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** The Windows zone CLDR maps an IANA zone to, by name only (no offset matching), or undefined. */
export function ianaToWindowsByName(iana: string): string | undefined {
  const canonical = canonicalIana(iana);
  if (canonical === undefined) return undefined;
  if (canonical === "UTC" || canonical === "Etc/UTC" || canonical === "Etc/GMT") return "UTC";
  return (byIana.get(canonical) ?? byIana.get(iana))?.windows;
}
