import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type SunkMail = { to: string[]; raw: string };

/**
 * A local SMTP server that keeps what it receives, for tests of the mail outbox. `stop()` then
 * `start()` again on the same port plays an SMTP outage.
 */
export async function startSmtpSink(port = 0) {
  const received: SunkMail[] = [];
  let server: SMTPServer | undefined;
  let boundPort = port;
  const start = async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server!.once("error", reject);
      server!.listen(boundPort, "127.0.0.1", () => resolve());
    });
    boundPort = (server.server.address() as AddressInfo).port;
  };
  const stop = () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await start();
  return {
    received,
    start,
    stop,
    get url() {
      return `smtp://127.0.0.1:${boundPort}`;
    },
  };
}

/** The decoded text of a sunk mail (nodemailer sends UTF-8 text as quoted-printable or base64). */
export function mailText(raw: string): string {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join("\n\n");
  if (/content-transfer-encoding:\s*base64/i.test(head ?? "")) return Buffer.from(body.replace(/\s/g, ""), "base64").toString("utf8");
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head ?? "")) {
    const soft = body.replace(/=\r?\n/g, "");
    return Buffer.from(
      soft.replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
      "latin1",
    ).toString("utf8");
  }
  return body;
}
