import { minuteIso } from "~/domain/calendar/local-date";
import type { Transaction } from "kysely";
import type { RegionDb } from "../../../db/regions.server";
import type { Channel, Database } from "../../../db/schema";
import { mailerFromEnv, type Mailer } from "./mail.server";
import { smsGatewayFromEnv, type SmsGateway } from "./sms.server";
import { telegramBotFromEnv, type TelegramBot } from "./telegram.server";

export const CHANNELS: readonly Channel[] = ["email", "sms", "telegram"];

/** How this server reaches people outside the app; a channel without its sender is off. */
export type Senders = { email?: Mailer; sms?: SmsGateway; telegram?: TelegramBot };

export function sendersFromEnv(env: Record<string, string | undefined> = process.env): Senders {
  return { email: mailerFromEnv(env), sms: smsGatewayFromEnv(env), telegram: telegramBotFromEnv(env) };
}

export const channelsOf = (senders: Senders): Channel[] => CHANNELS.filter((c) => senders[c] !== undefined);

/** The channels the environment configures, without opening any connection (for pages). */
export function configuredChannels(env: Record<string, string | undefined> = process.env): Channel[] {
  return CHANNELS.filter((c) =>
    c === "email" ? !!(env.SMTP_URL || env.SMTP_HOST) : c === "sms" ? !!env.SMS_GATEWAY_URL : !!env.TELEGRAM_BOT_TOKEN,
  );
}

/** A person's chosen channels; never having chosen means all of them (each still needs its address). */
export function chosenChannels(stored: string | null): Channel[] {
  if (stored === null) return [...CHANNELS];
  return CHANNELS.filter((c) => stored.split(",").includes(c));
}

/**
 * What goes out: `subject` and `body` by e-mail and Telegram, `sms` (short) by SMS; without
 * `sms` the message is not worth a text (the digest). Never a child's words or names.
 */
export type OutgoingMessage = { subject: string; body: string; sms?: string };

/**
 * Puts one outbox row per channel the person chose, this server sends on, and they have an
 * address for (a phone, a linked Telegram chat). Unique per notification (or digest) and
 * channel, so a replayed rung sends nothing twice. In-app notifications are not here: they always stay.
 */
export async function queueDeliveries(
  tx: Transaction<Database>,
  {
    notificationId,
    digestId,
    user,
    message,
    channels,
    now,
  }: {
    notificationId?: number;
    digestId?: number;
    user: { id: number };
    message: OutgoingMessage;
    channels: readonly Channel[];
    now: Date;
  },
): Promise<number> {
  if (channels.length === 0) return 0;
  const person = await tx
    .selectFrom("users")
    .select(["email", "phone", "telegram_chat_id", "channels"])
    .where("id", "=", user.id)
    .executeTakeFirst();
  if (!person) return 0;
  const address: Record<Channel, string> = {
    email: person.email,
    sms: message.sms === undefined ? "" : person.phone.trim(),
    telegram: person.telegram_chat_id,
  };
  const at = minuteIso(now);
  let queued = 0;
  for (const channel of chosenChannels(person.channels)) {
    if (!channels.includes(channel) || !address[channel]) continue;
    const inserted = await tx
      .insertInto("outbox")
      .values({
        channel,
        notification_id: notificationId ?? null,
        digest_id: digestId ?? null,
        to_address: address[channel],
        subject: channel === "email" ? message.subject : "",
        body: channel === "email" ? message.body : channel === "sms" ? message.sms! : `${message.subject}\n\n${message.body}`,
        created_at: at,
        next_attempt_at: at,
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    queued += Number(inserted.numInsertedOrUpdatedRows ?? 0);
  }
  return queued;
}

/** Waits after a failed attempt: 1, 2, 4 … minutes, at most 15, so a short outage costs little. */
function retryDelayMs(attempts: number): number {
  return Math.min(15, 2 ** Math.max(0, attempts - 1)) * 60_000;
}

async function sendOne(senders: Senders, row: { channel: Channel; to_address: string; subject: string; body: string }): Promise<void> {
  if (row.channel === "email") return senders.email!.send({ to: row.to_address, subject: row.subject, text: row.body });
  if (row.channel === "sms") return senders.sms!.send({ to: row.to_address, text: row.body });
  return senders.telegram!.send({ chatId: row.to_address, text: row.body });
}

/**
 * Sends the outbox's due messages, oldest first, one at a time, on every channel this server
 * has a sender for (the others wait). A message is marked sent as soon as the provider took it,
 * so it is never sent again; a failure keeps it for a later attempt, and the channel rests
 * until then (the provider is likely down) while the other channels go on. Only one process
 * drains (the one that runs the ladder), so no two attempts overlap.
 */
export async function drainOutbox(db: RegionDb, senders: Senders, now: Date): Promise<{ sent: number; failed: number }> {
  const channels = channelsOf(senders);
  if (channels.length === 0) return { sent: 0, failed: 0 };
  const due = await db
    .selectFrom("outbox")
    .select(["id", "channel", "to_address", "subject", "body", "attempts"])
    .where("sent_at", "is", null)
    .where("next_attempt_at", "<=", now.toISOString())
    .where("channel", "in", channels)
    .orderBy("id")
    .limit(100)
    .execute();
  let sent = 0;
  let failed = 0;
  const down = new Set<Channel>();
  for (const row of due) {
    if (down.has(row.channel)) continue;
    try {
      await sendOne(senders, row);
      await db
        .updateTable("outbox")
        .set({ sent_at: minuteIso(new Date()), attempts: row.attempts + 1, last_error: "" })
        .where("id", "=", row.id)
        .execute();
      sent++;
    } catch (error) {
      const attempts = row.attempts + 1;
      await db
        .updateTable("outbox")
        .set({
          attempts,
          next_attempt_at: minuteIso(new Date(now.getTime() + retryDelayMs(attempts))),
          last_error: String((error as Error).message ?? error).slice(0, 300),
        })
        .where("id", "=", row.id)
        .execute();
      failed++;
      down.add(row.channel);
    }
  }
  return { sent, failed };
}
