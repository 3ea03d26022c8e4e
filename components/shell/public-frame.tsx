import type { ReactNode } from "react";
import { ButtonLink } from "@/components/ui/button";
import { Logo } from "./logo";
import { ThemeToggle } from "./theme-toggle";

/** The public pages' frame (header and `<main>`), for pages outside the portal and sign-in. */
export function PublicFrame({ children }: { children: ReactNode }) {
  return (
    <div className="mx-auto flex min-h-dvh max-w-5xl flex-col px-6">
      <header className="flex items-center justify-between py-6">
        <Logo />
        <div className="flex items-center gap-2">
          <ThemeToggle />
          <ButtonLink href="/signin" variant="ghost">
            Sign in
          </ButtonLink>
        </div>
      </header>
      <main id="main" className="flex flex-1 flex-col justify-center py-16">
        {children}
      </main>
    </div>
  );
}
