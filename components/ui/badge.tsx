import type { ReactNode } from "react";
import { USER_STATUS_LABEL, USER_TYPE_LABEL } from "@/lib/labels";
import { cn } from "./cn";

const TONES = {
  gray: "bg-zinc-100 text-zinc-700 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700",
  green:
    "bg-emerald-50 text-emerald-800 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-300 dark:ring-emerald-800",
  amber:
    "bg-amber-50 text-amber-800 ring-amber-300 dark:bg-amber-950 dark:text-amber-300 dark:ring-amber-800",
  red: "bg-red-50 text-red-800 ring-red-300 dark:bg-red-950 dark:text-red-300 dark:ring-red-800",
  indigo:
    "bg-indigo-50 text-indigo-800 ring-indigo-300 dark:bg-indigo-950 dark:text-indigo-300 dark:ring-indigo-800",
} as const;

export function Badge({
  tone = "gray",
  children,
  className,
}: {
  tone?: keyof typeof TONES;
  children: ReactNode;
  className?: string;
}) {
  return (
    <span
      className={cn(
        "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
        TONES[tone],
        className,
      )}
    >
      {children}
    </span>
  );
}

const STATUS_TONE = { APPROVED: "green", PENDING: "amber", REJECTED: "red" } as const;
const ROLE_TONE = { ADMIN: "indigo", ENGINEER: "gray", CUSTOMER: "gray" } as const;

export const StatusBadge = ({ status }: { status: keyof typeof STATUS_TONE }) => (
  <Badge tone={STATUS_TONE[status]}>{USER_STATUS_LABEL[status]}</Badge>
);
export const RoleBadge = ({ role }: { role: keyof typeof ROLE_TONE }) => (
  <Badge tone={ROLE_TONE[role]}>{USER_TYPE_LABEL[role]}</Badge>
);
