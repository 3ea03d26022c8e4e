import type { Metadata } from "next";
import { Problem } from "@/components/shell/problem";
import { PublicFrame } from "@/components/shell/public-frame";
import { ButtonLink } from "@/components/ui/button";

export const metadata: Metadata = { title: "Page not found" };

/** Any address no route has (and a malformed one, rewritten here by server.mjs). */
export default function NotFound() {
  return (
    <PublicFrame>
      <Problem
        code="404"
        title="This page does not exist"
        actions={<ButtonLink href="/">Go home</ButtonLink>}
      >
        <p>
          It may have been removed, the address may be mistyped, or you may not have access to it.
        </p>
      </Problem>
    </PublicFrame>
  );
}
