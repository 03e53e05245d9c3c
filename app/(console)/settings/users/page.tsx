import type { Metadata } from "next";
import { UserAdmin } from "@/components/auth/user-admin";

export const metadata: Metadata = { title: "Users · Settings" };

export default function UsersPage() {
  return <UserAdmin />;
}
