import { created, withApi } from "@/lib/http/with-api";
import { signUp } from "@/lib/users/sign-up";
import { signupSchema } from "@/lib/validation/users";
import { otherMethods } from "@/lib/http/route-methods";

export const POST = withApi(
  async ({ body }) => {
    const user = await signUp(body);
    const message =
      user.userStatus === "APPROVED"
        ? "Account created. You can sign in now."
        : "Account created. An admin must approve it before you can sign in.";
    return created({ message, user });
  },
  { auth: false, body: signupSchema },
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
