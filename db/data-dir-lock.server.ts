import fs from "node:fs";
import path from "node:path";
import { dataDir } from "./data-dir";

/**
 * One holder of a data directory at a time: the server (its primary process) or a restore.
 * `DATA_DIR/senim.lock` holds the holder's pid and what it does. A holder killed with -9 leaves
 * the file behind; its pid is then dead and the next holder takes the lock over, so a crash
 * never locks the data away. (A pid reused by an unrelated process keeps it: the message says
 * which pid and which file, to check and delete.)
 */
export class DataDirLocked extends Error {}

export function lockFile(): string {
  return path.join(dataDir(), "senim.lock");
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  // A holder killed with -9 can linger as a zombie where nothing reaps orphans (a container's
  // pid 1): signal 0 still reaches it, but it holds nothing.
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

/** The live holder other than this process, if any. */
export function lockHolder(): { pid: number; purpose: string } | undefined {
  try {
    const [pid, purpose = "?"] = fs.readFileSync(lockFile(), "utf8").trim().split(" ");
    const n = Number(pid);
    return Number.isSafeInteger(n) && n > 0 && n !== process.pid && alive(n) ? { pid: n, purpose } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the lock or throws DataDirLocked naming the holder; returns the release. A data
 * directory that cannot be written cannot be locked: that is said once and not fatal (the
 * server must still answer, with /healthz naming the read-only region; a restore could not write there either).
 */
export function lockDataDir(purpose: "server" | "restore"): () => void {
  const file = lockFile();
  for (let attempt = 0; attempt < 3; attempt++) {
    const holder = lockHolder();
    if (holder) {
      throw new DataDirLocked(
        `${dataDir()} is in use by a Senim ${holder.purpose} (pid ${holder.pid}). Stop it first` +
          (purpose === "restore" ? " (a restore under a running server loses every report acknowledged after it)." : ".") +
          ` If no such process is Senim, delete ${file}.`,
      );
    }
    try {
      fs.rmSync(file, { force: true }); // a dead holder's
      fs.writeFileSync(file, `${process.pid} ${purpose}\n`, { flag: "wx", mode: 0o600 });
      const release = () => {
        if (fs.existsSync(file) && fs.readFileSync(file, "utf8").startsWith(`${process.pid} `)) fs.rmSync(file, { force: true });
      };
      process.on("exit", release);
      return release;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EEXIST") continue; // another one took it between the check and the write: look again
      if (code === "ENOENT") fs.mkdirSync(dataDir(), { recursive: true });
      else {
        console.error(`Senim: cannot write the lock ${file} (${code}): restores cannot see that this server runs.`);
        return () => {};
      }
    }
  }
  throw new DataDirLocked(`Could not take the lock ${file}; try again.`);
}
