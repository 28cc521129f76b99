import type { MessageKey } from "./dictionary";

const byStatus: Record<number, MessageKey> = {
  400: "error.400",
  403: "error.403",
  404: "error.404",
  405: "error.405",
  413: "error.413",
  415: "error.400",
  429: "error.429",
};

/** A 503 is a storage failure (db/storage.server.ts): children and staff are told it in their register. */
export function unavailableMessageKey(staff: boolean): MessageKey {
  return staff ? "integrity.unavailable.staff" : "integrity.unavailable.child";
}

/** What to tell a person about an error status, in words rather than numbers. */
export function errorMessageKey(status: number): MessageKey {
  return byStatus[status] ?? "error.500";
}
