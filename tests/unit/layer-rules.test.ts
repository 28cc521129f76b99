import { ESLint } from "eslint";
import path from "node:path";
import { describe, expect, test } from "vitest";

// The layer rules are only worth having if they fail: each case is an import or a handle a layer
// must not have, linted as if it were a file of that layer, with the project's own config.
const root = path.resolve(import.meta.dirname, "../..");
const eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, ".ci/eslint.config.js") });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.map((m) => m.message);
}

describe("layer rules (ESLint)", () => {
  test.each([
    ["a route importing db/", "app/routes/school/x.tsx", 'import { regionDb } from "../../../db/regions.server";\nregionDb("akmola");'],
    ["a route reading an actor's db", "app/routes/school/x.tsx", "export const f = (actor: { db: unknown }) => actor.db;"],
    ["the domain importing React Router", "app/domain/reports/x.server.ts", 'import { redirect } from "react-router";\nredirect("/");'],
    [
      "the domain importing an HTTP module",
      "app/domain/reports/x.server.ts",
      'import { clientKeyContext } from "~/http/request-context.server";\nclientKeyContext;',
    ],
    ["db/ importing the domain", "db/x.server.ts", 'import { findRegion } from "../app/content/content";\nfindRegion("akmola");'],
  ])("%s is refused", async (_, file, code) => {
    expect((await problems(file, code)).length).toBeGreaterThan(0);
  });

  test("what the layers may do passes", async () => {
    expect(
      await problems("app/routes/school/x.tsx", 'import type { Language } from "../../../db/schema";\nexport type L = Language;'),
    ).toEqual([]);
    expect(
      await problems("app/domain/reports/x.server.ts", 'import { regionDb } from "../../../db/regions.server";\nregionDb("akmola");'),
    ).toEqual([]);
  });
});
