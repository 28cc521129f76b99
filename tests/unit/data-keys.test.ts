import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import {
  DataKeyError,
  dataKeys,
  isSealed,
  listedDataKeys,
  MissingKeysError,
  openText,
  parseDataKeys,
  reloadDataKeys,
  sealedKeyId,
  sealText,
} from "../../db/data-keys.server";

const key = (id: string) => `${id}:${crypto.randomBytes(32).toString("base64")}`;
const withKeys = (...entries: string[]) => {
  process.env.SENIM_DATA_KEYS = entries.join(",");
  reloadDataKeys();
};

afterEach(() => {
  delete process.env.SENIM_DATA_KEYS;
  reloadDataKeys();
});

describe("sealed text (AES-256-GCM)", () => {
  it("opens to exactly what was sealed, in any script, and never twice the same", () => {
    withKeys(key("a1"));
    const words = "Мені мазақтайды 😢 — меня дразнят\u0000 <b>&amp;</b> \u202E";
    const one = sealText(words);
    const two = sealText(words);
    expect(isSealed(one)).toBe(true);
    expect(one).not.toContain("мазақ");
    expect(one).not.toBe(two); // a fresh IV each time: equal words do not look equal
    expect(openText(one)).toBe(words);
    expect(openText(two)).toBe(words);
  });

  it("keeps the empty text empty and passes through what was never sealed", () => {
    withKeys(key("a1"));
    expect(sealText("")).toBe("");
    expect(openText("written before sealing began")).toBe("written before sealing began");
  });

  it("seals with the first key and opens with any listed one", () => {
    const older = key("old");
    withKeys(older);
    const sealedOld = sealText("старый текст");
    withKeys(key("new"), older);
    expect(sealedKeyId(sealText("x"))).toBe("new");
    expect(openText(sealedOld)).toBe("старый текст");
  });

  it("refuses a changed value and a value whose key is missing, instead of showing garbage", () => {
    withKeys(key("a1"));
    const sealed = sealText("ол маған қол көтерді");
    const body = sealed.slice(sealed.lastIndexOf(":") + 1);
    const flipped = Buffer.from(body, "base64url");
    flipped[flipped.length - 1]! ^= 1;
    expect(() => openText(sealed.replace(body, flipped.toString("base64url")))).toThrow(DataKeyError);
    withKeys(key("b2"));
    expect(() => openText(sealed)).toThrow(/No data key "a1"/);
  });

  it("refuses a key list that is not 32-byte keys with distinct ids", () => {
    expect(() => parseDataKeys(["a1:" + Buffer.alloc(16).toString("base64")], "test")).toThrow(DataKeyError);
    expect(() => parseDataKeys(["A B:" + Buffer.alloc(32).toString("base64")], "test")).toThrow(DataKeyError);
    const k = key("a1");
    expect(() => parseDataKeys([k, k], "test")).toThrow(/twice/);
    expect(() => parseDataKeys(["", "# comment"], "test")).toThrow(/no key/);
  });
});

describe("the key file is made only for a data directory without sealed data", () => {
  const dirs: string[] = [];
  afterEach(() => {
    delete process.env.DATA_DIR;
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const freshDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "senim-keys-"));
    dirs.push(dir);
    process.env.DATA_DIR = dir;
    reloadDataKeys();
    return dir;
  };

  it("creates one key in an empty data directory, and keeps it", () => {
    const dir = freshDir();
    const [first] = dataKeys();
    expect(fs.existsSync(path.join(dir, "data-keys"))).toBe(true);
    reloadDataKeys();
    expect(dataKeys()[0]!.id).toBe(first!.id);
  });

  it("refuses to replace a lost key file while a region holds sealed values, naming the key ids", () => {
    const dir = freshDir();
    const db = new SQLite(path.join(dir, "akmola.sqlite"));
    db.exec("create table reports (id integer primary key, description text)");
    db.prepare("insert into reports (description) values (?), (?)").run("sealed:v1:kgone1:abc", "written before sealing began");
    db.close();
    expect(() => dataKeys()).toThrow(MissingKeysError);
    expect(() => dataKeys()).toThrow(/key id\(s\) kgone1/);
    expect(fs.existsSync(path.join(dir, "data-keys"))).toBe(false);
    expect(listedDataKeys()).toEqual([]);
  });
});
