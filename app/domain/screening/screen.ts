// The life-safety screen: finds words in a child's report that need a person now (suicide or
// self-harm, a weapon or an attack, sexual abuse, abuse at home), in Kazakh, Russian and English,
// typed in Cyrillic or Latin letters, misspelt as teenagers type. It only raises a report's
// priority and says why; a person decides (README, "The life-safety screen").
//
// Every word is folded to one Latin skeleton before it is compared, the text's and the lexicon's
// alike: Cyrillic and Latin spellings of the same word meet ("өлтір", "олтыр", "oltir" → "oltir"),
// vowels that teenagers confuse fall together (е/и/ы/і/y → i), doubled letters collapse.

import { SCREEN_KINDS, type ScreenKind } from "~/content/screening";

/** One rule of the lexicon, as a methodologist writes it (content/screening.json). */
export type ScreenRule = {
  id: string;
  /** The language it is written in: an English rule reads only Latin letters; a Kazakh or Russian one reads Latin only where the text is not English. */
  lang?: "kk" | "ru" | "en";
  kind: ScreenKind;
  /**
   * Words in order, separated by spaces; up to `MAX_GAP` other words may stand between them in
   * one clause. `stem*` matches any ending, `a|b` either word, and `stem*!not*` the stem unless
   * the word starts with the second (a Kazakh negative suffix: "өлтір*!өлтірме*").
   */
  phrase: string;
  /** A negation just before the phrase ("не", "not") cancels it; false for phrases where it does not ("не хочу жить"). */
  negatable?: boolean;
};

/** A phrase that, in the same clause, shows a match is a figure of speech or a game ("өліп кеттім күлкіден", "убил в кс"). */
export type ScreenDampener = {
  id: string;
  phrase: string;
  /** The kinds it cancels; all when absent ("a knife" for bread is no weapon, but still a cut arm). */
  kinds?: ScreenKind[];
  /** It explains its whole clause, not only the words next to it ("… haha", "it's a song"). */
  clause?: boolean;
};

export type ScreenLexicon = {
  rules: ScreenRule[];
  dampeners: ScreenDampener[];
  /** Phrases that cancel a rule when they end just before it ("не", "not going to"). */
  negators: string[];
  /** Phrases that cancel a rule when they follow it at once: Kazakh says "no" after the verb ("өлтіргім келмейді"). */
  negatorsAfter: string[];
  /**
   * Common English words: Latin text with two of them is English, and Kazakh and Russian rules
   * leave it alone (folded, "quick" would be "күйік", a burn).
   */
  englishMarkers: string[];
};

/** Where the text matched a rule: offsets into the text as written, for highlighting. */
export type ScreenMatch = { ruleId: string; kind: ScreenKind; start: number; end: number };

/** Words that may stand between the words of a phrase ("өзімді бүгін кешке өлтіргім"). */
const MAX_GAP = 3;
/** How many words may stand between a negation and the phrase it cancels ("не очень хочу умирать"). */
const NEGATION_REACH = 1;
/** How close a figure of speech must stand to a phrase to explain it ("умираю от скуки", "убил его в кс"). */
const FIGURE_REACH = 4;

const CYRILLIC: Record<string, string> = {
  а: "a",
  ә: "a",
  б: "b",
  в: "v",
  г: "g",
  ғ: "g",
  д: "d",
  е: "i",
  ё: "i",
  ж: "zh",
  з: "z",
  и: "i",
  й: "i",
  і: "i",
  к: "k",
  қ: "k",
  л: "l",
  м: "m",
  н: "n",
  ң: "n",
  о: "o",
  ө: "o",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  у: "u",
  ұ: "u",
  ү: "u",
  ф: "f",
  х: "h",
  һ: "h",
  ц: "ts",
  ч: "ch",
  ш: "sh",
  щ: "sh",
  ъ: "",
  ы: "i",
  ь: "",
  э: "i",
  ю: "iu",
  я: "ia",
  ї: "i",
  є: "i",
};
const LATIN: Record<string, string> = {
  e: "i",
  y: "i",
  ı: "i",
  x: "h",
  j: "zh",
  q: "k",
  w: "sh",
  c: "k",
  ğ: "g",
  ş: "sh",
  ç: "ch",
  ö: "o",
  ü: "u",
  ä: "a",
  ñ: "n",
  é: "i",
  è: "i",
  "'": "",
  "’": "",
  "`": "",
};

// Children's words repeat: a word folded once is looked up after (bounded, emptied when full).
const folded = new Map<string, string>();
const FOLD_CACHE_SIZE = 50_000;

/** A word's skeleton: what the screen compares. */
export function foldWord(word: string): string {
  let skeleton = folded.get(word);
  if (skeleton === undefined) {
    if (folded.size >= FOLD_CACHE_SIZE) folded.clear();
    skeleton = foldUncached(word);
    folded.set(word, skeleton);
  }
  return skeleton;
}

function foldUncached(word: string): string {
  // Latin digraphs first, so that "ch" stays ч while a lone "c" is k; then letter by letter.
  const latin = word
    .normalize("NFKC")
    .toLowerCase()
    .replace(/shch|sch/g, "sh")
    .replace(/(?<=\p{L})4|4(?=\p{L})/gu, "\u0001")
    .replace(/ch/g, "\u0001")
    .replace(/kh/g, "h")
    .replace(/ck/g, "k");
  let out = "";
  for (const ch of latin) out += CYRILLIC[ch] ?? LATIN[ch] ?? ch;
  // Doubled letters collapse: "убиииить", "kill", "ozіmdіі".
  return out.replace(/\u0001/g, "ch").replace(/(.)\1+/g, "$1");
}

type Token = { folded: string; start: number; end: number; clause: number; latin: boolean };

// Letters of any script, digits, and apostrophes inside a word ("don't", "b'et"); laughing emoji
// are words too, so that a joke marker ("убью его 😂") can explain its clause.
const WORD = /[\p{L}\p{N}]+(?:['’`][\p{L}\p{N}]+)*|[😂🤣😆😹🙄]/gu;
const CLAUSE_BREAK = /[.!?;,\n:()"«»—–]/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let clause = 0;
  let last = 0;
  for (const m of text.matchAll(WORD)) {
    if (CLAUSE_BREAK.test(text.slice(last, m.index))) clause++;
    tokens.push({ folded: foldWord(m[0]), start: m.index, end: m.index + m[0].length, clause, latin: !/\p{Script=Cyrillic}/u.test(m[0]) });
    last = m.index + m[0].length;
  }
  return tokens;
}

type WordTest = (folded: string) => boolean;

/** The first letters a word must start with to be worth testing (at most three): the index's key. */
const KEY_LENGTH = 3;
const keyOf = (word: string) => word.slice(0, KEY_LENGTH);

function compileWord(spec: string): { test: WordTest; keys: string[] } {
  const exact = new Set<string>();
  const stems: Array<{ stem: string; except?: string }> = [];
  const keys = new Set<string>();
  for (const option of spec.split("|")) {
    const [want, not] = option.split("!");
    const word = foldWord(want!.replace(/\*$/, ""));
    keys.add(keyOf(word));
    if (want!.endsWith("*")) stems.push({ stem: word, except: not === undefined ? undefined : foldWord(not.replace(/\*$/, "")) });
    else exact.add(word);
  }
  // Exact words by a set lookup; stems one by one (most words have a few).
  const test = (t: string) =>
    exact.has(t) || stems.some((s) => t.startsWith(s.stem) && (s.except === undefined || !t.startsWith(s.except)));
  return { test, keys: [...keys] };
}

type CompiledPhrase = { words: WordTest[]; keys: string[] };

function compilePhrase(phrase: string): CompiledPhrase {
  const words = phrase.trim().split(/\s+/).map(compileWord);
  return { words: words.map((w) => w.test), keys: words[0]!.keys };
}

/** Phrases by the key of their first word: a token is tried only against phrases that could start with it. */
function indexByKey<T extends { keys: string[] }>(phrases: T[]): Map<string, T[]> {
  const index = new Map<string, T[]>();
  for (const p of phrases) for (const key of p.keys) index.set(key, [...(index.get(key) ?? []), p]);
  return index;
}

function candidates<T>(index: Map<string, T[]>, folded: string): Set<T> {
  const found = new Set<T>();
  // A key is up to three letters: a shorter word or stem is filed under all of itself.
  for (let n = 1; n <= Math.min(KEY_LENGTH, folded.length); n++) for (const p of index.get(folded.slice(0, n)) ?? []) found.add(p);
  return found;
}

/** The token span a phrase matches from token `at`, all in one clause, or undefined. */
function matchAt(words: WordTest[], tokens: Token[], at: number): { first: number; last: number } | undefined {
  if (!words[0]!(tokens[at]!.folded)) return undefined;
  let last = at;
  for (const test of words.slice(1)) {
    let found = -1;
    for (let j = last + 1; j <= last + 1 + MAX_GAP && j < tokens.length && tokens[j]!.clause === tokens[at]!.clause; j++) {
      if (test(tokens[j]!.folded)) {
        found = j;
        break;
      }
    }
    if (found === -1) return undefined;
    last = found;
  }
  return { first: at, last };
}

type CompiledRule = ScreenRule & CompiledPhrase;
type CompiledDampener = { id: string; kinds?: ScreenKind[]; clause?: boolean } & CompiledPhrase;

export type CompiledLexicon = {
  rules: CompiledRule[];
  dampeners: CompiledDampener[];
  rulesByKey: Map<string, CompiledRule[]>;
  dampenersByKey: Map<string, CompiledDampener[]>;
  negators: Map<string, CompiledPhrase[]>;
  negatorsAfter: Map<string, CompiledPhrase[]>;
  englishMarkers: Set<string>;
};

export function compileLexicon(lexicon: ScreenLexicon): CompiledLexicon {
  const rules = lexicon.rules.map((r) => ({ ...r, ...compilePhrase(r.phrase) }));
  const dampeners = lexicon.dampeners.map((d) => ({ id: d.id, kinds: d.kinds, clause: d.clause, ...compilePhrase(d.phrase) }));
  return {
    rules,
    dampeners,
    rulesByKey: indexByKey(rules),
    dampenersByKey: indexByKey(dampeners),
    negators: indexByKey(lexicon.negators.map(compilePhrase)),
    negatorsAfter: indexByKey(lexicon.negatorsAfter.map(compilePhrase)),
    englishMarkers: new Set(lexicon.englishMarkers.map((w) => w.toLowerCase())),
  };
}

/**
 * Every place the text matches a rule, unless a negation stands just before or after it or a
 * figure of speech stands next to it in the same clause. Third persons and reported speech are
 * matched as the first person is: "he said he would kill himself" needs a person as much.
 */
export function screenText(text: string, lexicon: CompiledLexicon): ScreenMatch[] {
  const tokens = tokenize(text);
  const english =
    text
      .toLowerCase()
      .match(/[a-z']+/g)
      ?.filter((w) => lexicon.englishMarkers.has(w)).length ?? 0;
  /** Whether a rule may read the words from token i on: each language in its own letters. */
  const readable = (rule: CompiledRule, i: number) =>
    rule.lang === "en" ? tokens[i]!.latin : rule.lang === undefined || !tokens[i]!.latin || english < 2;
  // Where a negation ends (before a phrase) and where one starts (after it), once for the text.
  const negationEnds = new Set<number>();
  const negationStarts = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    for (const n of candidates(lexicon.negators, tokens[i]!.folded)) {
      const span = matchAt(n.words, tokens, i);
      if (span) negationEnds.add(span.last);
    }
    for (const n of candidates(lexicon.negatorsAfter, tokens[i]!.folded)) if (matchAt(n.words, tokens, i)) negationStarts.add(i);
  }
  const figures: Array<{ first: number; last: number; kinds: readonly ScreenKind[]; clause: boolean }> = [];
  for (let i = 0; i < tokens.length; i++)
    for (const d of candidates(lexicon.dampenersByKey, tokens[i]!.folded)) {
      const span = matchAt(d.words, tokens, i);
      if (span) figures.push({ ...span, kinds: d.kinds ?? SCREEN_KINDS, clause: d.clause === true });
    }
  const sameClause = (a: number, b: number) => tokens[a]!.clause === tokens[b]!.clause;
  const matches: ScreenMatch[] = [];
  for (let i = 0; i < tokens.length; i++) {
    for (const rule of candidates(lexicon.rulesByKey, tokens[i]!.folded)) {
      if (!readable(rule, i)) continue;
      const span = matchAt(rule.words, tokens, i);
      if (!span) continue;
      const explained = figures.some(
        (f) =>
          f.kinds.includes(rule.kind) &&
          sameClause(f.first, span.first) &&
          (f.clause || (f.first <= span.last + FIGURE_REACH && f.last >= span.first - FIGURE_REACH)),
      );
      if (explained) continue;
      if (rule.negatable !== false) {
        let negated = false;
        for (let j = span.first - 1 - NEGATION_REACH; j < span.first; j++)
          if (negationEnds.has(j) && sameClause(j, span.first)) negated = true;
        for (let j = span.last + 1; j <= span.last + 1 + NEGATION_REACH; j++)
          if (negationStarts.has(j) && sameClause(j, span.last)) negated = true;
        // …or between its words: "меня не бьют" is no "меня бьют".
        for (let j = span.first; j < span.last; j++) if (negationEnds.has(j)) negated = true;
        if (negated) continue;
      }
      matches.push({ ruleId: rule.id, kind: rule.kind, start: tokens[span.first]!.start, end: tokens[span.last]!.end });
    }
  }
  // A match inside another's words adds nothing to show ("өлтіргім" inside "өзімді өлтіргім").
  matches.sort((a, b) => a.start - b.start || b.end - a.end);
  let reach = -1;
  return matches.filter((m) => {
    if (m.end <= reach) return false;
    reach = m.end;
    return true;
  });
}

/** The text cut at the matches, for showing the matched words marked. Overlapping matches merge. */
export function highlightSegments(text: string, matches: ScreenMatch[]): Array<{ text: string; hit: boolean }> {
  const segments: Array<{ text: string; hit: boolean }> = [];
  let at = 0;
  for (const m of [...matches].sort((a, b) => a.start - b.start)) {
    const start = Math.max(m.start, at);
    const end = Math.min(m.end, text.length);
    if (end <= start) continue;
    if (start > at) segments.push({ text: text.slice(at, start), hit: false });
    segments.push({ text: text.slice(start, end), hit: true });
    at = end;
  }
  if (at < text.length) segments.push({ text: text.slice(at), hit: false });
  return segments;
}
