import type { ReactNode } from "react";
import { ConsoleSidebar } from "@/components/clusters/console-sidebar";

export default function ConsoleLayout({ children }: { children: ReactNode }) {
  return (
    <div className="shell">
      <ConsoleSidebar />
      <main className="main" id="main">
        {children}
      </main>
    </div>
  );
}
