import type { PersonInput } from "./case-input";

/** A person as the chronology keeps them: every add and change is a snapshot, so an old record shows them as they were. */
export type PersonSnapshot = {
  name: string;
  classLabel: string;
  role: string;
  notes: string;
};

export function personSnapshot(p: PersonInput): string {
  return JSON.stringify({
    name: p.name,
    classLabel: p.classLabel,
    role: p.role,
    notes: p.notes,
  } satisfies PersonSnapshot);
}

export function parsePersonSnapshot(content: string): PersonSnapshot | undefined {
  try {
    const v = JSON.parse(content) as Partial<PersonSnapshot>;
    return typeof v.name === "string" && typeof v.role === "string"
      ? {
          name: v.name,
          role: v.role,
          classLabel: v.classLabel ?? "",
          notes: v.notes ?? "",
        }
      : undefined;
  } catch {
    return undefined;
  }
}
