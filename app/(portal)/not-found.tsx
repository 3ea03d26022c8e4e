import type { Metadata } from "next";
import { Problem } from "@/components/shell/problem";
import { ButtonLink } from "@/components/ui/button";

export const metadata: Metadata = { title: "Not found" };

// A detail page that calls notFound() keeps its own metadata title ("Ticket"), so this page names
// itself too; React hoists the <title> into the head.

/** A ticket, customer, interaction, user or message that doesn't exist or that you may not see. */
export default function PortalNotFound() {
  return (
    <>
      <title>Not found · Caseline</title>
      <Problem
        code="404"
        title="Nothing here"
        actions={<ButtonLink href="/dashboard">Back to your dashboard</ButtonLink>}
      >
        <p>
          It may have been removed, the address may be mistyped, or you may not have access to it.
        </p>
      </Problem>
    </>
  );
}
