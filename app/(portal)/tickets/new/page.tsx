import type { Metadata } from "next";
import { createTicketAction } from "@/app/(portal)/tickets/actions";
import { Card, PageHeader } from "@/components/ui/card";
import { NewTicketForm } from "@/components/tickets/new-ticket-form";
import { requireActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Raise a ticket" };

export default async function NewTicketPage() {
  const actor = await requireActor();
  return (
    <>
      <PageHeader
        title="Raise a ticket"
        description="Tell us what went wrong. It goes straight to the least busy engineer."
      />
      <Card className="max-w-2xl">
        <NewTicketForm canSetPriority={actor.userType === "ADMIN"} action={createTicketAction} />
      </Card>
    </>
  );
}
