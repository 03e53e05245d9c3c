import type { ReactNode } from "react";

/** A titled block of the main area (a table with its toolbar). */
export function Section({
  title,
  actions,
  children,
  id,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  id?: string;
}) {
  return (
    <section className="section" id={id}>
      {title || actions ? (
        <div className="section-head">
          {title ? <h2 className="section-title">{title}</h2> : <span />}
          {actions ? <div className="section-actions">{actions}</div> : null}
        </div>
      ) : null}
      {children}
    </section>
  );
}

export function Toolbar({ children }: { children: ReactNode }) {
  return <div className="toolbar">{children}</div>;
}
