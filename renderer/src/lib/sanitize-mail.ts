// A message's own HTML made safe to show: DOMPurify removes scripts, event handlers, forms and
// frames; the hooks below remove everything that would load something (remote images, srcset,
// backgrounds, CSS) and turn links into plain text, so opening a message never tells its sender
// that it was read. The result goes into an <iframe sandbox=""> (no scripts, unique origin). The
// page's CSP also applies inside that frame (style-src 'self'), so inline styles are dropped here
// rather than left for the browser to refuse.
import DOMPurify from "dompurify";

export interface SafeMail {
  html: string;
  /** https links found in the message, offered as buttons outside the frame. */
  links: string[];
  /** How many remote images/resources were removed. */
  blocked: number;
}

const URL_ATTRS = ["src", "srcset", "background", "poster", "lowsrc", "dynsrc", "xlink:href", "data", "action", "formaction", "ping", "longdesc", "cite"];

/**
 * Parsing HTML in this page (DOMPurify's DOMParser) already makes Chromium check inline styles and
 * event handlers against the page's CSP, which refuses them and logs a violation for each. They
 * are renamed before parsing so the parser never sees them; DOMPurify then drops the renamed
 * attributes and elements like anything else it does not allow. This is for a quiet console, not
 * for safety: DOMPurify is what makes the result safe.
 */
export function defuse(html: string): string {
  let out = html.replace(/<(\/?)style\b/gi, "<$1x-style");
  let prev: string;
  do {
    prev = out;
    out = out.replace(/(<[a-z][^>]*?[\s/"'])(style|on[a-z]+)(\s*=)/gi, "$1data-x-$2$3");
  } while (out !== prev);
  return out;
}

export function sanitizeMail(html: string): SafeMail {
  const links = new Set<string>();
  let blocked = 0;
  const purify = DOMPurify();
  purify.addHook("uponSanitizeElement", (node, data) => {
    if (data.tagName === "a" && node instanceof Element) {
      const href = node.getAttribute("href") ?? "";
      if (/^https:\/\//i.test(href)) {
        try {
          links.add(new URL(href).href);
        } catch {
          /* not a URL: shown as text only */
        }
      }
    }
  });
  purify.addHook("afterSanitizeAttributes", (node) => {
    for (const attr of URL_ATTRS) {
      if (!node.hasAttribute(attr)) continue;
      const v = node.getAttribute(attr) ?? "";
      // Only images embedded in the message itself stay.
      if (attr === "src" && node.tagName === "IMG" && /^data:image\/(png|gif|jpe?g|webp);/i.test(v.trim())) continue;
      node.removeAttribute(attr);
      blocked++;
    }
    if (node.tagName === "IMG" && !node.hasAttribute("src")) {
      node.setAttribute("alt", node.getAttribute("alt") || "[image not loaded]");
    }
    if (node.tagName === "A") {
      node.removeAttribute("href");
      node.removeAttribute("target");
    }
    node.removeAttribute("style");
  });
  const clean = purify.sanitize(defuse(html), {
    WHOLE_DOCUMENT: false,
    FORBID_TAGS: ["style", "link", "meta", "base", "form", "input", "button", "select", "textarea", "iframe", "frame", "frameset", "object", "embed", "video", "audio", "source", "track", "svg", "math", "template", "picture"],
    FORBID_ATTR: ["style", "srcset", "background", "class", "id"],
    ALLOW_DATA_ATTR: false,
    ADD_FORBID_CONTENTS: ["x-style"],
  });
  return { html: clean, links: [...links], blocked };
}

/** The frame's document: the sanitised body, no styles (the CSP forbids inline ones). */
export function mailDocument(body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:"></head><body>${body}</body></html>`;
}
