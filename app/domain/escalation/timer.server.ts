import { schoolNow } from "~/domain/calendar/local-date";
import { openExistingRegions, openRegions } from "../../../db/regions.server";
import { prepareDailyDigests } from "../notifications/digests.server";
import { linkTelegramChats } from "../notifications/channels.server";
import { channelsOf, drainOutbox, type Senders } from "../notifications/deliveries.server";
import { runEscalation } from "./escalation.server";

/**
 * The ladder's timer: every `intervalMs` one step of every region's ladder at the school
 * clock's now, the morning's digests once a day, then the outbox on every configured channel
 * (and the Telegram bot's messages, for linking chats). Its state is in the databases, so this process can die
 * and the next one resumes. Run it in exactly one process (scripts/serve.ts: the primary).
 */
export function startEscalationTimer({ intervalMs, senders }: { intervalMs: number; senders: Senders }): () => void {
  let running = false;
  const channels = channelsOf(senders);
  const tick = async () => {
    if (running) return; // a slow provider must not stack ticks
    running = true;
    try {
      await openExistingRegions(); // regions created since start-up join in
      const regions = await openRegions();
      for (const { code, db } of regions) {
        try {
          await runEscalation({ db, region: code }, schoolNow(), { channels });
          await prepareDailyDigests({ db, region: code }, schoolNow(), { channels });
        } catch (error) {
          console.error(`Escalation ladder of ${code} failed this round: ${(error as Error).message}`);
        }
      }
      // Every region's ladder first: a provider that hangs delays messages, never another region's rung.
      for (const { code, db } of regions) {
        await drainOutbox(db, senders, schoolNow()).catch((error: Error) =>
          console.error(`The outbox of ${code} failed this round: ${error.message}`),
        );
      }
      // After the ladder, which must not wait on Telegram; a failure here only delays linking.
      if (senders.telegram) {
        await linkTelegramChats(
          senders.telegram,
          regions.map((r) => r.db),
          schoolNow(),
        ).catch((error: Error) => console.error(`Telegram updates failed this round: ${error.message}`));
      }
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  void tick();
  return () => clearInterval(timer);
}
