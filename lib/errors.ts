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
  | "RATE_LIMITED"
  /** 503: a part this needs doesn't answer (the attachment store), or the instance is shutting down; try again. */
  | "UNAVAILABLE";

export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly details?: FieldErrors,
    /**
     * Response headers the refusal needs (Retry-After, WWW-Authenticate, RateLimit-*…), set where
     * the error is thrown: lib/http/errors.ts sends them as they are (docs/api.md#errors).
     */
    public readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = "AppError";
  }

  /** Seconds until a rate-limited caller may try again (its Retry-After header), if any. */
  get retryAfter(): number | undefined {
    const value = this.headers?.["Retry-After"];
    return value === undefined ? undefined : Number(value);
  }
}

export const notFound = (what = "Not found") => new AppError("NOT_FOUND", what);
export const forbidden = (why: string) => new AppError("FORBIDDEN", why);
export const conflict = (why: string, details?: FieldErrors) =>
  new AppError("CONFLICT", why, details);
export const invalid = (why: string, details?: FieldErrors) =>
  new AppError("VALIDATION", why, details);

/** 503: something Caseline depends on (object storage) doesn't answer; try again in a while. */
export const unavailable = (why: string, retryAfterSeconds = 30) =>
  new AppError("UNAVAILABLE", why, undefined, { "Retry-After": String(retryAfterSeconds) });

/** 401: the challenge names the scheme the API accepts (docs/api.md#authentication). */
export const unauthenticated = (why: string) =>
  new AppError("UNAUTHENTICATED", why, undefined, {
    "WWW-Authenticate": 'Bearer realm="caseline"',
  });

/** 429: the caller may try again in `retryAfterSeconds` (and `headers` says more, if given). */
export const rateLimited = (
  why: string,
  retryAfterSeconds: number,
  headers: Record<string, string> = {},
) =>
  new AppError("RATE_LIMITED", why, undefined, {
    ...headers,
    "Retry-After": String(retryAfterSeconds),
  });
