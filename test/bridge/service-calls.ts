// Small helpers for tests that drive the app service through handle() only.
import assert from "node:assert/strict";
import type { EventMap, EventName, Reply } from "../../shared/app-api.js";
import type { JobOutcome, JobView } from "../../shared/app-types.js";
import type { AppServiceApi } from "../../electron/app-service/app-service-host.js";

/** The answer of a request that must succeed. */
export async function ok<T>(service: AppServiceApi, channel: string, request: unknown): Promise<T> {
  const r = (await service.handle(channel, request)) as Reply<T>;
  if (!r.ok) assert.fail(`${channel} failed: ${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** The error of a request that must fail with `code`; returns its message. */
export async function fails(service: AppServiceApi, channel: string, request: unknown, code: string): Promise<string> {
  const r = await service.handle(channel, request);
  if (r.ok) assert.fail(`${channel} succeeded, expected ${code}: ${JSON.stringify(r.value).slice(0, 300)}`);
  assert.equal(r.error.code, code, `${channel}: ${r.error.message}`);
  assert.ok(r.error.message.length > 10, "the message says what to do");
  return r.error.message;
}

/** Every pushed event, in order, and a way to wait for a job's end. */
export class EventLog {
  readonly events: Array<{ event: EventName; payload: unknown }> = [];
  private waiters: Array<() => void> = [];
  readonly stop: () => void;

  constructor(service: AppServiceApi) {
    this.stop = service.subscribe(<E extends EventName>(event: E, payload: EventMap[E]) => {
      this.events.push({ event, payload });
      for (const w of this.waiters.splice(0)) w();
    });
  }

  of<E extends EventName>(event: E): Array<EventMap[E]> {
    return this.events.filter((e) => e.event === event).map((e) => e.payload as EventMap[E]);
  }

  progressOf(jobId: string): JobView[] {
    return this.of("job-progress").filter((p) => p.id === jobId);
  }

  async until<T>(find: () => T | undefined): Promise<T> {
    for (;;) {
      const v = find();
      if (v !== undefined) return v;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  finished(jobId: string): Promise<JobOutcome> {
    return this.until(() => this.of("job-finished").find((o) => o.id === jobId));
  }
}
