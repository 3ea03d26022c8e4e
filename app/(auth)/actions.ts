"use server";

import { AuthError, type CredentialsSignin } from "next-auth";
import { redirect } from "next/navigation";
import { homeFor } from "@/lib/auth/actor";
import { signIn, signOut } from "@/lib/auth/auth";
import { PENDING_MESSAGE } from "@/lib/auth/authenticate";
import { safeNextPath } from "@/lib/auth/safe-next";
import { toActionState, type ActionState } from "@/lib/http/with-action";
import { findUserByLogin } from "@/lib/users/find-user";
import { requestPasswordReset, resetPassword } from "@/lib/users/reset-password";
import { signUp } from "@/lib/users/sign-up";
import { verifyEmail } from "@/lib/users/verify-email";
import {
  forgotPasswordSchema,
  resetPasswordSchema,
  signinSchema,
  signupSchema,
  verifyEmailSchema,
} from "@/lib/validation/users";

function refusalMessage(code: string): string {
  if (code.startsWith("rate_limited:")) {
    const minutes = Math.max(1, Math.ceil(Number(code.split(":")[1]) / 60));
    return `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
  }
  if (code === "invalid") return "Enter your user ID or email and your password.";
  return code; // the domain's own message: wrong credentials, pending or rejected
}

async function startSession(login: string, password: string): Promise<ActionState | null> {
  try {
    await signIn("credentials", { userId: login, password, redirect: false });
    return null;
  } catch (error) {
    if (error instanceof AuthError && error.type === "CredentialsSignin") {
      const code = (error as CredentialsSignin).code;
      // Waiting for approval is nothing the person did wrong: information, not an error.
      if (code === PENDING_MESSAGE) return { ok: false, message: code, tone: "info" };
      return { ok: false, message: refusalMessage(code) };
    }
    throw error;
  }
}

export async function signInAction(raw: unknown, next?: string): Promise<ActionState> {
  const parsed = signinSchema.safeParse(raw);
  if (!parsed.success) return toActionState(parsed.error);
  const refused = await startSession(parsed.data.login, parsed.data.password);
  if (refused) return refused;
  const user = await findUserByLogin(parsed.data.login.toLowerCase());
  redirect(safeNextPath(next) ?? homeFor(user?.userType ?? "CUSTOMER"));
}

/** Customers are signed in and land on their dashboard; engineers are told to wait for approval. */
export async function signUpAction(raw: unknown): Promise<ActionState> {
  let user;
  try {
    user = await signUp(signupSchema.parse(raw));
  } catch (error) {
    return toActionState(error);
  }
  if (user.userStatus !== "APPROVED") {
    return {
      ok: true,
      message:
        "Your engineer account is created. An admin has to approve it; you can sign in once they have.",
    };
  }
  const refused = await startSession(user.userId, (raw as { password: string }).password);
  if (refused) return refused;
  redirect(homeFor(user.userType));
}

export async function signOutAction() {
  await signOut({ redirectTo: "/signin" });
}

/** Forgot password: the same answer whether or not the address has an account. */
export async function forgotPasswordAction(raw: unknown): Promise<ActionState> {
  try {
    return {
      ok: true,
      message: (await requestPasswordReset(forgotPasswordSchema.parse(raw))).message,
    };
  } catch (error) {
    return toActionState(error);
  }
}

export async function resetPasswordAction(raw: unknown): Promise<ActionState> {
  try {
    return { ok: true, message: (await resetPassword(resetPasswordSchema.parse(raw))).message };
  } catch (error) {
    return toActionState(error);
  }
}

export async function verifyEmailAction(raw: unknown): Promise<ActionState> {
  try {
    return { ok: true, message: (await verifyEmail(verifyEmailSchema.parse(raw).token)).message };
  } catch (error) {
    return toActionState(error);
  }
}
