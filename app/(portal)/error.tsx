"use client";

import { ErrorBoundaryPage, type ErrorBoundaryProps } from "@/components/shell/error-boundary-page";

/** Any portal page that fails renders this inside the portal shell (its header and `<main>`). */
export default function PortalError(props: ErrorBoundaryProps) {
  return <ErrorBoundaryPage {...props} />;
}
