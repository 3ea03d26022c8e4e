import type { Metadata } from "next";
import { Problem } from "@/components/shell/problem";
import { ButtonLink } from "@/components/ui/button";

export const metadata: Metadata = { title: "Not found" };

/** A ticket, customer, interaction, user or message that doesn't exist or that you may not see. */
export default function PortalNotFound() {
  return (
    <Problem
      code="404"
      title="Nothing here"
      actions={<ButtonLink href="/dashboard">Back to your dashboard</ButtonLink>}
    >
      <p>
        It may have been removed, the address may be mistyped, or you may not have access to it.
      </p>
    </Problem>
  );
}
