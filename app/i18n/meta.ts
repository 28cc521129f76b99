import type { MetaDescriptor } from "react-router";
import type { MessageKey } from "./dictionary";
import type { PageLanguage, TitleKey } from "./i18n";

type Match = { id: string; data: unknown };

/**
 * A translated <title>, in the language the root loader chose (meta runs in the browser too: no
 * dictionary here). A page sent without scripts has only the `….title` messages in the root's data.
 */
export function titleMeta(matches: Match[], key: MessageKey): MetaDescriptor[] {
  const root = matches.find((m) => m.id === "root")?.data as PageLanguage | undefined;
  const title = root?.messages?.[key] ?? root?.titles?.[key as TitleKey];
  return [{ title: title ? `${title} · Senim` : "Senim" }];
}
