"use client";
import { usePathname } from "next/navigation";
import { useEffect, useState, type ReactNode } from "react";

/**
 * The console's frame: the sidebar beside the page on a wide screen; on a narrow one (phones, 390 px)
 * the sidebar is a menu behind a button in a top bar, closed again by any navigation.
 */
export function ConsoleShell({ sidebar, children }: { sidebar: ReactNode; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpen(false);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);
  return (
    <div className={`shell ${open ? "shell-menu-open" : ""}`}>
      <div className="mobile-bar">
        <button
          type="button"
          className="btn btn-sm mobile-menu-button"
          aria-expanded={open}
          aria-controls="console-sidebar"
          data-testid="mobile-menu"
          onClick={() => setOpen((current) => !current)}
        >
          {open ? "✕ Close" : "☰ Menu"}
        </button>
        <span className="mobile-brand">Eventscope</span>
      </div>
      <div id="console-sidebar" className="shell-sidebar">
        {sidebar}
      </div>
      {open ? <div className="shell-backdrop" aria-hidden="true" onClick={() => setOpen(false)} /> : null}
      {children}
    </div>
  );
}
