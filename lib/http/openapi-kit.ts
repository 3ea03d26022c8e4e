import type { z } from "zod";
import type { ZodOpenApiOperationObject } from "zod-openapi";
import { errorSchema } from "@/lib/validation/responses";

/** Helpers shared by the OpenAPI path files (openapi.ts and the openapi-*.ts of each area). */
export const json = (schema: z.ZodType) => ({ content: { "application/json": { schema } } });
export const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [String(c), { description: ERROR_TEXT[c], ...json(errorSchema) }]),
  );
const ERROR_TEXT: Record<number, string> = {
  400: "Validation failed; `details` names each field",
  401: "Not signed in, or the token no longer works",
  403: "Signed in, but not allowed",
  404: "Not found, or not visible to you",
  409: "Conflicts with existing data",
  413: "Body too large",
  415: "Body is not JSON",
  429: "Rate limited; see Retry-After",
};

export function op(
  summary: string,
  o: Omit<ZodOpenApiOperationObject, "summary" | "responses"> & {
    ok: [number, string, z.ZodType];
    errors: number[];
    secured?: boolean;
  },
): ZodOpenApiOperationObject {
  const { ok, errors: codes, secured = true, ...rest } = o;
  return {
    summary,
    ...(secured ? {} : { security: [] }),
    ...rest,
    responses: { [String(ok[0])]: { description: ok[1], ...json(ok[2]) }, ...errors(...codes) },
  };
}
