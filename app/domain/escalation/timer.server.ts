import { schoolNow } from "~/domain/calendar/local-date";
import { openExistingRegions, openRegions } from "../../../db/regions.server";
import { prepareDailyDigests } from "../notifications/digests.server";
import { drainOutbox, type Mailer } from "../notifications/mail.server";
import { runEscalation } from "./escalation.server";

/**
 * The ladder's timer: every `intervalMs` one step of every region's ladder at the school
 * clock's now, the morning's digests once a day, then the mail outbox. Its state is in the databases, so this process can die
 * and the next one resumes. Run it in exactly one process (scripts/serve.ts: the primary).
 */
export function startEscalationTimer({ intervalMs, mailer }: { intervalMs: number; mailer: Mailer | undefined }): () => void {
  let running = false;
  const tick = async () => {
    if (running) return; // a slow SMTP server must not stack ticks
    running = true;
    try {
      await openExistingRegions(); // regions created since start-up join in
      for (const { code, db } of await openRegions()) {
        try {
          await runEscalation({ db, region: code }, schoolNow(), { queueMail: mailer !== undefined });
          await prepareDailyDigests({ db, region: code }, schoolNow(), { queueMail: mailer !== undefined });
          if (mailer) await drainOutbox(db, mailer, schoolNow());
        } catch (error) {
          console.error(`Escalation ladder of ${code} failed this round: ${(error as Error).message}`);
        }
      }
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  void tick();
  return () => clearInterval(timer);
}
