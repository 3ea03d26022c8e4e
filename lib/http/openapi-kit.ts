import type { z } from "zod";
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from "zod-openapi";
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
  415: "The body is not of a type this operation takes (JSON unless others are listed)",
  429: "Rate limited; see Retry-After",
  503: "Attachment storage doesn't answer; nothing was changed. Try again after Retry-After",
};

export function op(
  summary: string,
  o: Omit<ZodOpenApiOperationObject, "summary" | "responses" | "operationId"> & {
    /** The method name a generated client gives this operation (unique in the document). */
    operationId: string;
    ok: [number, string, z.ZodType];
    errors: number[];
    /** Answers other than the ok one and the error shape (a 503 with a body of its own). */
    responses?: ZodOpenApiOperationObject["responses"];
    secured?: boolean;
  },
): ZodOpenApiOperationObject {
  const { ok, errors: codes, secured = true, responses, ...rest } = o;
  return {
    summary,
    ...(secured ? {} : { security: [] }),
    ...rest,
    responses: {
      [String(ok[0])]: { description: ok[1], ...json(ok[2]) },
      ...errors(...codes),
      ...responses,
    },
  };
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
const UNSAFE = new Set<string>(["put", "post", "delete", "patch"]);

/**
 * Adds the answers withApi gives on every operation, so no path file can forget one: 429 (every
 * route is rate-limited), 401 (a token that no longer works is refused even where none is needed),
 * and 400/413/415 wherever a body is read (capped, of a listed type) or 400 where a query is parsed.
 */
export function withStandardResponses(paths: ZodOpenApiPathsObject): ZodOpenApiPathsObject {
  const out: ZodOpenApiPathsObject = {};
  for (const [path, item] of Object.entries(paths)) {
    const copy = { ...item };
    for (const method of METHODS) {
      const operation = copy[method];
      if (!operation) continue;
      const codes = [429, 401];
      if (operation.requestBody && "content" in operation.requestBody) codes.push(400, 413, 415);
      if (operation.requestParams?.query) codes.push(400);
      // A change made with the browser's session cookie must come from this site (same-origin.ts).
      if (UNSAFE.has(method)) codes.push(403);
      const added: Record<string, unknown> = {};
      for (const code of codes) {
        if ((operation.responses as Record<string, unknown> | undefined)?.[String(code)]) continue;
        const anonymous = Array.isArray(operation.security) && operation.security.length === 0;
        const description =
          code === 401 && anonymous
            ? "A token was sent but no longer works (send none to call this anonymously)"
            : code === 403
              ? "Sent with the browser's session cookie from another site (no or a foreign Origin)"
              : ERROR_TEXT[code];
        added[String(code)] = { description, ...json(errorSchema) };
      }
      copy[method] = {
        ...operation,
        responses: sortByStatus({ ...operation.responses, ...added }),
      };
    }
    out[path] = copy;
  }
  return out;
}

const sortByStatus = <T>(responses: Record<string, T>) =>
  Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
