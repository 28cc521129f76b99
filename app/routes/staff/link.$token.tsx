import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "react-router";
import { Form, Link, useActionData, useLoaderData } from "react-router";
import { inspectAccountLink, setPasswordWithLink, type LinkState } from "~/domain/auth/one-time-links.server";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "~/domain/auth/passwords.server";
import { formString, readForm } from "~/http/form.server";
import { endSession } from "~/http/staff-session.server";
import type { MessageKey } from "~/i18n/dictionary";
import { useT } from "~/i18n/i18n";
import { titleMeta } from "~/i18n/meta";

type Problem = "unknown" | "expired" | "used";
type Page = { state: "valid"; purpose: "invite" | "reset"; name: string; email: string; min: number; max: number } | { state: Problem };

export const meta: MetaFunction<typeof loader> = ({ matches, data: page }) =>
  titleMeta(matches, page?.state === "valid" ? `accounts.link.title.${page.purpose}` : "accounts.link.title.problem");

// Unknown (or replaced by a newer link) is "not found"; expired or used is "gone". Never a 500.
const statusOf: Record<Problem, number> = { unknown: 404, expired: 410, used: 410 };

function pageOf(link: LinkState) {
  if (link.state !== "valid") return data<Page>({ state: link.state }, statusOf[link.state]);
  return data<Page>({
    state: "valid",
    purpose: link.purpose,
    name: link.displayName,
    email: link.email,
    min: MIN_PASSWORD_LENGTH,
    max: MAX_PASSWORD_LENGTH,
  });
}

export async function loader({ params }: LoaderFunctionArgs) {
  return pageOf(await inspectAccountLink((params.token ?? "").slice(0, 200)));
}

const passwordProblemKey: Record<"short" | "long" | "mismatch", MessageKey> = {
  short: "accounts.password.error.short",
  long: "accounts.password.error.long",
  mismatch: "accounts.password.error.mismatch",
};

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const token = (params.token ?? "").slice(0, 200);
  const result = await setPasswordWithLink(token, formString(form, "password"), formString(form, "repeat"));
  if (result.ok) {
    // Whoever was signed in on this computer is not the person who just set a password.
    return redirect("/staff/sign-in?password-set", { headers: { "Set-Cookie": await endSession(request) } });
  }
  if (result.problem === "short" || result.problem === "long" || result.problem === "mismatch") {
    return data({ error: passwordProblemKey[result.problem] }, 400);
  }
  return data({ error: undefined }, statusOf[result.problem]);
}

export default function AccountLink() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  if (page.state !== "valid") {
    return (
      <section className="card narrow">
        <h1>{t("accounts.link.title.problem")}</h1>
        <p>{t(`accounts.link.${page.state}`)}</p>
        <p>
          <Link to="/staff/sign-in">{t("accounts.link.signIn")}</Link>
        </p>
      </section>
    );
  }
  const error = result?.error;
  return (
    <section className="card narrow">
      <h1>{t(`accounts.link.title.${page.purpose}`)}</h1>
      <p>{t(`accounts.link.lead.${page.purpose}`, { name: page.name, email: page.email })}</p>
      {error && (
        <p className="problem" role="alert" id="password-error">
          {t(error, { min: page.min, max: page.max })}
        </p>
      )}
      <Form method="post">
        {/* Lets a password manager file the new password under the right account. */}
        <input type="text" name="username" autoComplete="username" value={page.email} readOnly hidden />
        <label htmlFor="password">{t("accounts.password.new")}</label>
        <p className="hint" id="password-hint">
          {t("accounts.password.newHint", { min: page.min })}
        </p>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={page.min}
          maxLength={page.max}
          aria-describedby={error ? "password-hint password-error" : "password-hint"}
          aria-invalid={error ? true : undefined}
        />
        <label htmlFor="repeat">{t("accounts.password.repeat")}</label>
        <input id="repeat" name="repeat" type="password" autoComplete="new-password" required minLength={page.min} maxLength={page.max} />
        <button type="submit" className="button">
          {t("accounts.link.submit")}
        </button>
      </Form>
      <p className="hint">{t("accounts.link.after")}</p>
    </section>
  );
}
