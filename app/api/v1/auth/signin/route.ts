import { authenticate } from "@/lib/auth/authenticate";
import { issueApiToken, tokenLifetimeSeconds } from "@/lib/auth/tokens";
import { withApi } from "@/lib/http/with-api";
import { toPublicUser } from "@/lib/users/public-user";
import { signinSchema } from "@/lib/validation/users";
import { otherMethods } from "@/lib/http/route-methods";

export const POST = withApi(
  async ({ body, client }) => {
    const user = await authenticate(body.login, body.password, client);
    const token = await issueApiToken(user);
    return {
      message: "Signed in",
      userDetails: { ...toPublicUser(user), token, expiresIn: tokenLifetimeSeconds() },
    };
  },
  { auth: false, body: signinSchema },
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
