import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ladderFor } from "../../app/content/escalation";
import { isSchoolHours } from "../../app/domain/escalation/school-hours";
import { mailText, startSmtpSink } from "../support/smtp-sink";
import { SCHOOL, startServer, type RunningServer } from "./support";

// The real server's own timer (scripts/serve.ts, primary process, workers on both cores) climbs
// the ladder of an urgent report sent over HTTP and mails the people on its first rung.
let server: RunningServer;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;

beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startServer({ env: { ESCALATION_INTERVAL_SECONDS: "1", SMTP_URL: sink.url, MAIL_FROM: "Senim <senim@test.invalid>", WEB_CONCURRENCY: "2" } });
});
afterAll(async () => {
  await server?.stop();
  await sink?.stop();
});

test("an urgent report reaches its first rung by the server's timer, in the app and by mail, once", async () => {
  const words = `I have a plan to end it ${Date.now()}`;
  const sentAt = new Date();
  const res = await fetch(`${server.baseUrl}/r/${SCHOOL}?lang=en`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ reporterRole: "self", categories: "suicide_self_harm", location: "online", frequency: "once", since: "days", description: words }).toString(),
  });
  expect(res.status).toBe(200);
  // Which rung comes first depends on the hour the test runs at.
  const expected = isSchoolHours(ladderFor("akmola"), sentAt) ? ["psychologist@demo.senim.kz", "teacher@demo.senim.kz"] : ["district@demo.senim.kz"];
  const deadline = Date.now() + 20_000;
  while (sink.received.length < expected.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  expect(sink.received.map((m) => m.to).flat().sort()).toEqual(expected);
  for (const m of sink.received) expect(mailText(m.raw)).not.toContain(words);

  // A few more ticks: nothing is sent twice.
  await new Promise((r) => setTimeout(r, 2_500));
  expect(sink.received).toHaveLength(expected.length);
  const db = new SQLite(path.join(server.dataDir, "akmola.sqlite"), { readonly: true });
  try {
    const rows = db.prepare("select count(*) as n from notifications").get() as { n: number };
    expect(rows.n).toBe(expected.length);
  } finally {
    db.close();
  }
  expect(server.log()).not.toContain("Email is not configured");
}, 60_000);
