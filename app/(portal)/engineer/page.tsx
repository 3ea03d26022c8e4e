import type { Metadata } from "next";
import { AccountSummary } from "@/components/users/account-summary";
import { PageHeader } from "@/components/ui/card";
import { requireActor } from "@/lib/auth/session";
import { getUser } from "@/lib/users/get-user";

export const metadata: Metadata = { title: "Dashboard" };

export default async function EngineerDashboard() {
  const actor = await requireActor("ENGINEER");
  const me = getUser(actor, actor.userId);
  return (
    <>
      <PageHeader
        title={`Welcome, ${me.name}`}
        description="You are an approved engineer on this help desk."
      />
      <AccountSummary user={me} />
    </>
  );
}
