import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { reportOptions } from "~/content/content";
import { SCREEN_KINDS, screeningContent } from "~/content/screening";
import { screeningLexicon } from "~/domain/screening/screening.server";
import { compileLexicon, foldWord, highlightSegments, screenText } from "~/domain/screening/screen";

const flagged = (text: string) => screenText(text, screeningLexicon).length > 0;

describe("the life-safety screen", () => {
  it("meets the issue's targets on the labelled set: recall ≥ 0.95 and false alarms ≤ 5 %, and no language far behind", () => {
    const dir = path.resolve(import.meta.dirname, "../fixtures/screening");
    const all = { found: 0, danger: 0, alarms: 0, ordinary: 0 };
    for (const file of ["kk", "ru", "en", "latin", "mixed"]) {
      const lines = fs
        .readFileSync(path.join(dir, `${file}.jsonl`), "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { text: string; label: string });
      const danger = lines.filter((l) => l.label === "life_safety");
      const ordinary = lines.filter((l) => l.label === "ordinary");
      const found = danger.filter((l) => flagged(l.text)).length;
      const alarms = ordinary.filter((l) => flagged(l.text)).length;
      Object.assign(all, {
        found: all.found + found,
        danger: all.danger + danger.length,
        alarms: all.alarms + alarms,
        ordinary: all.ordinary + ordinary.length,
      });
      // Per language a small margin under the whole set's target (npm run bench:screening prints each).
      expect({ file, recall: found / danger.length >= 0.9, falseAlarms: alarms / ordinary.length <= 0.05 }).toEqual({
        file,
        recall: true,
        falseAlarms: true,
      });
    }
    expect(all.found / all.danger).toBeGreaterThanOrEqual(0.95);
    expect(all.alarms / all.ordinary).toBeLessThanOrEqual(0.05);
  });

  it("folds Cyrillic and Latin spellings, and teenagers' misspellings, to one word", () => {
    expect(foldWord("өлтіргім")).toBe(foldWord("олтыргым"));
    expect(foldWord("өлтіргім")).toBe(foldWord("oltirgim"));
    expect(foldWord("хочу")).toBe(foldWord("hochu"));
    expect(foldWord("бьёт")).toBe(foldWord("b'et"));
    expect(foldWord("ozіmdі")).toBe(foldWord("озімді")); // Cyrillic і typed inside Latin
    // English stays English: folded, "quick" would read as the Kazakh "күйік" (a burn).
    expect(flagged("the quick brown fox jumps over the lazy dog")).toBe(false);
    expect(["мен бүгін өзімді өлтіргім келеді", "ozimdi oltirgim keledi", "hochu umeret", "i want to kill myself"].every(flagged)).toBe(
      true,
    );
  });

  it("keeps a third person and negated intent urgent, and lets a denial, a figure of speech or a game go", () => {
    expect(flagged("он сказал что покончит с собой")).toBe(true);
    expect(flagged("he said he would kill himself after the exam")).toBe(true);
    expect(flagged("я не хочу жить")).toBe(true);
    expect(flagged("я не хочу умирать, просто пусть отстанут")).toBe(false);
    expect(flagged("мен өзімді өлтіргім келмейді, жай ауысқым келеді")).toBe(false);
    expect(flagged("өліп қалдым күлкіден")).toBe(false);
    expect(flagged("я умираю от скуки на алгебре")).toBe(false);
    expect(flagged("killed him in fortnite and now he calls me names")).toBe(false);
    // A figure of speech explains only the words next to it, not the whole report.
    expect(flagged("мне было скучно на уроке. вечером я повешусь")).toBe(true);
  });

  it("cancels a weapon by the kitchen, but not a cut arm", () => {
    expect(flagged("на труде резали хлеб ножом")).toBe(false);
    expect(flagged("порезала себе руки лезвием от точилки")).toBe(true);
  });

  it("cuts a text at its matches for marking, merging overlaps", () => {
    const text = "мен бүгін өзімді өлтіргім келеді";
    const segments = highlightSegments(text, screenText(text, screeningLexicon));
    expect(segments.map((s) => s.text).join("")).toBe(text);
    expect(segments.filter((s) => s.hit).map((s) => s.text)).toEqual(["өзімді өлтіргім"]);
  });

  it("is data a methodologist edits: every rule has a source and a confirmed flag, and ids are unique", () => {
    expect(screeningContent.rules.length).toBeGreaterThan(100);
    // The screen looks for what the form calls life-safety: the same four kinds.
    expect([...SCREEN_KINDS].sort()).toEqual(
      reportOptions.categories
        .filter((c) => c.lifeSafety)
        .map((c) => c.id)
        .sort(),
    );
    for (const r of screeningContent.rules) expect(r.source.length > 0 && typeof r.confirmed === "boolean").toBe(true);
    // A lexicon of one rule works like the whole: the engine takes whatever the file says.
    const one = compileLexicon({
      rules: [{ id: "x", kind: "weapon_attack", phrase: "граната*" }],
      dampeners: [],
      negators: [],
      negatorsAfter: [],
      englishMarkers: [],
    });
    expect(screenText("у него граната в рюкзаке", one)).toEqual([{ ruleId: "x", kind: "weapon_attack", start: 7, end: 14 }]);
  });
});
