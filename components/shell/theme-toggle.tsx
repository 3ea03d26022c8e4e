"use client";

import { Monitor, Moon, Sun } from "lucide-react";
import { useTheme } from "next-themes";
import { useHydrated } from "@/components/forms/use-hydrated";

const ORDER = ["system", "light", "dark"] as const;
const ICONS = { system: Monitor, light: Sun, dark: Moon };

/** Cycles system → light → dark. Renders a stable placeholder until mounted (the theme is client-only). */
export function ThemeToggle() {
  const { theme = "system", setTheme } = useTheme();
  const mounted = useHydrated();
  const current = (ORDER as readonly string[]).includes(theme)
    ? (theme as (typeof ORDER)[number])
    : "system";
  const next = ORDER[(ORDER.indexOf(current) + 1) % ORDER.length];
  const Icon = ICONS[mounted ? current : "system"];
  return (
    <button
      type="button"
      onClick={() => setTheme(next)}
      className="inline-flex size-9 items-center justify-center rounded-md text-zinc-600 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-zinc-300 dark:hover:bg-zinc-800"
      aria-label={`Theme: ${mounted ? current : "system"}. Switch to ${next}`}
      title={`Theme: ${mounted ? current : "system"}`}
    >
      <Icon className="size-4" aria-hidden />
    </button>
  );
}
