import { useEffect, useId, useState } from "react";
import type { AboutView, AppSettings, AutostartView } from "../../../shared/app-types.js";
import type { OsScheduleStatus } from "../../../shared/schedule-types.js";
import { ErrorNote } from "../components/error-note.js";
import { PassphraseFields, passphraseReady } from "../components/passphrase-fields.js";
import { SaveKit } from "../components/save-kit.js";
import { call, errorText } from "../lib/api.js";
import { setAppState } from "../state/store.js";
import { useStore } from "../state/use-store.js";
import { OkNote } from "../components/ok-note.js";

export function SettingsScreen() {
  const app = useStore((s) => s.app)!;
  return (
    <>
      <h1>Settings</h1>
      <ArchiveSettings path={app.archive.path} remembered={app.archive.remembered} />
      <ScheduleSettings settings={app.settings} />
      <BackgroundSettings remembered={app.archive.remembered} />
      <About />
    </>
  );
}

function ArchiveSettings({ path, remembered }: { path: string | null; remembered: boolean }) {
  const id = useId();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const change = async (): Promise<void> => {
    setError(null);
    setNote(null);
    try {
      await call("archive:change-passphrase", { current, next });
      setNote("The passphrase is changed. The recovery key still works.");
      setCurrent("");
      setNext("");
      setAgain("");
    } catch (e) {
      setError(errorText(e));
    }
  };
  const lock = async (): Promise<void> => {
    try {
      setAppState(await call("archive:lock", {}));
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <section aria-labelledby={`${id}-h`} className="card">
      <h2 id={`${id}-h`}>Archive</h2>
      <dl className="facts">
        <dt>Location</dt>
        <dd>{path}</dd>
        <dt>Passphrase in keychain</dt>
        <dd>{remembered ? "Yes: backups run without asking" : "No: you unlock it each time"}</dd>
      </dl>
      <div className="actions">
        <button type="button" className="secondary" onClick={() => void lock()}>
          Lock the archive
        </button>
      </div>
      <h3>Change passphrase</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (current && passphraseReady(next, again)) void change();
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-cur`}>Current passphrase</label>
          <input id={`${id}-cur`} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
        </div>
        <PassphraseFields label="New passphrase" value={next} again={again} onChange={(a, b) => (setNext(a), setAgain(b))} />
        <ErrorNote message={error} />
        <OkNote message={note} />
        <button type="submit" disabled={!current || !passphraseReady(next, again)}>
          Change passphrase
        </button>
      </form>
      <h3>Emergency kit</h3>
      <p className="muted small">A PDF with your BitLocker keys and authenticator QR codes (the recovery key itself is only in the kit saved when the archive was made).</p>
      <SaveKit />
    </section>
  );
}

function NumberField(props: { label: string; value: number; min: number; max: number; onChange: (n: number) => void }) {
  const id = useId();
  return (
    <div className="field inline">
      <label htmlFor={id}>{props.label}</label>
      <input id={id} type="number" min={props.min} max={props.max} value={props.value} onChange={(e) => props.onChange(Number(e.target.value))} />
    </div>
  );
}

function TimeField(props: { label: string; value: string; onChange: (t: string) => void }) {
  const id = useId();
  return (
    <div className="field inline">
      <label htmlFor={id}>{props.label}</label>
      <input id={id} type="time" value={props.value} required onChange={(e) => e.target.value && props.onChange(e.target.value)} />
    </div>
  );
}

/** "Run backups when the app is closed" (the OS scheduler entry) and "Start Lifeboat when I log in". */
function BackgroundSettings({ remembered }: { remembered: boolean }) {
  const id = useId();
  const [os, setOs] = useState<OsScheduleStatus | null>(null);
  const [auto, setAuto] = useState<AutostartView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call("schedule:os-status", {}).then(setOs, (e: unknown) => setError(errorText(e)));
    call("app:get-autostart", {}).then(setAuto, (e: unknown) => setError(errorText(e)));
  }, []);
  const toggleOs = async (on: boolean): Promise<void> => {
    setError(null);
    setBusy(true);
    try {
      setOs(await call(on ? "schedule:os-install" : "schedule:os-remove", {}));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const toggleAuto = async (on: boolean): Promise<void> => {
    setError(null);
    try {
      setAuto(await call("app:set-autostart", { enabled: on }));
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <section aria-labelledby={`${id}-h`} className="card">
      <h2 id={`${id}-h`}>When Lifeboat is closed</h2>
      <div className="field checkbox">
        <label>
          <input type="checkbox" checked={os?.installed ?? false} disabled={os === null || busy || os.platform === "unsupported"} onChange={(e) => void toggleOs(e.target.checked)} /> Run
          backups when the app is closed
        </label>
      </div>
      <p className="muted small">
        Your system’s own scheduler starts a backup on the schedule above even when Lifeboat is not open, and catches up after the computer was off.
        {remembered ? "" : " It needs the archive key in the keychain: unlock once with “Remember on this computer”."}
      </p>
      {os ? (
        <dl className="facts" data-testid="os-schedule">
          <dt>Status</dt>
          <dd>{os.installed ? "Installed" : "Not installed"}</dd>
          {os.detail ? (
            <>
              <dt>Details</dt>
              <dd>{os.detail}</dd>
            </>
          ) : null}
          {os.files.length ? (
            <>
              <dt>Files</dt>
              <dd className="os-files">
                {os.files.map((f) => (
                  <div key={f}>{f}</div>
                ))}
              </dd>
            </>
          ) : null}
          {os.command ? (
            <>
              <dt>Runs</dt>
              <dd className="os-files">{os.command}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      <div className="field checkbox">
        <label>
          <input type="checkbox" checked={auto?.enabled ?? false} disabled={!auto?.supported} onChange={(e) => void toggleAuto(e.target.checked)} /> Start Lifeboat when I log in
        </label>
      </div>
      <p className="muted small" data-testid="autostart-detail">
        {auto === null ? "" : auto.supported ? `It starts in the tray, without a window${auto.detail ? ` (${auto.detail})` : ""}.` : (auto.detail ?? "Only in the desktop app.")}
      </p>
      <ErrorNote message={error} />
    </section>
  );
}

function ScheduleSettings({ settings }: { settings: AppSettings }) {
  const id = useId();
  const [draft, setDraft] = useState<AppSettings>(settings);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setDraft(settings), [settings]);
  const save = async (): Promise<void> => {
    setError(null);
    setNote(null);
    try {
      const s = await call("settings:update", draft);
      setDraft(s);
      setNote("Saved.");
    } catch (e) {
      setError(errorText(e));
    }
  };
  const set = <K extends keyof AppSettings>(k: K, patch: Partial<AppSettings[K]>): void => setDraft((d) => ({ ...d, [k]: { ...d[k], ...patch } }));
  return (
    <form
      className="card"
      aria-labelledby={`${id}-h`}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 id={`${id}-h`}>Backups</h2>
      <h3>Schedule</h3>
      <div className="field checkbox">
        <label>
          <input type="checkbox" checked={draft.schedule.enabled} onChange={(e) => set("schedule", { enabled: e.target.checked })} /> Back up automatically
        </label>
      </div>
      <fieldset className="radio-col">
        <legend>When</legend>
        <label>
          <input type="radio" name={`${id}-mode`} checked={draft.schedule.mode === "interval"} onChange={() => set("schedule", { mode: "interval" })} /> Every few hours
        </label>
        <label>
          <input type="radio" name={`${id}-mode`} checked={draft.schedule.mode === "daily"} onChange={() => set("schedule", { mode: "daily" })} /> Once a day
        </label>
      </fieldset>
      {draft.schedule.mode === "interval" ? (
        <NumberField label="Every (hours)" value={draft.schedule.everyHours} min={1} max={168} onChange={(n) => set("schedule", { everyHours: n })} />
      ) : (
        <TimeField label="At (local time)" value={draft.schedule.atTime} onChange={(t) => set("schedule", { atTime: t })} />
      )}
      <div className="field checkbox">
        <label>
          <input type="checkbox" checked={draft.schedule.quiet !== null} onChange={(e) => set("schedule", { quiet: e.target.checked ? { from: "09:00", to: "17:00" } : null })} /> Quiet hours (no
          backup starts then)
        </label>
      </div>
      {draft.schedule.quiet ? (
        <div className="grid-fields">
          <TimeField label="Quiet from" value={draft.schedule.quiet.from} onChange={(t) => set("schedule", { quiet: { ...draft.schedule.quiet!, from: t } })} />
          <TimeField label="Quiet until" value={draft.schedule.quiet.to} onChange={(t) => set("schedule", { quiet: { ...draft.schedule.quiet!, to: t } })} />
        </div>
      ) : null}
      <NumberField label="Random delay of up to (minutes)" value={draft.schedule.jitterMinutes} min={0} max={240} onChange={(n) => set("schedule", { jitterMinutes: n })} />
      <div className="field checkbox">
        <label>
          <input type="checkbox" checked={draft.schedule.pauseOnBatterySaver} onChange={(e) => set("schedule", { pauseOnBatterySaver: e.target.checked })} /> Pause while on battery power
        </label>
      </div>
      <h3>Checks after a backup</h3>
      <NumberField label="Check a sample of the archive (%)" value={draft.schedule.verifySamplePercent} min={0} max={100} onChange={(n) => set("schedule", { verifySamplePercent: n })} />
      <div className="field checkbox">
        <label>
          <input type="checkbox" checked={draft.schedule.monthlyFullVerify} onChange={(e) => set("schedule", { monthlyFullVerify: e.target.checked })} /> Check everything once a month
        </label>
      </div>
      <h3>Keep snapshots</h3>
      <div className="grid-fields">
        <NumberField label="Last" value={draft.retention.keepLast} min={1} max={10000} onChange={(n) => set("retention", { keepLast: n })} />
        <NumberField label="Daily" value={draft.retention.keepDaily} min={0} max={10000} onChange={(n) => set("retention", { keepDaily: n })} />
        <NumberField label="Weekly" value={draft.retention.keepWeekly} min={0} max={10000} onChange={(n) => set("retention", { keepWeekly: n })} />
        <NumberField label="Monthly" value={draft.retention.keepMonthly} min={0} max={10000} onChange={(n) => set("retention", { keepMonthly: n })} />
        <NumberField label="Yearly" value={draft.retention.keepYearly} min={0} max={1000} onChange={(n) => set("retention", { keepYearly: n })} />
      </div>
      <h3>Notifications</h3>
      <div className="field checkbox">
        <label>
          <input type="checkbox" checked={draft.notifications.onFailure} onChange={(e) => set("notifications", { onFailure: e.target.checked })} /> When a backup fails
        </label>
      </div>
      <div className="field checkbox">
        <label>
          <input type="checkbox" checked={draft.notifications.onSuccess} onChange={(e) => set("notifications", { onSuccess: e.target.checked })} /> When a backup succeeds
        </label>
      </div>
      <NumberField label="Warn when no backup for (hours)" value={draft.notifications.whenStaleHours} min={1} max={2160} onChange={(n) => set("notifications", { whenStaleHours: n })} />
      <ErrorNote message={error} />
      <OkNote message={note} />
      <button type="submit">Save settings</button>
    </form>
  );
}

function About() {
  const id = useId();
  const [about, setAbout] = useState<AboutView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call("app:about", {}).then(setAbout, (e: unknown) => setError(errorText(e)));
  }, []);
  return (
    <section aria-labelledby={`${id}-h`} className="card">
      <h2 id={`${id}-h`}>About</h2>
      <ErrorNote message={error} />
      {about ? (
        <>
          <p>Lifeboat {about.version}</p>
          <dl className="facts">
            {Object.entries(about.versions).map(([k, v]) => (
              <div key={k} className="fact-row">
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
          <details>
            <summary>Open-source licences ({about.licences.length})</summary>
            <table className="table small">
              <caption className="visually-hidden">Licences of the libraries Lifeboat uses</caption>
              <thead>
                <tr>
                  <th scope="col">Library</th>
                  <th scope="col">Version</th>
                  <th scope="col">Licence</th>
                </tr>
              </thead>
              <tbody>
                {about.licences.map((l) => (
                  <tr key={`${l.name}@${l.version}`}>
                    <td>{l.name}</td>
                    <td>{l.version}</td>
                    <td>{l.license}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      ) : null}
    </section>
  );
}
