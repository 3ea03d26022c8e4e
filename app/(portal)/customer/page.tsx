import type { Metadata } from "next";
import { AccountSummary } from "@/components/users/account-summary";
import { PageHeader } from "@/components/ui/card";
import { requireActor } from "@/lib/auth/session";
import { getUser } from "@/lib/users/get-user";

export const metadata: Metadata = { title: "Dashboard" };

export default async function CustomerDashboard() {
  const actor = await requireActor("CUSTOMER");
  const me = getUser(actor, actor.userId);
  return (
    <>
      <PageHeader
        title={`Welcome, ${me.name}`}
        description="Your customer account with Caseline's support team."
      />
      <AccountSummary user={me} />
    </>
  );
}
