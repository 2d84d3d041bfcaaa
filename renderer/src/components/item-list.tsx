import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, useState } from "react";
import type { ItemView } from "../../../shared/app-types.js";
import { errorText } from "../lib/api.js";
import { itemFacts, kindLabel } from "../lib/item-facts.js";
import { ErrorNote } from "./error-note.js";

export const PAGE = 200;
const ROW_HEIGHT = 56;

export const itemKey = (i: Pick<ItemView, "source" | "path">): string => `${i.source}\0${i.path}`;

/**
 * A list of any length: only the rows on screen are in the DOM (@tanstack/react-virtual), and their
 * items are fetched by page as the user scrolls, so a 100,000-message folder opens at once.
 */
export function ItemList(props: {
  label: string;
  total: number;
  /** Answers one page; called once per page needed. */
  fetchPage: (offset: number, limit: number) => Promise<ItemView[]>;
  /** Changes whenever the list's content does (folder, snapshot, query), dropping cached pages. */
  listKey: string;
  selected: Set<string>;
  onToggle: (item: ItemView) => void;
  onOpen: (item: ItemView) => void;
  active: string | null;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [pages, setPages] = useState<Map<number, ItemView[]>>(new Map());
  const loading = useRef(new Set<number>());
  const [error, setError] = useState<string | null>(null);
  const keyRef = useRef(props.listKey);

  useEffect(() => {
    keyRef.current = props.listKey;
    loading.current = new Set();
    setPages(new Map());
    setError(null);
    scrollRef.current?.scrollTo({ top: 0 });
  }, [props.listKey]);

  const virtualizer = useVirtualizer({ count: props.total, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const rows = virtualizer.getVirtualItems();
  const first = rows[0]?.index ?? 0;
  const last = rows[rows.length - 1]?.index ?? -1;

  const { fetchPage, listKey } = props;
  useEffect(() => {
    if (last < 0) return;
    for (let p = Math.floor(first / PAGE); p <= Math.floor(last / PAGE); p++) {
      if (pages.has(p) || loading.current.has(p)) continue;
      loading.current.add(p);
      const key = listKey;
      fetchPage(p * PAGE, PAGE).then(
        (items) => {
          if (keyRef.current !== key) return;
          setPages((m) => new Map(m).set(p, items));
        },
        (e: unknown) => {
          if (keyRef.current !== key) return;
          loading.current.delete(p);
          setError(errorText(e));
        },
      );
    }
  }, [first, last, pages, fetchPage, listKey]);

  return (
    <>
      <ErrorNote message={error} />
      <div className="item-scroll" ref={scrollRef} tabIndex={0} aria-label={props.label} data-testid="item-scroll">
        <div role="list" aria-label={props.label} className="item-inner" style={{ height: `${virtualizer.getTotalSize()}px` }}>
          {rows.map((r) => {
            const item = pages.get(Math.floor(r.index / PAGE))?.[r.index % PAGE];
            const key = item ? itemKey(item) : null;
            return (
              <div
                role="listitem"
                key={r.key}
                className={`item-row ${key && key === props.active ? "active" : ""}`}
                data-index={r.index}
                data-testid="item-row"
                style={{ height: `${r.size}px`, transform: `translateY(${r.start}px)` }}
              >
                {item && key ? (
                  <>
                    <input type="checkbox" checked={props.selected.has(key)} onChange={() => props.onToggle(item)} aria-label={`Select ${item.name}`} />
                    <button type="button" className="item-open" onClick={() => props.onOpen(item)} aria-current={key === props.active ? "true" : undefined}>
                      <span className="item-name">
                        <span className="kind-tag">{kindLabel(item.kind)}</span> {item.name}
                      </span>
                      <span className="item-facts muted small">{itemFacts(item)}</span>
                    </button>
                  </>
                ) : (
                  <span className="muted">Loading…</span>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </>
  );
}
