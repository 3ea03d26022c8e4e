import { unstable_rethrow } from "next/navigation";
import { ZodError, type z } from "zod";
import type { UserType } from "@/db/enums";
import { requireRole, type Actor } from "@/lib/auth/actor";
import { currentActor } from "@/lib/auth/session";
import { AppError, type FieldErrors } from "@/lib/errors";
import { fieldErrors, refusedValue } from "./errors";
import { refuseNul } from "./no-nul";
import { logger } from "@/lib/log.mjs";

/** What every server action answers to its form. */
export type ActionState = {
  ok: boolean;
  message?: string;
  errors?: FieldErrors;
  /** A refusal that is news rather than a mistake (an account awaiting approval): not an error. */
  tone?: "info" | "warning";
};

/**
 * The one action wrapper (README.md, "How the code is laid out"): re-checks the signed-in actor (and role), parses the input
 * with the same zod schema as the form and the route, calls the domain and turns errors into
 * form state. Redirects thrown by the handler pass through.
 */
export function withAction<S extends z.ZodType>(
  schema: S,
  handler: (actor: Actor, input: z.output<S>) => Promise<string | void> | string | void,
  options: { roles?: UserType[] } = {},
) {
  return async (raw: unknown): Promise<ActionState> => {
    try {
      const actor = await currentActor();
      if (!actor) return { ok: false, message: "Your session has ended. Sign in again." };
      if (options.roles) requireRole(actor, ...options.roles);
      const input = schema.parse(raw);
      refuseNul(input);
      const message = await handler(actor, input);
      return { ok: true, message: message ?? "Saved" };
    } catch (error) {
      unstable_rethrow(error);
      return toActionState(error);
    }
  };
}

export function toActionState(error: unknown): ActionState {
  error = refusedValue(error) ?? error;
  if (error instanceof ZodError)
    return { ok: false, message: "Check the highlighted fields", errors: fieldErrors(error) };
  if (error instanceof AppError)
    return { ok: false, message: error.message, errors: error.details };
  logger.error({ err: error }, "action failed");
  return {
    ok: false,
    message: "Something went wrong on our side; nothing was changed. Try again.",
  };
}
