import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { staffHome } from "~/domain/policy/policy.server";
import { requireActor } from "~/http/staff-session.server";

/** Every role has a start page of its own. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  throw redirect(staffHome(actor.user.role));
}
