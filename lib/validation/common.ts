import { z } from "zod";

// In the browser, zod must not probe for eval (`Function("")`) to compile its parsers: the pages'
// Content-Security-Policy forbids it, and the probe alone is reported as a violation.
if (typeof window !== "undefined") z.config({ jitless: true });

/** `?limit=` (default 20, max 100) and an opaque `?cursor=` (docs/api.md#pagination). */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
export type PageQuery = z.infer<typeof pageQuery>;

/**
 * Form fields arrive as "" when empty: "" and null clear the value. An absent field stays
 * undefined, so a partial update (PATCH) leaves it as it was instead of clearing it.
 */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters`)
    .nullable()
    .transform((v) => v || null)
    // Outermost, so an absent field stays absent (an update leaves it alone) and the key is optional.
    .optional();

/** Query-string filters: an empty value (a form's "All" option) means no filter. */
export const emptyAsUndefined = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

/** A boolean from JSON (true/false) or a form or query string ("true", "1", "on", "false", "0"). */
export const boolish = z.union([
  z.boolean(),
  z
    .enum(["true", "false", "1", "0", "on", "off"])
    .transform((v) => v === "true" || v === "1" || v === "on"),
]);
