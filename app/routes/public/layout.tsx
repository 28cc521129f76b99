import { Outlet } from "react-router";
import type { RouteHandle } from "~/root";

// Anonymous pages: no JavaScript (a cheap phone, no script to trust) and no cookie.
export const handle: RouteHandle = { hydrate: false };

export default function PublicArea() {
  return <Outlet />;
}

export { RouteErrorPage as ErrorBoundary } from "~/components/route-error-page";
