export type SmsGateway = { send: (sms: { to: string; text: string }) => Promise<void> };

/**
 * An HTTP SMS gateway as the environment describes it, for Kazakhstan's gateways and their
 * simple HTTP APIs: SMS_GATEWAY_URL, SMS_GATEWAY_METHOD (POST, or GET), SMS_GATEWAY_BODY (a
 * template; its {to}, {text} and {from} are filled in, form-encoded or as JSON strings by
 * SMS_GATEWAY_CONTENT_TYPE: form or json), SMS_GATEWAY_AUTH (the Authorization header's value),
 * SMS_SENDER. The URL's placeholders are filled in URL-encoded, for gateways that take GET.
 * Any 2xx answer means the gateway took it. Undefined without SMS_GATEWAY_URL.
 */
export function smsGatewayFromEnv(env: Record<string, string | undefined> = process.env): SmsGateway | undefined {
  const url = env.SMS_GATEWAY_URL;
  if (!url) return undefined;
  const method = (env.SMS_GATEWAY_METHOD ?? "POST").toUpperCase() === "GET" ? "GET" : "POST";
  const json = (env.SMS_GATEWAY_CONTENT_TYPE ?? "form").toLowerCase().includes("json");
  const template = env.SMS_GATEWAY_BODY ?? (json ? '{"to":"{to}","text":"{text}","from":"{from}"}' : "to={to}&text={text}&from={from}");
  const from = env.SMS_SENDER ?? "Senim";
  const fill = (text: string, values: Record<string, string>, encode: (v: string) => string) =>
    text.replace(/\{(to|text|from)\}/g, (_, k: string) => encode(values[k]!));
  const jsonString = (v: string) => JSON.stringify(v).slice(1, -1);
  return {
    send: async ({ to, text }) => {
      const values = { to, text, from };
      const headers: Record<string, string> = {};
      if (env.SMS_GATEWAY_AUTH) headers.authorization = env.SMS_GATEWAY_AUTH;
      let body: string | undefined;
      if (method === "POST") {
        headers["content-type"] = json ? "application/json" : "application/x-www-form-urlencoded";
        body = fill(template, values, json ? jsonString : encodeURIComponent);
      }
      // A timeout, so an unanswering gateway costs the timer seconds, not minutes.
      const res = await fetch(fill(url, values, encodeURIComponent), { method, headers, body, signal: AbortSignal.timeout(15_000) });
      await res.body?.cancel();
      if (res.status < 200 || res.status > 299) throw new Error(`SMS gateway answered ${res.status}`);
    },
  };
}
