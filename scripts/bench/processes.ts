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

/** How `npm start` (package.json's `start` script) runs the compiled server: Node's flags, then the entry. */
export function serverEntry(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts?: Record<string, string> };
  const command = /\bnode((?:\s+--\S+)*)\s+(\S+\.js)\b/.exec(pkg.scripts?.start ?? "");
  if (!command) throw new Error(`Cannot find the server entry in "start": ${pkg.scripts?.start}`);
  const entry = command[2]!;
  if (!fs.existsSync(path.join(root, entry))) throw new Error(`No production build at ${entry}: run \`npm run build\` first.`);
  return [...command[1]!.trim().split(/\s+/).filter(Boolean), entry];
}

/** Node's arguments to run a script: TypeScript through tsx (the CLI scripts), compiled JavaScript as is (the server). */
export function nodeArgs(script: string | string[]): string[] {
  if (Array.isArray(script)) return script;
  return script.endsWith(".ts") ? ["--import", "tsx", script] : [script];
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
