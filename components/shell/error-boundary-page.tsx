"use client";

import { useEffect } from "react";
import { Button, ButtonLink } from "@/components/ui/button";
import { Problem } from "./problem";

export type ErrorBoundaryProps = {
  error: Error & { digest?: string };
  reset: () => void;
  /** Next 16: re-renders the segment from the server, then resets. */
  retry?: () => void;
};

/** What every error.tsx shows, inside whatever layout surrounds it. */
export function ErrorBoundaryPage({ error, reset, retry }: ErrorBoundaryProps) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <>
      <title>Something went wrong · Caseline</title>
      <Problem
        code="Error"
        title="Something went wrong showing this page"
        actions={
          <>
            <Button onClick={() => (retry ?? reset)()}>Try again</Button>
            <ButtonLink href="/" variant="secondary">
              Go home
            </ButtonLink>
          </>
        }
      >
        <p>
          The page could not be shown. Try again in a moment; if it keeps happening, tell us what
          you were doing.
        </p>
        {error.digest ? (
          <p className="mt-2 text-xs">
            Reference: <code>{error.digest}</code>
          </p>
        ) : null}
      </Problem>
    </>
  );
}
