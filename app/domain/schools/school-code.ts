import { regions, type Region } from "~/content/content";

// No 0/O, 1/I/L: a code copied by hand from a poster must not be misread.
export const SCHOOL_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const RANDOM_PART_LENGTH = 4;

// Phones in Kazakhstan often have a Cyrillic keyboard on; these letters look like Latin ones on a poster.
const CYRILLIC_LOOKALIKES: Record<string, string> = {
  А: "A",
  В: "B",
  Е: "E",
  К: "K",
  М: "M",
  Н: "H",
  Р: "P",
  С: "C",
  Т: "T",
  Х: "X",
  У: "Y",
  З: "3",
};

/** "ak-7k3m", "АК 7К3М" → "AK7K3M"; undefined when it cannot be a school code. */
export function normalizeSchoolCode(input: string): string | undefined {
  const code = [...input.toUpperCase()]
    .map((ch) => CYRILLIC_LOOKALIKES[ch] ?? ch)
    .filter((ch) => /[0-9A-Z]/.test(ch))
    .join("");
  if (code.length !== 2 + RANDOM_PART_LENGTH) return undefined;
  return [...code].every((ch) => SCHOOL_CODE_ALPHABET.includes(ch)) ? code : undefined;
}

export function regionOfSchoolCode(code: string): Region | undefined {
  return regions.find((r) => r.schoolCodePrefix === code.slice(0, 2));
}

/** How a code is printed: "AK-7K3M". */
export function formatSchoolCode(code: string): string {
  return `${code.slice(0, 2)}-${code.slice(2)}`;
}

export function randomSchoolCode(region: Region, randomInt: (max: number) => number): string {
  let code = region.schoolCodePrefix;
  for (let i = 0; i < RANDOM_PART_LENGTH; i++) code += SCHOOL_CODE_ALPHABET[randomInt(SCHOOL_CODE_ALPHABET.length)];
  return code;
}
