import nodemailer, { type Transporter } from "nodemailer";
import type { RegionDb } from "../../../db/regions.server";

export type OutgoingMail = { to: string; subject: string; text: string };
export type Mailer = { send: (mail: OutgoingMail) => Promise<void>; close: () => void };

/**
 * The SMTP transport the environment configures: SMTP_URL (smtp:// or smtps://), or SMTP_HOST
 * with SMTP_PORT, SMTP_USER, SMTP_PASS; MAIL_FROM is the sender. Undefined when none is set:
 * notifications are then in-app only.
 */
export function mailerFromEnv(env: Record<string, string | undefined> = process.env): Mailer | undefined {
  // Timeouts, so an unanswering server costs the timer seconds, not minutes.
  const timeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };
  let transport: Transporter;
  if (env.SMTP_URL) transport = nodemailer.createTransport({ url: env.SMTP_URL, ...timeouts });
  else if (env.SMTP_HOST) {
    const port = Number(env.SMTP_PORT ?? 587);
    transport = nodemailer.createTransport({
      host: env.SMTP_HOST,
      port,
      secure: port === 465,
      auth: env.SMTP_USER ? { user: env.SMTP_USER, pass: env.SMTP_PASS ?? "" } : undefined,
      ...timeouts,
    });
  } else return undefined;
  const from = env.MAIL_FROM ?? "Senim <no-reply@senim.invalid>";
  return {
    send: async (mail) => {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close: () => transport.close(),
  };
}

/** Waits after a failed attempt: 1, 2, 4 … minutes, at most 15, so a short SMTP outage costs little. */
function retryDelayMs(attempts: number): number {
  return Math.min(15, 2 ** Math.max(0, attempts - 1)) * 60_000;
}

/**
 * Sends the outbox's due mails, oldest first, one at a time. A mail is marked sent as soon as
 * the SMTP server took it, so it is never sent again; a failure keeps it for a later attempt.
 * Only one process drains (the one that runs the ladder), so no two attempts overlap.
 */
export async function drainOutbox(db: RegionDb, mailer: Mailer, now: Date): Promise<{ sent: number; failed: number }> {
  const due = await db
    .selectFrom("mail_outbox")
    .select(["id", "to_address", "subject", "body", "attempts"])
    .where("sent_at", "is", null)
    .where("next_attempt_at", "<=", now.toISOString())
    .orderBy("id")
    .limit(100)
    .execute();
  let sent = 0;
  let failed = 0;
  for (const mail of due) {
    try {
      await mailer.send({ to: mail.to_address, subject: mail.subject, text: mail.body });
      await db.updateTable("mail_outbox").set({ sent_at: new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString(), attempts: mail.attempts + 1, last_error: "" }).where("id", "=", mail.id).execute();
      sent++;
    } catch (error) {
      const attempts = mail.attempts + 1;
      await db
        .updateTable("mail_outbox")
        .set({ attempts, next_attempt_at: new Date(Math.floor((now.getTime() + retryDelayMs(attempts)) / 60_000) * 60_000).toISOString(), last_error: String((error as Error).message ?? error).slice(0, 300) })
        .where("id", "=", mail.id)
        .execute();
      failed++;
      // The server is likely down: the rest would fail the same way, wait for the next attempt.
      break;
    }
  }
  return { sent, failed };
}
