import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { ensureFirstAdmin, needsFirstAdmin } from "@/lib/auth/first-admin";
import { getPageActor } from "@/lib/auth/page-session";
import { safeNextPath } from "@/lib/client/permissions";
import "@/components/auth/access.css";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

// Outside the console shell: the one page (with the API's health and sign-in) that needs no session.
export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).next;
  const next = safeNextPath(typeof raw === "string" ? raw : undefined);
  if (await getPageActor()) redirect(next);
  await ensureFirstAdmin();
  return (
    <main className="standalone">
      <div className="card sign-in-card">
        <div className="sign-in-brand">
          <span className="brand-mark" aria-hidden="true">◉</span>
          Eventscope
        </div>
        <SignInForm next={next} firstAdmin={await needsFirstAdmin()} />
      </div>
    </main>
  );
}
