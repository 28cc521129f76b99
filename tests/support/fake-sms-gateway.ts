import { startFakeHttp } from "./fake-http";

/** A local HTTP SMS gateway: takes every message with 200 while up and records each request; `set("503" | "refuse" | "up")`. */
export const startFakeSmsGateway = () => startFakeHttp(() => ({ status: 200, json: { status: "queued" } }));
