// `npm run ui:preview`: the app in a browser, against the emulated demo accounts. Prints the URL
// (with its one-time token) and the demo passphrase; Ctrl-C closes everything.
import { startTestApp } from "./test-app.js";

const fresh = process.argv.includes("--fresh");
const sizeArg = process.argv.find((a) => a.startsWith("--mailbox-size="));
const mailboxSize = sizeArg ? Number(sizeArg.split("=")[1]) : undefined;

process.stderr.write(fresh ? "Starting a first-run preview (no archive yet)...\n" : "Starting the preview: creating an archive, signing in to both demo accounts, first backup...\n");
const app = await startTestApp({ fresh, ...(mailboxSize ? { mailboxSize } : {}) });
process.stdout.write(
  [
    "",
    `Lifeboat UI preview: ${app.url}`,
    `Demo passphrase:     ${app.passphrase}`,
    ...(app.recoveryKey ? [`Recovery key:        ${app.recoveryKey}`] : []),
    ...(app.archivePath ? [`Archive:             ${app.archivePath}`] : []),
    `App home:            ${app.home}`,
    "Press Ctrl-C to stop.",
    "",
  ].join("\n"),
);

let closing = false;
const stop = (): void => {
  if (closing) return;
  closing = true;
  process.stderr.write("\nClosing...\n");
  app.close().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`${String(err)}\n`);
      process.exit(1);
    },
  );
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
