"use client";

import { ErrorBoundaryPage, type ErrorBoundaryProps } from "@/components/shell/error-boundary-page";

/** A sign-in, sign-up or recovery page that fails renders this inside the sign-in card. */
export default function AuthError(props: ErrorBoundaryProps) {
  return <ErrorBoundaryPage {...props} />;
}
