"use client";

import { ErrorBoundaryPage, type ErrorBoundaryProps } from "@/components/shell/error-boundary-page";
import { PublicFrame } from "@/components/shell/public-frame";

/** Errors outside the portal and sign-in, and in their layouts, inside the root layout. */
export default function RootError(props: ErrorBoundaryProps) {
  return (
    <PublicFrame>
      <ErrorBoundaryPage {...props} />
    </PublicFrame>
  );
}
