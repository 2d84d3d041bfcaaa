// "Started by one command": runs the Microsoft identity and Graph emulators from a seed folder
// until Ctrl-C, and prints what a client needs (URLs, the CA file to trust, the accounts).
//
//   node dist/test/emulators/microsoft/emulators-main.js --seed DIR [--ca-out FILE]
//        [--graph-port N] [--identity-port N] [--json]
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startMicrosoftEmulators } from "./start-microsoft-emulators.js";

interface Args {
  seed?: string;
  caOut?: string;
  graphPort?: number;
  identityPort?: number;
  json: boolean;
}

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: emulators-main --seed DIR [--ca-out FILE] [--graph-port N] [--identity-port N] [--json]\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const args: Args = { json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    const port = (): number => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 0 || n > 65535) usage(`${a} needs a port number`);
      return n;
    };
    if (a === "--seed") args.seed = value();
    else if (a === "--ca-out") args.caOut = value();
    else if (a === "--graph-port") args.graphPort = port();
    else if (a === "--identity-port") args.identityPort = port();
    else if (a === "--json") args.json = true;
    else usage(`unknown argument ${a}`);
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!args.seed) usage("--seed DIR is required");
  const emulators = await startMicrosoftEmulators({
    seedDir: path.resolve(args.seed),
    ...(args.graphPort !== undefined ? { graphPort: args.graphPort } : {}),
    ...(args.identityPort !== undefined ? { identityPort: args.identityPort } : {}),
  });
  const caFile = args.caOut ? path.resolve(args.caOut) : path.join(await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-emulators-")), "ca.pem");
  await fsp.writeFile(caFile, emulators.caCertPem, { mode: 0o644 });
  const summary = {
    authority: `${emulators.authorityBase}/common`,
    authorityBase: emulators.authorityBase,
    graph: emulators.graphUrl,
    caFile,
    accounts: emulators.accounts.map((a) => ({ address: a.address, kind: a.kind, password: a.password })),
    notes: emulators.seedReports.flatMap((r) => r.notes.map((n) => `${r.address}: ${n}`)),
  };
  if (args.json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } else {
    const lines = [
      `identity  ${summary.authority}`,
      `graph     ${summary.graph}/v1.0`,
      `CA file   ${caFile}   (trust it: LIFEBOAT_EXTRA_CA_CERTS=${caFile})`,
      ...summary.accounts.map((a) => `account   ${a.address} (${a.kind}) password ${a.password}`),
      ...(summary.notes.length > 0 ? [`seed notes: ${summary.notes.length} (use --json to list them)`] : []),
      "Ctrl-C stops the emulators.",
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  }
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void emulators.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`emulators-main: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
