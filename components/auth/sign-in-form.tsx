"use client";
import { useState, type FormEvent } from "react";
import { api, errorMessage } from "@/lib/client/api-client";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/input";

const MIN_PASSWORD = 10;

/**
 * Sign in, or, while the console has no users at all, create the first admin. A full page load
 * follows, so the console is rendered afresh for the new session.
 */
export function SignInForm({ next, firstAdmin }: { next: string; firstAdmin: boolean }) {
  const [username, setUsername] = useState(firstAdmin ? "admin" : "");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (firstAdmin && password.length < MIN_PASSWORD) return setError(`The password needs at least ${MIN_PASSWORD} characters.`);
    if (firstAdmin && password !== confirm) return setError("The two passwords differ.");
    setBusy(true);
    try {
      await api.post(firstAdmin ? "/auth/setup" : "/auth/sign-in", { username, password });
      window.location.assign(next);
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(false);
    }
  };

  return (
    <form className="stack-form" onSubmit={submit} aria-label={firstAdmin ? "Create the first admin" : "Sign in"}>
      {firstAdmin ? (
        <p className="muted">
          No users exist yet. Create the first admin; this form disappears once there is one. (Set
          <code> EVENTSCOPE_ADMIN_PASSWORD</code> to create it from the environment instead.)
        </p>
      ) : null}
      {error ? (
        <div className="form-error" role="alert">
          {error}
        </div>
      ) : null}
      <Field label="Username">
        {(props) => (
          <Input {...props} name="username" autoComplete="username" autoFocus value={username} spellCheck={false} onChange={(e) => setUsername(e.target.value)} required />
        )}
      </Field>
      <Field label="Password" hint={firstAdmin ? `At least ${MIN_PASSWORD} characters` : undefined}>
        {(props) => (
          <Input
            {...props}
            name="password"
            type="password"
            autoComplete={firstAdmin ? "new-password" : "current-password"}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        )}
      </Field>
      {firstAdmin ? (
        <Field label="Repeat the password">
          {(props) => <Input {...props} name="confirm" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} required />}
        </Field>
      ) : null}
      <Button type="submit" variant="primary" disabled={busy}>
        {busy ? "Signing in…" : firstAdmin ? "Create admin and sign in" : "Sign in"}
      </Button>
    </form>
  );
}
