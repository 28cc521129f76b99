import { redirect, type LoaderFunctionArgs } from "react-router";
import { staffHome } from "~/domain/policy/policy.server";
import { requireActor } from "~/http/staff-session.server";

/** Every role has a start page of its own. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(context);
  throw redirect(staffHome(actor.user.role));
}
