import type { EventMap, EventName } from "../../shared/app-api.js";

export type ServiceListener = <E extends EventName>(event: E, payload: EventMap[E]) => void;

/** Push events to every subscriber; one failing listener does not stop the others. */
export class EventHub {
  private readonly listeners = new Set<ServiceListener>();

  subscribe(l: ServiceListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  emit<E extends EventName>(event: E, payload: EventMap[E]): void {
    for (const l of this.listeners) {
      try {
        l(event, payload);
      } catch {
        // A transport that went away; the others still get the event.
      }
    }
  }
}
