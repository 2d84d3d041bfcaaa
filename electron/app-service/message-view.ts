import { simpleParser, type AddressObject } from "mailparser";
import { ApiError } from "../../shared/app-api.js";
import type { MessageView } from "../../shared/app-types.js";
import type { Handlers } from "./handler-types.js";
import { readItem } from "./item-bytes.js";

function addresses(a: AddressObject | AddressObject[] | undefined): string[] {
  const list = a === undefined ? [] : Array.isArray(a) ? a : [a];
  return list.flatMap((x) => x.value.map((v) => (v.name ? `${v.name} <${v.address ?? ""}>` : (v.address ?? "")))).filter((s) => s.length > 0);
}

export const messageHandlers: Handlers = {
  "browse:message": async (ctx, req) => {
    const { entry, bytes } = await readItem(ctx, req.snapshot, req.source, req.path);
    if (entry.type !== "file" || (entry.kind !== "email" && !entry.path.toLowerCase().endsWith(".eml"))) throw new ApiError("invalid", `${entry.path} is not a message. Open it as an item instead.`);
    // The HTML goes to the renderer as the message has it: the renderer sanitises before showing it.
    const m = await simpleParser(bytes, { skipImageLinks: true, skipTextToHtml: true });
    const view: MessageView = {
      subject: m.subject ?? "",
      from: addresses(m.from)[0] ?? "",
      to: addresses(m.to),
      cc: addresses(m.cc),
      date: m.date ? m.date.toISOString() : null,
      html: typeof m.html === "string" ? m.html : null,
      text: m.text ?? null,
      attachments: m.attachments.map((a) => ({
        name: a.filename ?? "(unnamed)",
        contentType: a.contentType,
        size: a.size,
        inline: a.contentDisposition === "inline" || (a.related ?? false),
      })),
    };
    return view;
  },
};
