"use client";

import { useTheme } from "next-themes";
import { useEffect, useRef } from "react";
import { Toaster as Sonner, toast } from "sonner";
import type { Flash } from "@/lib/http/flash";

/**
 * The app's one toast region (mounted once in the root layout): confirmations of work that
 * happened ("Reply sent", "Ticket #12 was deleted.") that fade on their own instead of staying on
 * the page after the moment has passed. Sonner announces each through a polite live region; the
 * theme follows next-themes. Errors stay inline, next to what needs fixing.
 */
export function Toaster() {
  const { resolvedTheme } = useTheme();
  return (
    <Sonner
      theme={resolvedTheme === "dark" ? "dark" : "light"}
      position="bottom-right"
      closeButton
      duration={6000}
      containerAriaLabel="Notifications"
      toastOptions={{ closeButtonAriaLabel: "Dismiss notification" }}
    />
  );
}

/** Shows what an action reported, as a toast in the tone it asked for. */
export function notify(message: string, tone: Flash["tone"] = "success", id?: string) {
  const show = { success: toast.success, warning: toast.warning, info: toast.info }[tone];
  show(message, id ? { id } : undefined);
}

/**
 * The one-time flash a server action left before redirecting (lib/http/flash.ts), shown as a
 * toast. The id keeps React's double effects and a re-render of the same response from showing it
 * twice.
 */
export function FlashToast({ flash }: { flash: Flash & { id: string } }) {
  const shown = useRef<string | null>(null);
  useEffect(() => {
    if (shown.current === flash.id) return;
    shown.current = flash.id;
    notify(flash.text, flash.tone, flash.id);
  }, [flash]);
  return null;
}
