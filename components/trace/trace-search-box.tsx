"use client";
import "@/components/idempotency/idempotency.css";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { idempotencyHref } from "@/lib/client/idempotency-format";
import { Button } from "@/components/ui/button";

/** A small "trace an event id" box for the sidebar: opens /trace?id=… */
export function TraceSearchBox() {
  const router = useRouter();
  const [id, setId] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = id.trim();
    if (trimmed) router.push(idempotencyHref.trace(trimmed));
  };
  return (
    <form className="sidebar-trace" role="search" onSubmit={submit} aria-label="Trace an event">
      <input
        className="input"
        type="search"
        value={id}
        placeholder="Trace event id…"
        aria-label="Event id to trace"
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => setId(event.target.value)}
      />
      <Button type="submit" size="sm" disabled={id.trim() === ""}>
        Go
      </Button>
    </form>
  );
}
