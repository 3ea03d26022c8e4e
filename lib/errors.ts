/**
 * The one error type of the domain. Mapped to HTTP by lib/http/errors.ts and to form state by
 * lib/http/with-action.ts.
 */
export type ErrorCode =
  | "VALIDATION"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "METHOD_NOT_ALLOWED"
  | "CONFLICT"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "RATE_LIMITED";

export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly details?: FieldErrors,
    /** Seconds until a rate-limited caller may try again. */
    public readonly retryAfter?: number,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what = "Not found") => new AppError("NOT_FOUND", what);
export const forbidden = (why: string) => new AppError("FORBIDDEN", why);
export const conflict = (why: string, details?: FieldErrors) =>
  new AppError("CONFLICT", why, details);
export const invalid = (why: string, details?: FieldErrors) =>
  new AppError("VALIDATION", why, details);
