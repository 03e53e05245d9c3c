"use client";
import { useState } from "react";
import { signOut } from "@/lib/client/access-queries";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { useCurrentUser } from "./current-user";

const ROLE_TONE = { viewer: "neutral", operator: "info", admin: "accent" } as const;

/** Who is signed in, with which role, and the way out. */
export function SignedInUser() {
  const me = useCurrentUser();
  const [leaving, setLeaving] = useState(false);
  if (!me) return null;
  return (
    <div className="signed-in-user">
      <div className="signed-in-name" title={`Signed in as ${me.user.username} (${me.user.role})`}>
        <span className="truncate bidi-isolate">{me.user.username}</span>
        <Badge tone={ROLE_TONE[me.user.role]}>{me.user.role}</Badge>
      </div>
      <Button
        size="sm"
        variant="ghost"
        disabled={leaving}
        onClick={() => {
          setLeaving(true);
          void signOut();
        }}
      >
        {leaving ? "Signing out…" : "Sign out"}
      </Button>
    </div>
  );
}
