import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regionDb, type RegionDb } from "../../db/regions.server";
import { seedDemoRegion } from "../../scripts/seed-demo";
import { runEscalation } from "~/domain/escalation/escalation.server";
import { linkTelegramChats } from "~/domain/notifications/channels.server";
import { channelsOf, drainOutbox, sendersFromEnv, type Senders } from "~/domain/notifications/deliveries.server";
import { smsGatewayFromEnv } from "~/domain/notifications/sms.server";
import { hashReceiptCode } from "~/domain/reports/receipt-code.server";
import { en } from "~/i18n/en";
import { kk } from "~/i18n/kk";
import { ru } from "~/i18n/ru";
import { receiptCodeFrom, signIn, startTestApp, validReport, type TestApp } from "../support/app";
import { startFakeSmsGateway } from "../support/fake-sms-gateway";
import { startFakeTelegram } from "../support/fake-telegram";
import { mailText, startSmtpSink } from "../support/smtp-sink";

// Notifications leave the app by e-mail, SMS (an HTTP gateway) and Telegram (the Bot API),
// against local fakes of each: one message a person, rung and channel; retried while a
// provider is down, then sent once; never the child's words or names; Telegram linked by a
// one-time code from /staff/account; the channels chosen on /staff/account.

let app: TestApp;
let db: RegionDb;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let sms: Awaited<ReturnType<typeof startFakeSmsGateway>>;
let telegram: Awaited<ReturnType<typeof startFakeTelegram>>;
let senders: Senders;
const REGION = "akmola";
const SCHOOL = "AK7K3M"; // rung 1: psychologist@ (kk) and deputy teacher@ (ru); rung 2: director school-admin@ (ru)
const TUESDAY_10 = "2026-12-08T05:00:00.000Z";
const later = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000);
const PHONES: Record<string, string> = {
  "psychologist@demo.senim.kz": "+77010000001",
  "teacher@demo.senim.kz": "+77010000002",
  "school-admin@demo.senim.kz": "+77010000003",
};
const PSYCHOLOGIST_CHAT = 4242;
const WORDS = `Мен өзіме зиян келтіргім келеді CHANNEL-WORDS-${Date.now()}`;
const CONTACT = "Дәурен CHANNEL-NAME";

const userOf = (email: string) => db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirstOrThrow();
// A staff page opened with ?lang= also makes it the person's language (the messages' too).
const account = async (cookie: string, form?: Record<string, string | string[]>, lang = "ru") =>
  app.request(`/staff/account?lang=${lang}`, { headers: { cookie }, form });

async function urgentReport(): Promise<number> {
  const res = await app.request(`/r/${SCHOOL}?lang=kk`, {
    form: {
      ...validReport,
      categories: ["suicide_self_harm"],
      description: WORDS,
      contactRequested: "yes",
      contactName: CONTACT,
      contactClass: "7Б",
    },
  });
  expect(res.status).toBe(200);
  const code = receiptCodeFrom(await res.text());
  return (await db.selectFrom("reports").select("id").where("receipt_hash", "=", hashReceiptCode(code)).executeTakeFirstOrThrow()).id;
}
const run = (at: Date) => runEscalation({ db, region: REGION }, at, { channels: channelsOf(senders) });
const outboxOf = (reportId: number) =>
  db
    .selectFrom("outbox")
    .innerJoin("notifications", "notifications.id", "outbox.notification_id")
    .select(["outbox.channel", "outbox.to_address", "outbox.sent_at", "outbox.attempts", "outbox.last_error", "notifications.rung"])
    .where("notifications.report_id", "=", reportId)
    .orderBy("outbox.id")
    .execute();

beforeAll(async () => {
  [sink, sms, telegram] = await Promise.all([startSmtpSink(), startFakeSmsGateway(), startFakeTelegram("TEST-TOKEN")]);
  // The page reads the configuration from the environment, as in production.
  Object.assign(process.env, {
    TELEGRAM_BOT_TOKEN: "TEST-TOKEN",
    TELEGRAM_API_URL: telegram.url,
    TELEGRAM_BOT_NAME: "SenimTestBot",
    SMS_GATEWAY_URL: `${sms.url}/send`,
    SMTP_URL: sink.url,
  });
  senders = sendersFromEnv({
    SMTP_URL: sink.url,
    MAIL_FROM: "Senim <senim@test.invalid>",
    SMS_GATEWAY_URL: `${sms.url}/send?login=senim`,
    SMS_GATEWAY_CONTENT_TYPE: "json",
    SMS_GATEWAY_BODY: '{"recipient":"{to}","message":"{text}","sender":"{from}"}',
    SMS_GATEWAY_AUTH: "Bearer sms-secret",
    SMS_SENDER: "SENIM",
    TELEGRAM_BOT_TOKEN: "TEST-TOKEN",
    TELEGRAM_API_URL: telegram.url,
  });
  app = await startTestApp();
  await seedDemoRegion();
  db = (await regionDb(REGION))!;
  for (const [email, phone] of Object.entries(PHONES)) await db.updateTable("users").set({ phone }).where("email", "=", email).execute();
});
afterAll(async () => {
  senders.email?.close();
  for (const k of ["TELEGRAM_BOT_TOKEN", "TELEGRAM_API_URL", "TELEGRAM_BOT_NAME", "SMS_GATEWAY_URL", "SMTP_URL"]) delete process.env[k];
  await Promise.all([sink.stop(), sms.stop(), telegram.stop()]);
  await app.stop();
});

describe("Telegram linking", () => {
  it("binds the chat that sends the code from /staff/account, once, and the next urgent report arrives there", async () => {
    const cookie = await signIn(app, "psychologist@demo.senim.kz");
    const before = await (await account(cookie, undefined, "kk")).text();
    expect(before).toContain(kk["channels.telegram.isNotLinked"]);

    const shown = await account(cookie, { intent: "telegram-code" }, "kk");
    expect(shown.status).toBe(200);
    const html = await shown.text();
    const code = /class="telegram-code">([A-Z0-9]{8})</.exec(html)?.[1];
    expect(code).toBeDefined();
    expect(html).toContain(`https://t.me/SenimTestBot?start=${code}`);
    // Only the hash is kept.
    const stored = await db.selectFrom("telegram_link_codes").selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(code!);

    telegram.say(777, "/start ZZZZZZZZ"); // a stranger guessing
    telegram.say(PSYCHOLOGIST_CHAT, `/start ${code}`);
    expect(await linkTelegramChats(senders.telegram!, [db], new Date())).toBe(1);
    expect((await userOf("psychologist@demo.senim.kz")).telegram_chat_id).toBe(String(PSYCHOLOGIST_CHAT));
    expect(telegram.sent()).toEqual([
      { chat_id: "777", text: [kk, ru, en].map((d) => d["channels.telegram.unknown"]).join("\n"), disable_web_page_preview: true },
      { chat_id: String(PSYCHOLOGIST_CHAT), text: kk["channels.telegram.linked"], disable_web_page_preview: true },
    ]);
    // The updates are confirmed; the same code again (a replay, another chat) binds nothing.
    telegram.say(999, code!);
    expect(await linkTelegramChats(senders.telegram!, [db], new Date())).toBe(0);
    expect((await userOf("psychologist@demo.senim.kz")).telegram_chat_id).toBe(String(PSYCHOLOGIST_CHAT));
    expect(await (await account(cookie, undefined, "kk")).text()).toContain(kk["channels.telegram.isLinked"]);

    const id = await urgentReport();
    await run(new Date(TUESDAY_10));
    await drainOutbox(db, senders, new Date(TUESDAY_10));
    const alert = telegram
      .sent()
      .filter((m) => m.chat_id === String(PSYCHOLOGIST_CHAT))
      .at(-1)!;
    expect(alert.text).toContain("№1 жалпы білім беретін мектеп (Көкшетау қаласы)");
    expect(alert.text).toContain(`№ ${id}`);
    expect(alert.text).toContain("http://localhost:3000/staff/notifications");
    await db
      .updateTable("escalations")
      .set({ acknowledged_at: TUESDAY_10, next_rung: null, next_at: null })
      .where("report_id", "=", id)
      .execute();
  });
});

describe("delivery on every channel", () => {
  it("sends one message a person, rung and channel; waits while a provider is down, then sends each once; never the words or the name", async () => {
    const sentBefore = { mail: sink.received.length, sms: sms.accepted().length, telegram: telegram.sent().length };
    await sms.set("503");
    await telegram.set("refuse");
    const id = await urgentReport();
    await run(new Date(TUESDAY_10));
    // Rung 1: e-mail and SMS to both, Telegram to the one who linked it.
    expect((await outboxOf(id)).map((o) => `${o.channel}:${o.to_address}`).sort()).toEqual(
      [
        `email:psychologist@demo.senim.kz`,
        `email:teacher@demo.senim.kz`,
        `sms:${PHONES["psychologist@demo.senim.kz"]}`,
        `sms:${PHONES["teacher@demo.senim.kz"]}`,
        `telegram:${PSYCHOLOGIST_CHAT}`,
      ].sort(),
    );
    // E-mail goes; the SMS gateway and Telegram are down: one attempt each, then the channel rests.
    expect(await drainOutbox(db, senders, new Date(TUESDAY_10))).toEqual({ sent: 2, failed: 2 });
    const waiting = (await outboxOf(id)).filter((o) => o.sent_at === null);
    expect(waiting.map((o) => o.channel).sort()).toEqual(["sms", "sms", "telegram"]);
    expect(
      waiting
        .filter((o) => o.attempts === 1)
        .map((o) => o.channel)
        .sort(),
    ).toEqual(["sms", "telegram"]);
    expect(waiting.find((o) => o.attempts === 1 && o.channel === "sms")!.last_error).toContain("503");
    expect(waiting.find((o) => o.channel === "telegram")!.last_error).not.toContain("TEST-TOKEN");
    // Backoff: a failed message waits a minute; the one the resting channel skipped is tried once.
    expect(await drainOutbox(db, senders, later(TUESDAY_10, 0.5))).toEqual({ sent: 0, failed: 1 });
    // Telegram refuses still; the gateway is back.
    await sms.set("up");
    expect(await drainOutbox(db, senders, later(TUESDAY_10, 2))).toEqual({ sent: 2, failed: 1 });
    await telegram.set("up");
    expect(await drainOutbox(db, senders, later(TUESDAY_10, 5))).toEqual({ sent: 1, failed: 0 });
    expect(await drainOutbox(db, senders, later(TUESDAY_10, 60))).toEqual({ sent: 0, failed: 0 });

    // Rung 2 (the director, who has not linked Telegram), and the rung fired again: nothing twice.
    await run(later(TUESDAY_10, 16));
    await db.updateTable("escalations").set({ next_rung: "director", next_at: TUESDAY_10 }).where("report_id", "=", id).execute();
    await run(later(TUESDAY_10, 17));
    expect(
      (await outboxOf(id))
        .filter((o) => o.rung === "director")
        .map((o) => `${o.channel}:${o.to_address}`)
        .sort(),
    ).toEqual(["email:school-admin@demo.senim.kz", `sms:${PHONES["school-admin@demo.senim.kz"]}`]);
    expect(await drainOutbox(db, senders, later(TUESDAY_10, 17))).toEqual({ sent: 2, failed: 0 });

    const smsTaken = sms.accepted().slice(sentBefore.sms);
    expect(smsTaken.map((r) => (JSON.parse(r.body) as { recipient: string }).recipient).sort()).toEqual(Object.values(PHONES).sort());
    for (const r of smsTaken) {
      const body = JSON.parse(r.body) as { recipient: string; message: string; sender: string };
      expect(r.url).toBe("/send?login=senim");
      expect(r.headers.authorization).toBe("Bearer sms-secret");
      expect(body.sender).toBe("SENIM");
      expect(body.message).toContain(`№ ${id}`);
      expect(body.message.length).toBeLessThan(200); // short: a few SMS parts at most
    }
    expect(JSON.parse(smsTaken.find((r) => r.body.includes(PHONES["teacher@demo.senim.kz"]!))!.body).message).toContain(
      "срочное сообщение",
    );
    const telegramTaken = telegram.sent().slice(sentBefore.telegram);
    expect(telegramTaken.map((m) => m.chat_id)).toEqual([String(PSYCHOLOGIST_CHAT)]);
    expect(
      sink.received
        .slice(sentBefore.mail)
        .map((m) => m.to[0])
        .sort(),
    ).toEqual(["psychologist@demo.senim.kz", "school-admin@demo.senim.kz", "teacher@demo.senim.kz"]);

    // Everything either fake or the SMTP sink ever received, this test's and the others'.
    const everything = [
      ...sms.requests.map((r) => r.url + r.body),
      ...telegram.requests.map((r) => r.url + r.body),
      ...sink.received.map((m) => mailText(m.raw)),
    ];
    for (const text of everything) {
      expect(text).not.toContain("CHANNEL-WORDS");
      expect(text).not.toContain("зиян келтіргім");
      expect(text).not.toContain("CHANNEL-NAME");
      expect(text).not.toContain(CONTACT);
    }
  });

  it("speaks GET and form-encoded gateways too, with the placeholders encoded", async () => {
    const gateway = smsGatewayFromEnv({
      SMS_GATEWAY_URL: `${sms.url}/get?to={to}&msg={text}&from={from}`,
      SMS_GATEWAY_METHOD: "GET",
      SMS_SENDER: "Senim KZ",
    })!;
    await gateway.send({ to: "+77010000009", text: "Шұғыл & срочно" });
    const got = sms.requests.at(-1)!;
    expect(got.method).toBe("GET");
    const params = new URL(got.url, "http://x").searchParams;
    expect([params.get("to"), params.get("msg"), params.get("from")]).toEqual(["+77010000009", "Шұғыл & срочно", "Senim KZ"]);

    const form = smsGatewayFromEnv({ SMS_GATEWAY_URL: `${sms.url}/form` })!;
    await form.send({ to: "+77010000009", text: "a=b&c" });
    expect(new URLSearchParams(sms.requests.at(-1)!.body).get("text")).toBe("a=b&c");
    await sms.set("503");
    await expect(form.send({ to: "+77010000009", text: "x" })).rejects.toThrow(/503/);
    await sms.set("up");
  });
});

describe("the channel choice on /staff/account", () => {
  it("is saved by the plain form and decides the channels; in-app notifications stay whatever is chosen", async () => {
    const cookie = await signIn(app, "teacher@demo.senim.kz");
    const page = await (await account(cookie)).text();
    expect(page).toContain(ru["channels.section"]);
    expect(page).toContain(ru["channels.notLinked"]); // Telegram chosen by default, but not linked

    const saved = await account(cookie, { intent: "channels", channel: ["email"] });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain(ru["channels.saved"]);
    expect((await userOf("teacher@demo.senim.kz")).channels).toBe("email");

    const bad = await account(cookie, { intent: "channels", channel: ["email", "fax"] });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain(ru["error.400"]);
    expect((await userOf("teacher@demo.senim.kz")).channels).toBe("email");

    const id = await urgentReport();
    await run(new Date(TUESDAY_10));
    const teacher = (await outboxOf(id)).filter(
      (o) => o.to_address.startsWith("teacher") || o.to_address === PHONES["teacher@demo.senim.kz"],
    );
    expect(teacher.map((o) => o.channel)).toEqual(["email"]);
    await db
      .updateTable("escalations")
      .set({ acknowledged_at: TUESDAY_10, next_rung: null, next_at: null })
      .where("report_id", "=", id)
      .execute();

    // None chosen: nothing leaves the app for her, and she is still notified in it.
    expect((await account(cookie, { intent: "channels" })).status).toBe(200);
    const quiet = await urgentReport();
    await run(new Date(TUESDAY_10));
    const teacherId = (await userOf("teacher@demo.senim.kz")).id;
    expect(
      await db.selectFrom("notifications").select("id").where("report_id", "=", quiet).where("user_id", "=", teacherId).execute(),
    ).toHaveLength(1);
    expect(
      (await outboxOf(quiet)).filter((o) => o.to_address.startsWith("teacher") || o.to_address === PHONES["teacher@demo.senim.kz"]),
    ).toEqual([]);
    await db
      .updateTable("escalations")
      .set({ acknowledged_at: TUESDAY_10, next_rung: null, next_at: null })
      .where("report_id", "=", quiet)
      .execute();
  });

  it("unlinks Telegram: the chat gets nothing more", async () => {
    const cookie = await signIn(app, "psychologist@demo.senim.kz");
    const res = await account(cookie, { intent: "telegram-unlink" }, "kk");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(kk["channels.telegram.unlinked"]);
    expect((await userOf("psychologist@demo.senim.kz")).telegram_chat_id).toBe("");
    const id = await urgentReport();
    await run(new Date(TUESDAY_10));
    expect((await outboxOf(id)).map((o) => o.channel)).not.toContain("telegram");
  });
});

describe("a burst of urgent reports", () => {
  it("gives each person one grouped alert a rung and channel, never the words", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push(await urgentReport());
    // They arrived within a minute of each other, one school day later.
    const at = "2026-12-09T05:00:00.000Z";
    await db.updateTable("reports").set({ submitted_at: at }).where("id", "in", ids).execute();
    const before = { mail: sink.received.length, sms: sms.accepted().length };
    await run(later(at, 1));
    expect(await drainOutbox(db, senders, later(at, 1))).toMatchObject({ failed: 0 });

    const queued = await db
      .selectFrom("outbox")
      .innerJoin("notifications", "notifications.id", "outbox.notification_id")
      .select(["outbox.channel", "outbox.to_address", "outbox.body", "notifications.burst_id"])
      .where("notifications.report_id", "in", ids)
      .execute();
    // The psychologist chose e-mail and SMS (Telegram was unlinked above); the teacher chose none.
    expect(queued.map((o) => `${o.channel}:${o.to_address}`).sort()).toEqual([
      "email:psychologist@demo.senim.kz",
      `sms:${PHONES["psychologist@demo.senim.kz"]}`,
    ]);
    expect(queued.every((o) => o.burst_id !== null)).toBe(true);
    // What the fakes took meanwhile also holds the later rungs of this file's earlier reports.
    const grouped = kk["flood.mail.subject"].split(",")[0]!;
    const smsTaken = sms
      .accepted()
      .slice(before.sms)
      .map((r) => (JSON.parse(r.body) as { message: string }).message);
    expect(smsTaken.filter((m) => m.includes(grouped))).toHaveLength(1);
    const mails = sink.received.slice(before.mail).map((m) => mailText(m.raw));
    const burstMails = mails.filter((m) => m.includes("ағыны болуы мүмкін"));
    expect(burstMails).toHaveLength(1);
    expect(burstMails[0]).toContain(": 6");
    for (const text of [...smsTaken, ...mails]) {
      expect(text).not.toContain("CHANNEL-WORDS");
      expect(text).not.toContain(CONTACT);
    }
  });
});
