// npm run district:add -- --region <code> --kk <name> --ru <name> --en <name>
import { z } from "zod";
import { createDistrict } from "../app/domain/schools/schools.server";
import { cliOptions, runCli } from "./cli";

const o = cliOptions(
  z.object({ region: z.string(), kk: z.string().min(1), ru: z.string().min(1), en: z.string().min(1) }),
  "npm run district:add -- --region <code> --kk <name> --ru <name> --en <name>",
);

await runCli(async () => `District ${await createDistrict(o.region, { kk: o.kk, ru: o.ru, en: o.en })} added to ${o.region}`);
