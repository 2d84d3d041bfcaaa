import { useCallback, useEffect, useId, useState } from "react";
import type { ItemView, SearchResult } from "../../../shared/app-types.js";
import { DetailPane } from "../components/detail-pane.js";
import { ErrorNote } from "../components/error-note.js";
import { ItemList, itemKey } from "../components/item-list.js";
import { MessagePane } from "../components/message-pane.js";
import { SnapshotPicker } from "../components/snapshot-picker.js";
import { call, errorText } from "../lib/api.js";
import { useSnapshots } from "../lib/use-snapshots.js";
import type { RestoreSelection } from "../state/restore-selection.js";
import { setState } from "../state/store.js";

type Where = { source: string | null; path: string };
type Picked = Pick<ItemView, "source" | "path" | "name" | "kind">;

const SEARCH_LIMIT = 1000;

function restoreWith(selection: RestoreSelection): void {
  setState({ restoreSelection: selection, screen: "restore" });
}

export function BrowseScreen() {
  const id = useId();
  const { snapshots, error: snapError } = useSnapshots();
  const [snapshot, setSnapshot] = useState<string | null>(null);
  const [where, setWhere] = useState<Where>({ source: null, path: "" });
  const [total, setTotal] = useState<number | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Map<string, Picked>>(new Map());
  const [open, setOpen] = useState<ItemView | null>(null);
  const [query, setQuery] = useState("");
  const [search, setSearch] = useState<{ query: string; result: SearchResult } | null>(null);
  const [searching, setSearching] = useState(false);

  useEffect(() => {
    if (snapshots && snapshots.length > 0 && (snapshot === null || !snapshots.some((s) => s.id === snapshot))) setSnapshot(snapshots[0]!.id);
  }, [snapshots, snapshot]);

  // The folder's total (the list fetches its own pages).
  useEffect(() => {
    if (!snapshot) return;
    let live = true;
    setTotal(null);
    setListError(null);
    call("browse:list", { snapshot, ...(where.source !== null ? { source: where.source } : {}), path: where.path, offset: 0, limit: 1 }).then(
      (p) => live && setTotal(p.total),
      (e: unknown) => live && setListError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [snapshot, where]);

  // Search as the user types, once they pause.
  useEffect(() => {
    const q = query.trim();
    if (!snapshot || q === "") {
      setSearch(null);
      return;
    }
    const t = setTimeout(() => {
      setSearching(true);
      call("browse:search", { snapshot, query: q, limit: SEARCH_LIMIT }).then(
        (result) => {
          setSearch({ query: q, result });
          setSearching(false);
        },
        (e: unknown) => {
          setListError(errorText(e));
          setSearching(false);
        },
      );
    }, 300);
    return () => clearTimeout(t);
  }, [query, snapshot]);

  const fetchFolder = useCallback(
    async (offset: number, limit: number) =>
      (await call("browse:list", { snapshot: snapshot!, ...(where.source !== null ? { source: where.source } : {}), path: where.path, offset, limit })).items,
    [snapshot, where],
  );
  const fetchSearch = useCallback(async (offset: number, limit: number) => search?.result.items.slice(offset, offset + limit) ?? [], [search]);

  const openItem = (item: ItemView): void => {
    if (item.kind === "source") {
      setWhere({ source: item.source, path: "" });
      setOpen(null);
      setQuery("");
    } else if (item.type === "dir") {
      setWhere({ source: item.source, path: item.path });
      setOpen(null);
      setQuery("");
    } else setOpen(item);
  };
  const toggle = (item: ItemView): void =>
    setSelected((m) => {
      const n = new Map(m);
      const k = itemKey(item);
      if (n.has(k)) n.delete(k);
      else n.set(k, { source: item.source, path: item.kind === "source" ? "" : item.path, name: item.name, kind: item.kind });
      return n;
    });

  if (snapError) return <ErrorNote message={snapError} />;
  if (!snapshots) return <p role="status">Reading the snapshots…</p>;
  if (snapshots.length === 0 || !snapshot)
    return (
      <>
        <h1>Browse</h1>
        <p>There is nothing to browse yet: back up first.</p>
      </>
    );

  const crumbs: Array<{ label: string; where: Where }> = [{ label: "All sources", where: { source: null, path: "" } }];
  if (where.source !== null) {
    crumbs.push({ label: where.source, where: { source: where.source, path: "" } });
    const parts = where.path ? where.path.split("/") : [];
    parts.forEach((p, i) => crumbs.push({ label: p, where: { source: where.source, path: parts.slice(0, i + 1).join("/") } }));
  }
  const folderLabel = where.source === null ? "all sources" : `${where.source}${where.path ? `/${where.path}` : ""}`;
  const inSearch = search !== null;
  return (
    <div className="browse">
      <h1>Browse</h1>
      <div className="toolbar">
        <SnapshotPicker snapshots={snapshots} value={snapshot} onChange={(s) => (setSnapshot(s), setOpen(null))} />
        <div className="field inline grow">
          <label htmlFor={`${id}-q`}>Search everything</label>
          <input id={`${id}-q`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Words in subjects, names, senders, places…" />
        </div>
      </div>
      <nav aria-label="Folder path" className="breadcrumb">
        <ol>
          {crumbs.map((c, i) => (
            <li key={i}>
              {i === crumbs.length - 1 && !inSearch ? (
                <span aria-current="location">{c.label}</span>
              ) : (
                <button type="button" className="link" onClick={() => (setWhere(c.where), setQuery(""), setOpen(null))}>
                  {c.label}
                </button>
              )}
            </li>
          ))}
        </ol>
      </nav>
      <ErrorNote message={listError} />
      <div className="browse-panes">
        <section className="list-pane" aria-labelledby={`${id}-list`}>
          <h2 id={`${id}-list`} className="list-title">
            {inSearch ? (
              <span data-testid="search-summary">
                {search.result.total.toLocaleString("en")} result{search.result.total === 1 ? "" : "s"} in {(search.result.elapsedMs / 1000).toFixed(2)} s
                {search.result.total > search.result.items.length ? ` (first ${search.result.items.length} shown)` : ""}
              </span>
            ) : (
              <span data-testid="folder-total">{total === null ? "…" : `${total.toLocaleString("en")} item${total === 1 ? "" : "s"}`}</span>
            )}
            {searching ? <span className="muted small"> searching…</span> : null}
          </h2>
          <ItemList
            label={inSearch ? `Search results for ${search.query}` : `Items in ${folderLabel}`}
            total={inSearch ? search.result.items.length : (total ?? 0)}
            fetchPage={inSearch ? fetchSearch : fetchFolder}
            listKey={inSearch ? `search:${snapshot}:${search.query}:${search.result.total}` : `list:${snapshot}:${where.source ?? ""}:${where.path}`}
            selected={new Set(selected.keys())}
            onToggle={toggle}
            onOpen={openItem}
            active={open ? itemKey(open) : null}
          />
          <div className="actions">
            {selected.size > 0 ? (
              <>
                <button type="button" onClick={() => restoreWith({ snapshot, items: [...selected.values()], label: `${selected.size} selected item${selected.size === 1 ? "" : "s"}` })}>
                  Restore the {selected.size} selected…
                </button>
                <button type="button" className="secondary" onClick={() => setSelected(new Map())}>
                  Clear selection
                </button>
              </>
            ) : null}
            {inSearch && search.result.items.length > 0 ? (
              <button
                type="button"
                className="secondary"
                onClick={() => restoreWith({ snapshot, items: search.result.items.map((i) => ({ source: i.source, path: i.path, name: i.name, kind: i.kind })), label: `${search.result.items.length} search results for “${search.query}”` })}
              >
                Restore these results…
              </button>
            ) : null}
            {!inSearch && where.source !== null ? (
              <button type="button" className="secondary" onClick={() => restoreWith({ snapshot, items: [{ source: where.source!, path: where.path, name: folderLabel, kind: "folder" }], label: folderLabel })}>
                Restore this folder…
              </button>
            ) : null}
          </div>
        </section>
        <section className="detail-pane" aria-label="Selected item">
          {open ? (
            <>
              {open.kind === "email" ? <MessagePane snapshot={snapshot} source={open.source} path={open.path} /> : <DetailPane snapshot={snapshot} source={open.source} path={open.path} />}
              <button type="button" className="secondary" onClick={() => restoreWith({ snapshot, items: [{ source: open.source, path: open.path, name: open.name, kind: open.kind }], label: open.name })}>
                Restore this…
              </button>
            </>
          ) : (
            <p className="muted">Choose an item to see it here.</p>
          )}
        </section>
      </div>
    </div>
  );
}
