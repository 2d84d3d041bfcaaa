import { spawn } from "node:child_process";

/**
 * Opens `url` in the user's default browser (xdg-open, open, or start). The URL is always printed
 * as well, because on a machine without a desktop nothing may open; --device-code is the way there.
 */
export async function openInBrowser(url: string, note: (s: string) => void): Promise<void> {
  note(`Opening the Microsoft sign-in page in your browser. If it does not open, visit:\n  ${url}`);
  const [cmd, args] =
    process.platform === "darwin" ? ["open", [url]] : process.platform === "win32" ? ["cmd", ["/c", "start", "", url.replace(/&/g, "^&")]] : ["xdg-open", [url]];
  await new Promise<void>((resolve) => {
    try {
      const child = spawn(cmd, args as string[], { stdio: "ignore", detached: true });
      child.on("error", () => resolve());
      child.on("spawn", () => {
        child.unref();
        resolve();
      });
    } catch {
      resolve();
    }
  });
}
