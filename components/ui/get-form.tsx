"use client";

import { usePathname, useRouter } from "next/navigation";
import type { ComponentProps } from "react";
import { withoutEmpty } from "@/lib/search-params";

/**
 * A filter form (method GET) whose address carries only the fields that were filled in, so a
 * shared or saved link says what it filters by. Before hydration, or without JavaScript, it is a
 * plain GET form and still works.
 */
export function GetForm({
  action,
  ...props
}: Omit<ComponentProps<"form">, "method" | "action"> & { action?: string }) {
  const router = useRouter();
  const pathname = usePathname();
  return (
    <form
      {...props}
      method="get"
      action={action}
      onSubmit={(e) => {
        props.onSubmit?.(e);
        if (e.defaultPrevented) return;
        e.preventDefault();
        const query = withoutEmpty(new FormData(e.currentTarget)).toString();
        const target = action ?? pathname;
        router.push(query ? `${target}?${query}` : target);
      }}
    />
  );
}
