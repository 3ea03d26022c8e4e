"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { signIn } from "@/lib/auth/auth";
import { withAction } from "@/lib/http/with-action";
import { changePassword } from "@/lib/users/change-password";
import { updateUser } from "@/lib/users/update-user";
import { resendVerification } from "@/lib/users/verify-email";
import { changePasswordSchema, profileSchema } from "@/lib/validation/users";

export const updateProfileAction = withAction(profileSchema, async (actor, input) => {
  await updateUser(actor, actor.userId, input);
  revalidatePath("/", "layout");
  return "Profile saved";
});

/** Changing the password ends every other session and token; this browser gets a fresh session. */
export const changePasswordAction = withAction(changePasswordSchema, async (actor, input) => {
  await changePassword(actor, input);
  await signIn("credentials", {
    userId: actor.userId,
    password: input.newPassword,
    redirect: false,
  });
  return "Password changed. Other sessions and API tokens have been signed out.";
});

/** The unverified-address banner's "send a new link". */
export const resendVerificationAction = withAction(z.object({}), async (actor) => {
  return (await resendVerification(actor)).message;
});
