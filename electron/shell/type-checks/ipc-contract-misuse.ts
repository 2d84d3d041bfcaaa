/**
 * Never run, only typechecked (tsconfig.shell.json): each misuse below must be a type error, so
 * `@ts-expect-error` fails the typecheck the day the contract stops catching it.
 */
import type { LifeboatApi } from "../../../shared/app-api.js";

export async function contractRejectsMisuse(api: LifeboatApi): Promise<string> {
  // @ts-expect-error a string where backup:start takes { sources?: string[] }
  await api.invoke("backup:start", "yahoo");
  // @ts-expect-error a channel the contract does not have
  await api.invoke("shell:open-path", { path: "/etc/passwd" });
  // @ts-expect-error a key the request does not have
  await api.invoke("archive:unlock", { passphrase: "x", remember: false, admin: true });
  // @ts-expect-error an event the engine never sends
  api.on("ipc-raw", () => undefined);
  // @ts-expect-error the answer's type is checked too: default-path answers { path: string }
  const wrong: number = (await api.invoke("archive:default-path", {})).path;
  void wrong;
  // A correct call compiles, and its answer is typed.
  return (await api.invoke("archive:default-path", {})).path;
}
