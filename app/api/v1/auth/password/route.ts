import { issueApiToken } from "@/lib/auth/tokens";
import { withApi } from "@/lib/http/with-api";
import { changePassword } from "@/lib/users/change-password";
import { changePasswordSchema } from "@/lib/validation/users";

/** Changing the password ends every earlier token; the answer carries a fresh one. */
export const POST = withApi(
  async ({ actor, body }) => {
    const user = await changePassword(actor, body);
    return {
      message: "Password changed. Earlier tokens no longer work.",
      token: await issueApiToken(user),
    };
  },
  { body: changePasswordSchema },
);
