import { AppError, type FieldErrors } from "@/lib/errors";

/**
 * Refuses input holding a NUL character (U+0000) anywhere in its text, on either engine: nothing a
 * person types contains one, PostgreSQL can't store it, and SQLite would. One rule for both: a
 * 400 naming the fields, before anything is read or written (docs/api.md#errors).
 */
export function refuseNul(input: unknown) {
  const fields: FieldErrors = {};
  const walk = (value: unknown, path: string) => {
    if (typeof value === "string") {
      if (value.includes("\0")) (fields[path || "_"] ??= []).push("Remove the NUL character");
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, path ? `${path}.${i}` : String(i)));
    } else if (value && typeof value === "object" && !(value instanceof Date)) {
      for (const [key, item] of Object.entries(value)) walk(item, path ? `${path}.${key}` : key);
    }
  };
  walk(input, "");
  if (Object.keys(fields).length) {
    throw new AppError("VALIDATION", "Text may not contain NUL characters", fields);
  }
}
