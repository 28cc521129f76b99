import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "react-router";
import { Form, useActionData, useLoaderData } from "react-router";
import { EnrolmentKey, RecoveryCodes } from "~/components/two-factor";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "~/domain/auth/passwords.server";
import {
  changeOwnPassword,
  enableOwnTwoFactor,
  signOutEverywhere,
  stepUp,
  turnOffOwnTwoFactor,
  type StepUp,
} from "~/domain/auth/staff-accounts.server";
import {
  cancelEnrolment,
  formatTotpSecret,
  replaceRecoveryCodes,
  startEnrolment,
  totpKeyUri,
  twoFactorRequired,
  twoFactorState,
} from "~/domain/auth/two-factor.server";
import { channelSettings, chooseChannels, startTelegramLink, unlinkTelegram } from "~/domain/notifications/channels.server";
import { setOwnPhone } from "~/domain/escalation/phones.server";
import { formString, readForm } from "~/http/form.server";
import { clearedSessionCookie, requireActor } from "~/http/staff-session.server";
import type { MessageKey } from "~/i18n/dictionary";
import { useT } from "~/i18n/i18n";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "accounts.account.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(context);
  const { session } = actor;
  const state = await twoFactorState(session);
  return {
    email: actor.user.email,
    role: actor.user.role,
    phone: actor.user.phone,
    password: { min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH },
    recoveryUsed: new URL(request.url).searchParams.get("recovery") === "used",
    channels: await channelSettings(session),
    twoFactor: {
      enabled: state.enabled,
      required: twoFactorRequired(actor.user.role),
      recoveryCodesLeft: state.recoveryCodesLeft,
      pending: state.pending ? { key: formatTotpSecret(state.pending), uri: totpKeyUri(actor.user.email, state.pending) } : null,
    },
  };
}

type Section = "password" | "twoFactor" | "recovery" | "channels" | "telegram" | "phone";
type ActionResult = { section: Section; error?: MessageKey; notice?: MessageKey; recoveryCodes?: string[]; telegramCode?: string };

const passwordProblemKey: Record<"current" | "locked" | "short" | "long" | "mismatch", MessageKey> = {
  current: "accounts.password.error.current",
  locked: "accounts.error.locked",
  short: "accounts.password.error.short",
  long: "accounts.password.error.long",
  mismatch: "accounts.password.error.mismatch",
};

const stepUpProblem: Record<Exclude<StepUp, "ok">, { key: MessageKey; status: number }> = {
  missing: { key: "secrets.stepUp.missing", status: 400 },
  wrong: { key: "secrets.stepUp.wrong", status: 400 },
  locked: { key: "accounts.error.locked", status: 429 },
};

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(context);
  const { session } = actor;
  const form = await readForm(request);
  const intent = formString(form, "intent");
  const now = new Date();
  switch (intent) {
    case "password": {
      const result = await changeOwnPassword(
        session,
        formString(form, "current"),
        formString(form, "password"),
        formString(form, "repeat"),
        now,
      );
      if (!result.ok)
        return data<ActionResult>(
          { section: "password", error: passwordProblemKey[result.problem] },
          result.problem === "locked" ? 429 : 400,
        );
      return data<ActionResult>({ section: "password", notice: "accounts.password.changed" });
    }
    case "phone":
      if (!(await setOwnPhone(actor, formString(form, "phone").slice(0, 40))))
        return data<ActionResult>({ section: "phone", error: "ladder.phone.error" }, 400);
      return data<ActionResult>({ section: "phone", notice: "ladder.phone.saved" });
    case "start-two-factor":
      await startEnrolment(session, now);
      return data<ActionResult>({ section: "twoFactor" });
    case "cancel-two-factor":
      await cancelEnrolment(session);
      return data<ActionResult>({ section: "twoFactor" });
    case "confirm-two-factor": {
      const proof = await stepUp(session, formString(form, "proof"), now);
      if (proof !== "ok") return data<ActionResult>({ section: "twoFactor", error: stepUpProblem[proof].key }, stepUpProblem[proof].status);
      const recoveryCodes = await enableOwnTwoFactor(session, formString(form, "code").slice(0, 64), now);
      if (!recoveryCodes) return data<ActionResult>({ section: "twoFactor", error: "accounts.enrol.error" }, 400);
      return data<ActionResult>({ section: "twoFactor", notice: "accounts.twoFactor.turnedOn", recoveryCodes });
    }
    case "turn-off-two-factor": {
      const result = await turnOffOwnTwoFactor(session, formString(form, "password"), now);
      if (result === "required") throw new Response(null, { status: 403 });
      if (result !== "ok") {
        return data<ActionResult>(
          { section: "twoFactor", error: result === "locked" ? "accounts.error.locked" : "accounts.password.error.current" },
          result === "locked" ? 429 : 400,
        );
      }
      return data<ActionResult>({ section: "twoFactor", notice: "accounts.twoFactor.turnedOff" });
    }
    case "new-recovery-codes": {
      if (!session.twoFactorEnabled) return data<ActionResult>({ section: "recovery", error: "error.400" }, 400);
      const proof = await stepUp(session, formString(form, "proof"), now);
      if (proof !== "ok") return data<ActionResult>({ section: "recovery", error: stepUpProblem[proof].key }, stepUpProblem[proof].status);
      return data<ActionResult>({ section: "recovery", recoveryCodes: await replaceRecoveryCodes(session, now) });
    }
    case "channels": {
      const chosen = await chooseChannels(session, form.getAll("channel").map(String));
      if (!chosen) return data<ActionResult>({ section: "channels", error: "error.400" }, 400);
      return data<ActionResult>({ section: "channels", notice: "channels.saved" });
    }
    // The code is shown once, in this answer: only its hash is kept.
    case "telegram-code":
      return data<ActionResult>({ section: "telegram", telegramCode: await startTelegramLink(session, now) });
    case "telegram-unlink":
      await unlinkTelegram(session);
      return data<ActionResult>({ section: "telegram", notice: "channels.telegram.unlinked" });
    case "sign-out-everywhere":
      await signOutEverywhere(session);
      return redirect("/staff/sign-in", { headers: { "Set-Cookie": clearedSessionCookie() } });
    default:
      return data<ActionResult>({ section: "password", error: "error.400" }, 400);
  }
}

function Message({
  result,
  section,
  limits,
}: {
  result: ActionResult | undefined;
  section: Section;
  limits: { min: number; max: number };
}) {
  const t = useT();
  if (!result || result.section !== section) return null;
  return (
    <>
      {result.error && (
        <p className="problem" role="alert" id={`${section}-error`}>
          {t(result.error, limits)}
        </p>
      )}
      {result.notice && (
        <p className="notice" role="status">
          {t(result.notice)}
        </p>
      )}
      {result.recoveryCodes && <RecoveryCodes codes={result.recoveryCodes} />}
    </>
  );
}

/** The password or a current code, asked again before the way of signing in changes. */
function StepUpField({ id }: { id: string }) {
  const t = useT();
  return (
    <>
      <label htmlFor={id}>{t("secrets.stepUp.label")}</label>
      <input
        id={id}
        name="proof"
        type="password"
        autoComplete="current-password"
        required
        maxLength={200}
        aria-describedby={`${id}-hint`}
      />
      <p className="hint small" id={`${id}-hint`}>
        {t("secrets.stepUp.hint")}
      </p>
    </>
  );
}

export default function Account() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const t = useT();
  const { twoFactor } = page;
  return (
    <>
      <section className="card">
        <h1>{t("accounts.account.title")}</h1>
        {page.recoveryUsed && (
          <p className="notice" role="status">
            {t("accounts.recovery.used", { count: twoFactor.recoveryCodesLeft })}
          </p>
        )}
        <dl className="facts">
          <dt>{t("accounts.account.email")}</dt>
          <dd>{page.email}</dd>
          <dt>{t("accounts.account.role")}</dt>
          <dd>{t(`role.${page.role}`)}</dd>
        </dl>
      </section>

      <Channels page={page} result={result} />
      <section className="card" aria-labelledby="phone-title">
        <h2 id="phone-title">{t("ladder.phone.title")}</h2>
        <Message result={result} section="phone" limits={page.password} />
        <Form method="post">
          <input type="hidden" name="intent" value="phone" />
          <label htmlFor="phone">{t("ladder.phone.label")}</label>
          <p className="hint" id="phone-hint">
            {t("ladder.phone.hint")}
          </p>
          <input
            id="phone"
            name="phone"
            type="tel"
            autoComplete="tel"
            maxLength={40}
            defaultValue={page.phone}
            aria-describedby={result?.section === "phone" && result.error ? "phone-hint phone-error" : "phone-hint"}
            aria-invalid={result?.section === "phone" && result.error ? true : undefined}
          />
          <button type="submit" className="button">
            {t("ladder.phone.save")}
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="two-factor-title">
        <h2 id="two-factor-title">{t("accounts.twoFactor.section")}</h2>
        <p>
          {t(twoFactor.enabled ? "accounts.twoFactor.on" : "accounts.twoFactor.off")}{" "}
          {t(twoFactor.required ? "accounts.twoFactor.required" : "accounts.twoFactor.optional")}
        </p>
        <Message result={result} section="twoFactor" limits={page.password} />
        {twoFactor.pending ? (
          <>
            <EnrolmentKey keyText={twoFactor.pending.key} uri={twoFactor.pending.uri} />
            <Form method="post">
              <input type="hidden" name="intent" value="confirm-two-factor" />
              <label htmlFor="enrol-code">{t("accounts.enrol.code")}</label>
              <input id="enrol-code" name="code" inputMode="numeric" autoComplete="one-time-code" required maxLength={12} />
              <StepUpField id="enrol-proof" />
              <button type="submit" className="button">
                {t("accounts.enrol.submit")}
              </button>
            </Form>
            <Form method="post">
              <input type="hidden" name="intent" value="cancel-two-factor" />
              <button type="submit" className="secondary">
                {t("accounts.twoFactor.cancelSetUp")}
              </button>
            </Form>
          </>
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value="start-two-factor" />
            {twoFactor.enabled && <p className="hint">{t("accounts.twoFactor.replaceHint")}</p>}
            <button type="submit" className={twoFactor.enabled ? "secondary" : undefined}>
              {t(twoFactor.enabled ? "accounts.twoFactor.replace" : "accounts.twoFactor.setUp")}
            </button>
          </Form>
        )}
        {twoFactor.enabled && !twoFactor.required && !twoFactor.pending && (
          <Form method="post">
            <input type="hidden" name="intent" value="turn-off-two-factor" />
            <label htmlFor="turn-off-password">{t("accounts.twoFactor.turnOffPassword")}</label>
            <input
              id="turn-off-password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              maxLength={page.password.max}
            />
            <button type="submit" className="secondary">
              {t("accounts.twoFactor.turnOff")}
            </button>
          </Form>
        )}
      </section>

      {twoFactor.enabled && (
        <section className="card" aria-labelledby="recovery-title">
          <h2 id="recovery-title">{t("accounts.recovery.section")}</h2>
          <p>{t("accounts.recovery.left", { count: twoFactor.recoveryCodesLeft })}</p>
          <Message result={result} section="recovery" limits={page.password} />
          <Form method="post">
            <input type="hidden" name="intent" value="new-recovery-codes" />
            <p className="hint">{t("accounts.recovery.newHint")}</p>
            <StepUpField id="recovery-proof" />
            <button type="submit" className="secondary">
              {t("accounts.recovery.new")}
            </button>
          </Form>
        </section>
      )}

      <section className="card" aria-labelledby="password-title">
        <h2 id="password-title">{t("accounts.password.title")}</h2>
        <Message result={result} section="password" limits={page.password} />
        <Form method="post">
          <input type="hidden" name="intent" value="password" />
          <input type="text" name="username" autoComplete="username" value={page.email} readOnly hidden />
          <label htmlFor="current">{t("accounts.password.current")}</label>
          <input id="current" name="current" type="password" autoComplete="current-password" required maxLength={page.password.max} />
          <label htmlFor="password">{t("accounts.password.new")}</label>
          <p className="hint" id="password-hint">
            {t("accounts.password.newHint", { min: page.password.min })}
          </p>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={page.password.min}
            maxLength={page.password.max}
            aria-describedby="password-hint"
          />
          <label htmlFor="repeat">{t("accounts.password.repeat")}</label>
          <input
            id="repeat"
            name="repeat"
            type="password"
            autoComplete="new-password"
            required
            minLength={page.password.min}
            maxLength={page.password.max}
          />
          <button type="submit" className="button">
            {t("accounts.password.submit")}
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="everywhere-title">
        <h2 id="everywhere-title">{t("accounts.everywhere.title")}</h2>
        <p>{t("accounts.everywhere.lead")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="sign-out-everywhere" />
          <button type="submit" className="secondary">
            {t("accounts.everywhere.submit")}
          </button>
        </Form>
      </section>
    </>
  );
}

/** Where notifications reach the person besides the app, and their Telegram link. */
function Channels({ page, result }: { page: ReturnType<typeof useLoaderData<typeof loader>>; result: ActionResult | undefined }) {
  const t = useT();
  const { options, telegram } = page.channels;
  const code = result?.section === "telegram" ? result.telegramCode : undefined;
  return (
    <>
      <section className="card" aria-labelledby="channels-title">
        <h2 id="channels-title">{t("channels.section")}</h2>
        <p>{t("channels.lead")}</p>
        <p className="hint">{t("channels.privacy")}</p>
        <Message result={result} section="channels" limits={page.password} />
        <Form method="post">
          <input type="hidden" name="intent" value="channels" />
          <fieldset>
            <legend className="visually-hidden">{t("channels.section")}</legend>
            {options.map((o) => {
              // Why a chosen channel would not reach the person yet.
              const hint: MessageKey | undefined = !o.configured
                ? "channels.notConfigured"
                : o.missing
                  ? o.channel === "sms"
                    ? "channels.noPhone"
                    : "channels.notLinked"
                  : undefined;
              return (
                <div key={o.channel}>
                  <label className="choice">
                    <input
                      type="checkbox"
                      name="channel"
                      value={o.channel}
                      defaultChecked={o.chosen}
                      aria-describedby={hint ? `channel-${o.channel}-hint` : undefined}
                    />
                    {t(`channels.${o.channel}`)}
                  </label>
                  {hint && (
                    <p className="hint" id={`channel-${o.channel}-hint`}>
                      {t(hint)}
                    </p>
                  )}
                </div>
              );
            })}
          </fieldset>
          <button type="submit" className="button">
            {t("channels.submit")}
          </button>
        </Form>
      </section>

      {telegram && (
        <section className="card" aria-labelledby="telegram-title">
          <h2 id="telegram-title">{t("channels.telegram.section")}</h2>
          <p>{t(telegram.linked ? "channels.telegram.isLinked" : "channels.telegram.isNotLinked")}</p>
          <Message result={result} section="telegram" limits={page.password} />
          {code && (
            <div role="status">
              <p>
                {t("channels.telegram.code")}: <strong className="telegram-code">{code}</strong>
              </p>
              <p>
                {telegram.botName
                  ? t("channels.telegram.howTo", { bot: telegram.botName, minutes: telegram.codeMinutes })
                  : t("channels.telegram.howToNoName", { minutes: telegram.codeMinutes })}
              </p>
              {telegram.botName && (
                <p>
                  <a href={`https://t.me/${encodeURIComponent(telegram.botName)}?start=${code}`}>
                    {t("channels.telegram.open", { bot: telegram.botName })}
                  </a>
                </p>
              )}
            </div>
          )}
          <Form method="post">
            <input type="hidden" name="intent" value="telegram-code" />
            <button type="submit" className={telegram.linked ? "secondary" : "button"}>
              {t("channels.telegram.getCode")}
            </button>
          </Form>
          {telegram.linked && (
            <Form method="post">
              <input type="hidden" name="intent" value="telegram-unlink" />
              <button type="submit" className="secondary">
                {t("channels.telegram.unlink")}
              </button>
            </Form>
          )}
        </section>
      )}
    </>
  );
}
