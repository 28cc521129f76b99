import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { may } from "~/domain/policy/policy.server";
import { requireActor } from "~/http/staff-session.server";
import { useT } from "~/i18n/i18n";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "staffHome.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  if (may(actor, "read:report:school")) throw redirect("/school/reports");
  return { role: actor.user.role };
}

export default function StaffHome() {
  const { role } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section className="card">
      <h1>{t("staffHome.title")}</h1>
      <p>{t(`staffHome.${role}`)}</p>
    </section>
  );
}
