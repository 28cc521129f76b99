import type { MetaDescriptor } from "react-router";
import type { Language } from "../../db/schema";
import type { MessageKey } from "./dictionary";
import { translate } from "./i18n";
import { DEFAULT_LANGUAGE } from "./language";

type Match = { id: string; data: unknown };

/** A translated <title>, in the language the root loader chose. */
export function titleMeta(matches: Match[], key: MessageKey): MetaDescriptor[] {
  const root = matches.find((m) => m.id === "root")?.data as { lang?: Language } | undefined;
  return [{ title: `${translate(root?.lang ?? DEFAULT_LANGUAGE, key)} · Senim` }];
}
