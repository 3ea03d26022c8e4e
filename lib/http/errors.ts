import { ZodError, type z } from "zod";
import { isRefusedValue } from "@/db/dialect";
import { AppError, type ErrorCode, type FieldErrors } from "@/lib/errors";
import { logger } from "@/lib/log.mjs";

const STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

/** zod issues as `{field: [messages]}`; issues about the whole value go under "_". */
export function fieldErrors(error: z.core.$ZodError): FieldErrors {
  const details: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_";
    (details[key] ??= []).push(issue.message);
  }
  return details;
}

/**
 * The single error shape (docs/api.md#errors): `{error: {code, message, details?}}`. The headers an
 * AppError carries (Retry-After, WWW-Authenticate, Allow…) go out with it, over `extraHeaders`
 * (those every answer of the route carries, such as RateLimit-*).
 */
export function errorResponse(error: unknown, extraHeaders: Record<string, string> = {}): Response {
  if (error instanceof ZodError) {
    error = new AppError("VALIDATION", "Some fields are not valid", fieldErrors(error));
  }
  error = refusedValue(error) ?? error;
  if (!(error instanceof AppError)) {
    logger.error({ err: error }, "unexpected error");
    return Response.json(
      {
        error: {
          code: "INTERNAL",
          message: "Something went wrong on our side; nothing was changed",
        },
      },
      { status: 500, headers: extraHeaders },
    );
  }
  const headers: Record<string, string> = { ...extraHeaders, ...error.headers };
  const body = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details ? { details: error.details } : {}),
    },
  };
  return Response.json(body, { status: STATUS[error.code], headers });
}

/**
 * A value the database refused as input (a NUL character in text, a number out of range:
 * db/dialect.ts isRefusedValue) is the client's mistake: 400, and nothing was changed.
 */
export function refusedValue(error: unknown): AppError | undefined {
  if (error instanceof AppError || !isRefusedValue(error)) return undefined;
  return new AppError(
    "VALIDATION",
    "A value can't be stored: text may not contain NUL characters, and numbers must be in range",
  );
}
