// Requests per route, so tests can assert that an incremental run costs O(changes) requests and
// not O(mailbox). Route keys are templates such as "GET /mailFolders/{id}/messages/delta" (user
// root and version stripped), "GET /download", "POST /$batch"; parts of a batch count under their
// own route as well.

export type CountFilter = string | RegExp | ((routeKey: string) => boolean);

function matches(filter: CountFilter | undefined, key: string): boolean {
  if (filter === undefined) return true;
  if (typeof filter === "string") return key.includes(filter);
  if (filter instanceof RegExp) return filter.test(key);
  return filter(key);
}

export class RequestCounter {
  private readonly counts = new Map<string, number>();

  record(routeKey: string): void {
    this.counts.set(routeKey, (this.counts.get(routeKey) ?? 0) + 1);
  }

  /** Requests whose route key matches (substring, RegExp or predicate); all requests without a filter. */
  count(filter?: CountFilter): number {
    let total = 0;
    for (const [key, n] of this.counts) if (matches(filter, key)) total += n;
    return total;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  reset(): void {
    this.counts.clear();
  }
}
