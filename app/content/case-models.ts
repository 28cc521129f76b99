import caseModelsJson from "../../content/case-models.json";
import type { CaseModel } from "../../db/schema";
import type { CaseContent, CaseModelContent, CaseStep } from "./schemas.server";

export type { CaseModelContent, CaseStep } from "./schemas.server";

/** The case models of the programmes, the person roles and the answer options: data in content/case-models.json, checked at start-up (schemas.server.ts). */
export const caseContent = caseModelsJson as CaseContent;

export function caseModel(id: CaseModel): CaseModelContent {
  return caseContent.models.find((m) => m.id === id)!;
}

export function caseStep(model: CaseModel, stepId: string): CaseStep | undefined {
  return caseModel(model).steps.find((s) => s.id === stepId);
}
