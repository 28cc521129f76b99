import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

// What every benchmark needs to run the real server: the repository, its CLI scripts, the
// entry `npm start` names, and a free port.
export const root = path.resolve(import.meta.dirname, "../..");

export function runNode(script: string, env: Record<string, string>) {
  const r = spawnSync(process.execPath, ["--import", "tsx", script], { cwd: root, env: { ...process.env, ...env }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${script} failed (${r.status}):\n${r.stdout}${r.stderr}`);
}

/** The server entry `npm start` runs (e.g. `NODE_ENV=production tsx scripts/serve.ts`). */
export function serverEntry(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts?: Record<string, string> };
  const entry = /\btsx\s+(\S+\.ts)\b/.exec(pkg.scripts?.start ?? "")?.[1];
  if (!entry || !fs.existsSync(path.join(root, entry))) throw new Error(`Cannot find the server entry in "start": ${pkg.scripts?.start}`);
  return entry;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
