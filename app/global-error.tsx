"use client";

import "./globals.css";
import { ErrorBoundaryPage, type ErrorBoundaryProps } from "@/components/shell/error-boundary-page";

/** When the root layout itself fails: this replaces it, so it brings its own <html> and <body>. */
export default function GlobalError(props: ErrorBoundaryProps) {
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans">
        <main id="main" className="px-6 py-16">
          <ErrorBoundaryPage {...props} />
        </main>
      </body>
    </html>
  );
}
