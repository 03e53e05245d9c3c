import "server-only";
import { signIn as checkSignIn } from "@/lib/auth/sign-in";
import * as contract from "@/lib/contract/access";
import { defineVerb } from "@/lib/verbs/verb";

/** POST /api/v1/auth/sign-in (public): checks the password (rate-limited); lib/auth/sign-in.ts audits success and failure. */
export const signIn = defineVerb({
  operation: contract.signIn,
  audits: ["auth.sign-in", "auth.sign-in-failed", "auth.sign-in-rate-limited"],
  run: ({ body: { username, password }, request }) => checkSignIn(request, username, password),
});
