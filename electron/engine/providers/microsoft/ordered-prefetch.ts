/**
 * Maps `items` through `fetch` with up to `depth` calls in flight, yielding results in input
 * order: downloads overlap while the archive still receives items one at a time, in a stable order.
 * A failed fetch yields its error instead of stopping the others.
 */
export async function* orderedPrefetch<T, R>(items: T[], depth: number, fetch: (item: T) => Promise<R>): AsyncGenerator<{ item: T; result?: R; error?: unknown }> {
  const inflight: Array<Promise<{ item: T; result?: R; error?: unknown }>> = [];
  let next = 0;
  const fill = (): void => {
    while (inflight.length < depth && next < items.length) {
      const item = items[next++]!;
      inflight.push(fetch(item).then((result) => ({ item, result }), (error: unknown) => ({ item, error })));
    }
  };
  fill();
  while (inflight.length > 0) {
    const r = await inflight.shift()!;
    fill();
    yield r;
  }
}
