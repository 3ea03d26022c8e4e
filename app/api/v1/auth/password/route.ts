import { issueApiToken } from "@/lib/auth/tokens";
import { withApi } from "@/lib/http/with-api";
import { changePassword } from "@/lib/users/change-password";
import { changePasswordSchema } from "@/lib/validation/users";
import { otherMethods } from "@/lib/http/route-methods";

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

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
