import { Outlet, type MiddlewareFunction } from "react-router";
import { withoutScriptsContext } from "~/http/request-context.server";
import type { RouteHandle } from "~/root";

// Anonymous pages: no JavaScript (a cheap phone, no script to trust) and no cookie.
export const handle: RouteHandle = { hydrate: false };
// So the root loader sends them their titles only, not messages no script would read.
export const middleware: MiddlewareFunction[] = [({ context }) => void context.set(withoutScriptsContext, true)];

export default function PublicArea() {
  return <Outlet />;
}

export { RouteErrorPage as ErrorBoundary } from "~/components/route-error-page";
