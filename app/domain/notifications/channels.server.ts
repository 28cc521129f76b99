import { createHash, randomInt } from "node:crypto";
import type { RegionDb } from "../../../db/regions.server";
import type { Channel, Language } from "../../../db/schema";
import type { StaffSession } from "../auth/sessions.server";
import { translate } from "~/i18n/i18n";
import { CHANNELS, chosenChannels, configuredChannels } from "./deliveries.server";
import type { TelegramBot } from "./telegram.server";

/** A link code lives long enough to open Telegram on a phone, not longer. */
export const LINK_CODE_MINUTES = 15;
// No 0/O, 1/I: the code may be typed. 8 of 32 signs are 40 bits: not guessable through a bot in 15 minutes.
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const hashCode = (code: string) => createHash("sha256").update(code).digest("hex");

/** The signed-in person whose own channels these are. */
type Own = Pick<StaffSession, "db" | "user">;

/** What /staff/account shows of a person's channels. */
export async function channelSettings({ db, user: { id: userId } }: Own, env: Record<string, string | undefined> = process.env) {
  const user = await db
    .selectFrom("users")
    .select(["phone", "channels", "telegram_chat_id"])
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  const configured = configuredChannels(env);
  return {
    options: CHANNELS.map((channel) => ({
      channel,
      chosen: chosenChannels(user.channels).includes(channel),
      configured: configured.includes(channel),
      // Chosen but not deliverable until the person gives the address.
      missing: (channel === "sms" && !user.phone.trim()) || (channel === "telegram" && !user.telegram_chat_id),
    })),
    telegram: configured.includes("telegram")
      ? { linked: user.telegram_chat_id !== "", botName: (env.TELEGRAM_BOT_NAME ?? "").replace(/^@/, ""), codeMinutes: LINK_CODE_MINUTES }
      : null,
  };
}

/** Saves the person's choice; undefined when the form names a channel there is not. */
export async function chooseChannels({ db, user: { id: userId } }: Own, values: string[]): Promise<Channel[] | undefined> {
  if (values.some((v) => !(CHANNELS as readonly string[]).includes(v))) return undefined;
  const chosen = CHANNELS.filter((c) => values.includes(c));
  await db
    .updateTable("users")
    .set({ channels: chosen.join(",") })
    .where("id", "=", userId)
    .execute();
  return chosen;
}

/** A new one-time code for linking Telegram (an earlier one stops working); only its hash is kept. */
export async function startTelegramLink({ db, user: { id: userId } }: Own, now: Date): Promise<string> {
  const code = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  const row = { code_hash: hashCode(code), expires_at: new Date(now.getTime() + LINK_CODE_MINUTES * 60_000).toISOString() };
  await db
    .insertInto("telegram_link_codes")
    .values({ user_id: userId, ...row })
    .onConflict((oc) => oc.column("user_id").doUpdateSet(row))
    .execute();
  return code;
}

export async function unlinkTelegram({ db, user: { id: userId } }: Own): Promise<void> {
  await db.transaction().execute(async (tx) => {
    // What still waits for the chat no longer goes there.
    const user = await tx.selectFrom("users").select("telegram_chat_id").where("id", "=", userId).executeTakeFirst();
    if (user?.telegram_chat_id) {
      await tx
        .deleteFrom("outbox")
        .where("channel", "=", "telegram")
        .where("sent_at", "is", null)
        .where("to_address", "=", user.telegram_chat_id)
        .execute();
    }
    await tx.updateTable("users").set({ telegram_chat_id: "" }).where("id", "=", userId).execute();
    await tx.deleteFrom("telegram_link_codes").where("user_id", "=", userId).execute();
  });
}

/** The code in a message to the bot: `/start CODE` (the t.me link) or the code typed alone. */
function codeIn(text: string): string | undefined {
  const match = /^(?:\/start(?:@\w+)?\s+)?([A-Za-z0-9 -]{8,12})$/.exec(text.trim());
  const code = match?.[1]?.replace(/[\s-]/g, "").toUpperCase();
  return code?.length === 8 ? code : undefined;
}

/**
 * Reads what people sent the bot and binds each chat that sent a valid code to the code's
 * account, in whichever region it is, then answers in the bot. The timer calls it each tick,
 * so no public webhook is needed. A code works once.
 */
export async function linkTelegramChats(bot: TelegramBot, dbs: RegionDb[], now: Date): Promise<number> {
  let linked = 0;
  for (const update of await bot.updates()) {
    const chatId = update.message?.chat?.id;
    const text = update.message?.text;
    if (chatId === undefined || typeof text !== "string") continue;
    const code = codeIn(text);
    let language: Language | undefined;
    if (code) {
      for (const db of dbs) {
        language = await db.transaction().execute(async (tx) => {
          const pending = await tx
            .deleteFrom("telegram_link_codes")
            .where("code_hash", "=", hashCode(code))
            .where("expires_at", ">", now.toISOString())
            .returning("user_id")
            .executeTakeFirst();
          if (!pending) return undefined;
          const user = await tx
            .updateTable("users")
            .set({ telegram_chat_id: String(chatId) })
            .where("id", "=", pending.user_id)
            .returning("language")
            .executeTakeFirstOrThrow();
          return user.language;
        });
        if (language) break;
      }
    }
    if (language) linked++;
    // The bot cannot know the language of a stranger's chat: the refusal in all three.
    const answer = language
      ? translate(language, "channels.telegram.linked")
      : (["kk", "ru", "en"] as const).map((l) => translate(l, "channels.telegram.unknown")).join("\n");
    await bot
      .send({ chatId: String(chatId), text: answer })
      .catch((error: Error) => console.error(`Telegram answer failed: ${error.message}`));
  }
  return linked;
}
