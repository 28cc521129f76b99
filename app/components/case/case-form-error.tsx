import type { MessageKey } from "~/i18n/dictionary";
import { useT } from "~/i18n/i18n";

/** What the case page's action answers a form it refuses: which form (and task or person) and why. */
export type CaseActionResult = {
  form: string;
  error: MessageKey;
  taskId?: number;
  personId?: number;
};

/** The refusal, beside the form it is about. */
export function FormError({
  result,
  form,
  taskId,
  personId,
}: {
  result: CaseActionResult | undefined;
  form: string;
  taskId?: number;
  personId?: number;
}) {
  const t = useT();
  if (!result || result.form !== form || result.taskId !== taskId || result.personId !== personId) return null;
  return (
    <p className="field-error" role="alert">
      {t(result.error)}
    </p>
  );
}
