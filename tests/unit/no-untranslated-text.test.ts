import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Every string a person reads goes through the dictionaries: no letters typed straight into JSX,
// nor into the attributes people read (labels, titles, placeholders, alternative text).
const root = path.resolve(new URL("../..", import.meta.url).pathname);
const READ_ATTRIBUTES = new Set(["aria-label", "title", "placeholder", "alt", "aria-description", "label"]);
/**
 * Seen by nobody but bots (the honeypot), names that are the same in every language, and the
 * language switch's label, in all three on purpose: it is for whoever cannot read the page's.
 */
const ALLOWED = new Set(["Website", "Senim", "Қазақша", "Русский", "English", "Тіл / Язык / Language"]);

function tsxFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return tsxFiles(full);
    return e.name.endsWith(".tsx") ? [full] : [];
  });
}

function untranslated(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const letters = /\p{L}/u;
  const where = (node: ts.Node) => `${path.relative(root, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) {
      const text = node.getText().trim();
      if (letters.test(text) && !ALLOWED.has(text)) found.push(`${where(node)} ${JSON.stringify(text)}`);
    }
    if (ts.isJsxAttribute(node) && node.initializer && ts.isStringLiteral(node.initializer)) {
      const name = node.name.getText();
      const text = node.initializer.text;
      if (READ_ATTRIBUTES.has(name) && letters.test(text) && !ALLOWED.has(text))
        found.push(`${where(node)} ${name}=${JSON.stringify(text)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("user-visible text", () => {
  it("is never typed into a page or component: it comes from the kk, ru and en dictionaries", () => {
    const files = tsxFiles(path.join(root, "app"));
    expect(files.length).toBeGreaterThan(30);
    expect(files.flatMap(untranslated)).toEqual([]);
  });
});
