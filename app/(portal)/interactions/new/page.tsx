import type { Metadata } from "next";
import Link from "next/link";
import { createInteractionAction } from "@/app/(portal)/interactions/actions";
import { NewInteractionForm } from "@/components/crm/interaction-form";
import { Card, PageHeader } from "@/components/ui/card";
import { requireActor } from "@/lib/auth/session";
import { listCustomers } from "@/lib/crm/customers";
import { listStaff } from "@/lib/crm/interactions";
import { listCustomersQuery } from "@/lib/validation/crm";

export const metadata: Metadata = { title: "Schedule" };

export default async function NewInteractionPage({
  searchParams,
}: {
  searchParams: Promise<{ customer?: string }>;
}) {
  const actor = await requireActor("ADMIN", "ENGINEER");
  const { customer } = await searchParams;
  const isAdmin = actor.userType === "ADMIN";
  const customers = (
    await listCustomers(actor, listCustomersQuery.parse({ limit: 100, status: "active" }))
  ).data.map(({ userId, name, company }) => ({ userId, name, company }));
  const staff = isAdmin ? await listStaff(actor) : [];
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/interactions" className="text-indigo-700 hover:underline dark:text-indigo-300">
          ← Interactions
        </Link>
      </p>
      <PageHeader
        title="Schedule a meeting, call, task or follow-up"
        description={isAdmin ? undefined : "With a customer whose tickets you work on; you own it."}
      />
      <Card className="max-w-2xl">
        <NewInteractionForm
          customers={customers}
          staff={staff}
          defaultCustomer={customer}
          isAdmin={isAdmin}
          action={createInteractionAction}
        />
      </Card>
    </>
  );
}
