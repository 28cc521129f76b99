import type { Language } from "../../db/schema";
import { en } from "./en";
import { kk } from "./kk";
import { ru } from "./ru";

export type MessageKey = keyof typeof en;
/** Every language must have every key: a missing one is a type error, not a blank on screen. */
export type Dictionary = Record<MessageKey, string>;

export const dictionaries: Record<Language, Dictionary> = { kk, ru, en };
