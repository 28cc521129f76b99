import type { MetaDescriptor } from "react-router";
import type { MessageKey } from "./dictionary";
import { translator, type PageLanguage } from "./i18n";

type Match = { id: string; data: unknown };

/** A translated <title>, in the language the root loader chose (meta runs in the browser too: no dictionary here). */
export function titleMeta(matches: Match[], key: MessageKey): MetaDescriptor[] {
  const root = matches.find((m) => m.id === "root")?.data as PageLanguage | undefined;
  return [{ title: root ? `${translator(root)(key)} · Senim` : "Senim" }];
}
