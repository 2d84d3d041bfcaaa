import { useEffect, useId, useState } from "react";
import { AddAccount } from "../components/add-account.js";
import { ErrorNote } from "../components/error-note.js";
import { PassphraseFields, passphraseReady } from "../components/passphrase-fields.js";
import { PathField } from "../components/path-field.js";
import { SaveKit } from "../components/save-kit.js";
import { call, errorText } from "../lib/api.js";
import { setAppState, setState } from "../state/store.js";
import { NO_SOURCES, useStore } from "../state/use-store.js";

type Step = "choose" | "create" | "open" | "key" | "accounts";

const STEPS: Array<{ step: Step; label: string }> = [
  { step: "create", label: "Create the archive" },
  { step: "key", label: "Recovery key" },
  { step: "accounts", label: "Add accounts" },
];

/** The first run: create (or open) an archive, keep the recovery key, add the first accounts. */
export function FirstRunScreen() {
  const [step, setStep] = useState<Step>("choose");
  const [recoveryKey, setRecoveryKey] = useState("");
  return (
    <main className="first-run" id="main">
      <h1>Welcome to Lifeboat</h1>
      {step !== "choose" && step !== "open" ? (
        <ol className="stepper" aria-label="Setup steps">
          {STEPS.map((s) => (
            <li key={s.step} aria-current={s.step === step ? "step" : undefined} className={s.step === step ? "current" : ""}>
              {s.label}
            </li>
          ))}
        </ol>
      ) : null}
      {step === "choose" ? <Choose onCreate={() => setStep("create")} onOpen={() => setStep("open")} /> : null}
      {step === "create" ? (
        <CreateArchive
          onBack={() => setStep("choose")}
          onCreated={(key) => {
            setRecoveryKey(key);
            setStep("key");
          }}
        />
      ) : null}
      {step === "open" ? <OpenArchive onBack={() => setStep("choose")} /> : null}
      {step === "key" ? <RecoveryKeyStep recoveryKey={recoveryKey} onDone={() => setStep("accounts")} /> : null}
      {step === "accounts" ? <AccountsStep /> : null}
    </main>
  );
}

function Choose({ onCreate, onOpen }: { onCreate: () => void; onOpen: () => void }) {
  return (
    <section aria-labelledby="choose-h">
      <h2 id="choose-h">Keep a copy of your accounts on your own disk</h2>
      <p>Lifeboat copies your mail, calendars, contacts, files and keys into one encrypted archive that only your passphrase opens.</p>
      <div className="actions">
        <button type="button" onClick={onCreate}>
          Create a new archive
        </button>
        <button type="button" className="secondary" onClick={onOpen}>
          Open an existing archive
        </button>
      </div>
    </section>
  );
}

function CreateArchive({ onBack, onCreated }: { onBack: () => void; onCreated: (key: string) => void }) {
  const id = useId();
  const [path, setPath] = useState("");
  const [pass, setPass] = useState("");
  const [again, setAgain] = useState("");
  const [remember, setRemember] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call("archive:default-path", {}).then(
      (r) => setPath((p) => p || r.path),
      (e: unknown) => setError(errorText(e)),
    );
  }, []);
  const ready = path.trim() !== "" && passphraseReady(pass, again);
  const create = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const r = await call("archive:create", { path: path.trim(), passphrase: pass, remember });
      onCreated(r.recoveryKey);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Create the archive</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) void create();
        }}
      >
        <PathField label="Where to keep the archive" value={path} onChange={setPath} mode="folder" help="A folder on this computer or an external disk. It will hold only encrypted files." />
        <PassphraseFields value={pass} again={again} onChange={(a, b) => (setPass(a), setAgain(b))} />
        <div className="field checkbox">
          <label>
            <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} /> Remember the passphrase in this computer’s keychain (backups run without asking)
          </label>
        </div>
        <ErrorNote message={error} />
        <div className="actions">
          <button type="button" className="secondary" onClick={onBack}>
            Back
          </button>
          <button type="submit" disabled={!ready || busy}>
            {busy ? "Creating…" : "Create archive"}
          </button>
        </div>
        {busy ? <p role="status">Creating the archive and its keys…</p> : null}
      </form>
    </section>
  );
}

function OpenArchive({ onBack }: { onBack: () => void }) {
  const [path, setPath] = useState("");
  const [error, setError] = useState<string | null>(null);
  const open = async (): Promise<void> => {
    setError(null);
    try {
      setState({ onboarding: false });
      setAppState(await call("archive:open", { path: path.trim() }));
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <section aria-labelledby="open-h">
      <h2 id="open-h">Open an existing archive</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void open();
        }}
      >
        <PathField label="The archive’s folder" value={path} onChange={setPath} mode="folder" />
        <ErrorNote message={error} />
        <div className="actions">
          <button type="button" className="secondary" onClick={onBack}>
            Back
          </button>
          <button type="submit" disabled={!path.trim()}>
            Open
          </button>
        </div>
      </form>
    </section>
  );
}

function RecoveryKeyStep({ recoveryKey, onDone }: { recoveryKey: string; onDone: () => void }) {
  const [confirmed, setConfirmed] = useState(false);
  return (
    <section aria-labelledby="key-h">
      <h2 id="key-h">Your recovery key</h2>
      <p>If you forget the passphrase, this key is the only other way into the archive. It is shown only this once: write it down or save the emergency kit, and keep it away from this computer.</p>
      <p className="recovery-key" data-testid="recovery-key" aria-label="Recovery key">
        {recoveryKey}
      </p>
      <SaveKit recoveryKey={recoveryKey} />
      <div className="field checkbox">
        <label>
          <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} /> I have written it down or saved it
        </label>
      </div>
      <div className="actions">
        <button type="button" disabled={!confirmed} onClick={onDone}>
          Continue
        </button>
      </div>
    </section>
  );
}

function AccountsStep() {
  const sources = useStore((s) => s.app?.sources ?? NO_SOURCES);
  const added = sources.filter((s) => s.type !== "vault");
  return (
    <section aria-labelledby="acc-h">
      <h2 id="acc-h">Add accounts</h2>
      <p>Choose what to keep a copy of. You can add more later under Accounts.</p>
      {added.length > 0 ? (
        <ul className="plain-list" aria-label="Added">
          {added.map((s) => (
            <li key={s.name}>
              ✓ {s.name} <span className="muted">({s.location})</span>
            </li>
          ))}
        </ul>
      ) : null}
      <AddAccount />
      <div className="actions">
        <button type="button" onClick={() => setState({ onboarding: false, screen: "dashboard" })}>
          {added.length > 0 ? "Go to the dashboard" : "Skip for now"}
        </button>
      </div>
    </section>
  );
}
