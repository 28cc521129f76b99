import nodemailer, { type Transporter } from "nodemailer";

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
