"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { hasRole, type Role } from "@/lib/auth/roles";
import { useCurrentUser } from "./current-user";

const TABS: { href: string; label: string; role: Role }[] = [
  { href: "/settings/clusters", label: "Clusters", role: "viewer" },
  { href: "/settings/tokens", label: "API tokens", role: "viewer" },
  { href: "/settings/users", label: "Users", role: "admin" },
  { href: "/settings/masking", label: "Masking", role: "admin" },
  { href: "/settings/read-only", label: "Read-only mode", role: "viewer" },
];

/** Settings sections the signed-in user can use. */
export function SettingsTabs() {
  const pathname = usePathname() ?? "";
  const me = useCurrentUser();
  const tabs = TABS.filter((tab) => me && hasRole(me.user.role, tab.role));
  return (
    <nav className="settings-tabs" aria-label="Settings">
      {tabs.map((tab) => {
        const active = pathname === tab.href || pathname.startsWith(`${tab.href}/`);
        return (
          <Link key={tab.href} href={tab.href} className={`settings-tab ${active ? "settings-tab-active" : ""}`} aria-current={active ? "page" : undefined}>
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}

/** Shown instead of an admin page's content to anyone else (the API refuses them anyway). */
export function AdminOnly({ children }: { children: React.ReactNode }) {
  const me = useCurrentUser();
  if (me && hasRole(me.user.role, "admin")) return <>{children}</>;
  return (
    <div className="state state-empty" role="status">
      <div className="state-title">Admins only</div>
      <div className="state-body">Ask an admin of this console if you need a change here.</div>
    </div>
  );
}
