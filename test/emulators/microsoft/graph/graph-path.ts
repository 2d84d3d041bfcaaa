// Graph URL paths come in several spellings that mean the same thing, and real clients use all of
// them (the docs themselves mix them): "mailFolders/{id}" and "mailfolders('{id}')", "delta" and
// "delta()", "root/delta(token='x')" and "root/delta?token=x", and OneDrive's path addressing
// "root:/Documents/a.txt:/content". This module turns all of them into one list of segments.

export interface PathSegment {
  /** The segment as written (decoded); ids keep their case. */
  text: string;
  /** Lower-cased text, for matching literal names. */
  lower: string;
  /** A OneDrive path ("/Documents/a.txt") from "root:/Documents/a.txt:" addressing. */
  drivePath?: string;
}

export interface ParsedPath {
  segments: PathSegment[];
  /** Function parameters such as delta(token='x'), merged into the query by the caller. */
  params: Map<string, string>;
}

function segment(text: string): PathSegment {
  return { text, lower: text.toLowerCase() };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function pushSegment(out: PathSegment[], params: Map<string, string>, raw: string): void {
  const text = safeDecode(raw);
  if (text.length === 0) return;
  const open = text.indexOf("(");
  if (open > 0 && text.endsWith(")")) {
    const name = text.slice(0, open);
    const inner = text.slice(open + 1, -1).trim();
    out.push(segment(name));
    if (inner.length === 0) return;
    const quotedKey = /^'(.*)'$/s.exec(inner);
    if (quotedKey) {
      out.push(segment((quotedKey[1] ?? "").replace(/''/g, "'")));
      return;
    }
    // name=value pairs: delta(token='abc'), instances(startDateTime='...')
    for (const pair of inner.split(",")) {
      const eq = pair.indexOf("=");
      if (eq < 0) {
        out.push(segment(pair.trim()));
        continue;
      }
      const key = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim().replace(/^'(.*)'$/s, "$1");
      params.set(key, value);
    }
    return;
  }
  out.push(segment(text));
}

/** Parses a still-encoded path such as "/me/drive/root:/My%20Files/a.txt:/content". */
export function parseGraphPath(rawPath: string): ParsedPath {
  const segments: PathSegment[] = [];
  const params = new Map<string, string>();
  // OneDrive path addressing: "<item>:/relative/path" optionally closed by ":" and followed by more.
  const colon = /^(.*?):(\/[^:]*)(?::(.*))?$/s.exec(rawPath);
  let head = rawPath;
  let tail = "";
  let drivePath: string | undefined;
  if (colon && /(^|\/)(root|items\/[^/]+|root\(\))$/i.test(colon[1] ?? "")) {
    head = colon[1] ?? "";
    drivePath = safeDecode(colon[2] ?? "");
    tail = colon[3] ?? "";
  }
  for (const raw of head.split("/")) pushSegment(segments, params, raw);
  if (drivePath !== undefined) {
    const normalized = "/" + drivePath.split("/").filter((p) => p.length > 0).join("/");
    segments.push({ text: normalized, lower: normalized.toLowerCase(), drivePath: normalized });
  }
  for (const raw of tail.split("/")) pushSegment(segments, params, raw);
  return { segments, params };
}

/**
 * Matches segments against a pattern such as "mailFolders/{id}/messages/delta". Literals compare
 * case-insensitively; "{name}" captures one ordinary segment; "{name:path}" captures a OneDrive
 * path segment. Returns the captures or undefined.
 */
export function matchSegments(segments: readonly PathSegment[], pattern: string): Record<string, string> | undefined {
  const parts = pattern.split("/").filter((p) => p.length > 0);
  if (parts.length !== segments.length) return undefined;
  const captures: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? "";
    const seg = segments[i];
    if (!seg) return undefined;
    const capture = /^\{(\w+)(:path)?\}$/.exec(part);
    if (capture) {
      const isPath = capture[2] !== undefined;
      if (isPath !== (seg.drivePath !== undefined)) return undefined;
      captures[capture[1] ?? ""] = seg.text;
    } else if (seg.drivePath !== undefined || part.toLowerCase() !== seg.lower) {
      return undefined;
    }
  }
  return captures;
}
