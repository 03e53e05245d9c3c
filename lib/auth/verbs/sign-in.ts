import "server-only";
import { z } from "zod";
import { signIn as checkSignIn } from "@/lib/auth/sign-in";
import { usernameSchema } from "@/lib/auth/users";
import * as contract from "@/lib/contract/access";
import { defineVerb } from "@/lib/verbs/verb";

const signInSchema = z.object({ username: usernameSchema, password: z.string().min(1, "password is required").max(1024) });

/** POST /api/v1/auth/sign-in (public): checks the password (rate-limited); lib/auth/sign-in.ts audits success and failure. */
export const signIn = defineVerb({
  operation: contract.signIn,
  body: signInSchema,
  audits: ["auth.sign-in", "auth.sign-in-failed", "auth.sign-in-rate-limited"],
  run: ({ body: { username, password }, request }) => checkSignIn(request, username, password),
});
