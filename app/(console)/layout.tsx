import type { ReactNode } from "react";
import { ConsoleSidebar } from "@/components/clusters/console-sidebar";
import { CurrentUserProvider } from "@/components/auth/current-user";
import { ReadOnlyBanner } from "@/components/auth/read-only-banner";
import { ConsoleShell } from "@/components/ui/console-shell";
import { requirePageActor } from "@/lib/auth/page-session";
import { getReadOnlyState } from "@/lib/auth/read-only";
import { actorView } from "@/lib/auth/roles";
import "@/components/auth/access.css";

// Every console page needs a valid session: checked here on the server (the proxy only looks for
// the cookie). The user and the read-only switches go down to the client for hiding buttons.
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const actor = await requirePageActor();
  const readOnly = await getReadOnlyState();
  return (
    <CurrentUserProvider initial={{ user: actorView(actor), readOnly }}>
      <ConsoleShell sidebar={<ConsoleSidebar />}>
        <main className="main" id="main">
          <ReadOnlyBanner />
          {children}
        </main>
      </ConsoleShell>
    </CurrentUserProvider>
  );
}
