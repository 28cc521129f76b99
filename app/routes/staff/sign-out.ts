import { redirect, type ActionFunctionArgs } from "react-router";
import { endSession } from "~/http/staff-session.server";

export async function action({ request }: ActionFunctionArgs) {
  return redirect("/staff/sign-in", { headers: { "Set-Cookie": await endSession(request) } });
}

export function loader() {
  return redirect("/staff/sign-in");
}
