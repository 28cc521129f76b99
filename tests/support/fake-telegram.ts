import { startFakeHttp, type RecordedRequest } from "./fake-http";

/**
 * A local Telegram Bot API: `getUpdates` hands out the updates queued with `say` (above the
 * offset asked for, as Telegram does), `sendMessage` takes every message; every request is
 * recorded; `set("503" | "refuse" | "up")` plays an outage. Point TELEGRAM_API_URL at `url`.
 */
export async function startFakeTelegram(token = "TEST-TOKEN") {
  const updates: { update_id: number; message: { chat: { id: number }; text: string } }[] = [];
  let nextId = 1000;
  const fake = await startFakeHttp((req: RecordedRequest) => {
    if (!req.url.startsWith(`/bot${token}/`)) return { status: 401, json: { ok: false, description: "Unauthorized" } };
    const method = req.url.slice(`/bot${token}/`.length);
    const payload = JSON.parse(req.body || "{}") as { offset?: number };
    if (method === "getUpdates")
      return { status: 200, json: { ok: true, result: updates.filter((u) => u.update_id >= (payload.offset ?? 0)) } };
    if (method === "sendMessage") return { status: 200, json: { ok: true, result: { message_id: 1 } } };
    return { status: 404, json: { ok: false, description: "Not Found" } };
  });
  return {
    ...fake,
    get url() {
      return fake.url;
    },
    /** A person writes `text` to the bot from chat `chatId`. */
    say(chatId: number, text: string) {
      updates.push({ update_id: nextId++, message: { chat: { id: chatId }, text } });
    },
    /** The messages the bot took for sending, parsed. */
    sent: () =>
      fake
        .accepted()
        .filter((r) => r.url.endsWith("/sendMessage"))
        .map((r) => JSON.parse(r.body) as { chat_id: string; text: string }),
  };
}
