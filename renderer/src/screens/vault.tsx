import { useCallback, useEffect, useId, useState } from "react";
import type { VaultView } from "../../../shared/app-types.js";
import { BitLockerTable } from "../components/bitlocker-table.js";
import { ErrorNote } from "../components/error-note.js";
import { OtpList } from "../components/otp-list.js";
import { VaultImport } from "../components/vault-import.js";
import { call, errorText } from "../lib/api.js";

export function VaultScreen() {
  const id = useId();
  const [vault, setVault] = useState<VaultView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setVault(await call("vault:get", {}));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <>
      <h1>Vault</h1>
      <p className="muted">Your authenticator codes and BitLocker recovery keys, kept inside the encrypted archive.</p>
      <ErrorNote message={error} />
      {vault === null && !error ? <p role="status">Opening the vault…</p> : null}
      {vault ? (
        <>
          <section aria-labelledby={`${id}-otp`}>
            <h2 id={`${id}-otp`}>Authenticator codes</h2>
            <OtpList accounts={vault.otp} />
          </section>
          <section aria-labelledby={`${id}-bl`}>
            <h2 id={`${id}-bl`}>BitLocker recovery keys</h2>
            <BitLockerTable keys={vault.bitlocker} />
          </section>
        </>
      ) : null}
      <section aria-labelledby={`${id}-imp`}>
        <h2 id={`${id}-imp`}>Import</h2>
        <VaultImport onImported={() => void load()} />
      </section>
    </>
  );
}
