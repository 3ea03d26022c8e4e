import { notFound } from "next/navigation";
import { cache } from "react";
import { AppError } from "@/lib/errors";

/**
 * The record a detail page shows, loaded once per request (React `cache`) for both its
 * `generateMetadata` and the page. `find` answers null when the record doesn't exist or the viewer
 * may not see it (NOT_FOUND), so the tab says "Not found" instead of the page's usual title;
 * `get` renders the portal's not-found page then.
 */
export function detailLoader<T>(load: (key: string) => T | Promise<T>) {
  const find = cache(async (key: string): Promise<T | null> => {
    try {
      return await load(key);
    } catch (error) {
      if (error instanceof AppError && error.code === "NOT_FOUND") return null;
      throw error;
    }
  });
  return { find, get: async (key: string) => (await find(key)) ?? notFound() };
}
