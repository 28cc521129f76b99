export type TelegramUpdate = { update_id: number; message?: { chat?: { id?: number | string }; text?: string } };

export type TelegramBot = {
  /** The bot's @name, shown on /staff/account for linking; '' when TELEGRAM_BOT_NAME is not set. */
  name: string;
  send: (message: { chatId: string; text: string }) => Promise<void>;
  /** The messages people sent the bot since the last call (the Bot API's getUpdates, no webhook needed). */
  updates: () => Promise<TelegramUpdate[]>;
};

/**
 * The Telegram bot the environment configures: TELEGRAM_BOT_TOKEN, TELEGRAM_BOT_NAME (its
 * username, for the t.me link), TELEGRAM_API_URL (https://api.telegram.org; tests point it at a
 * fake). Undefined without a token.
 */
export function telegramBotFromEnv(env: Record<string, string | undefined> = process.env): TelegramBot | undefined {
  const token = env.TELEGRAM_BOT_TOKEN;
  if (!token) return undefined;
  const base = `${(env.TELEGRAM_API_URL ?? "https://api.telegram.org").replace(/\/$/, "")}/bot${token}`;
  const call = async (method: string, payload: object) => {
    const res = await fetch(`${base}/${method}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(15_000),
    });
    const answer = (await res.json().catch(() => ({}))) as { ok?: boolean; result?: unknown; description?: string };
    // Never the token in an error: it ends up in the outbox's last_error and the logs.
    if (!res.ok || !answer.ok)
      throw new Error(`Telegram ${method} answered ${res.status} ${String(answer.description ?? "").slice(0, 100)}`);
    return answer.result;
  };
  // Updates below the offset are confirmed to Telegram and not sent again. Kept in memory: after
  // a restart the last batch may come again, and a used code is then simply unknown.
  let offset = 0;
  return {
    name: (env.TELEGRAM_BOT_NAME ?? "").replace(/^@/, ""),
    send: async ({ chatId, text }) => {
      await call("sendMessage", { chat_id: chatId, text, disable_web_page_preview: true });
    },
    updates: async () => {
      const result = (await call("getUpdates", { offset, timeout: 0, allowed_updates: ["message"] })) as TelegramUpdate[];
      const list = Array.isArray(result) ? result : [];
      for (const u of list) offset = Math.max(offset, Number(u.update_id) + 1);
      return list;
    },
  };
}
