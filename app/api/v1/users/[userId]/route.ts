import { withApi } from "@/lib/http/with-api";
import { deleteUser } from "@/lib/users/delete-user";
import { getUser } from "@/lib/users/get-user";
import { updateUser } from "@/lib/users/update-user";
import { updateUserSchema } from "@/lib/validation/users";
import { otherMethods } from "@/lib/http/route-methods";

const userIdOf = (params: Record<string, unknown>) => String(params.userId);

export const GET = withApi(({ actor, params }) => getUser(actor, userIdOf(params)));

const update = withApi(
  async ({ actor, params, body }) => {
    const user = await updateUser(actor, userIdOf(params), body);
    const message =
      body.userType === "ADMIN" && user.userStatus === "PENDING"
        ? "Updated. The promotion to ADMIN waits for an approved admin's approval."
        : "Updated";
    return { message, user };
  },
  { body: updateUserSchema },
);
export const PUT = update;
export const PATCH = update;

export const DELETE = withApi(
  async ({ actor, params }) => {
    await deleteUser(actor, userIdOf(params));
    return { message: "User deleted. Their tickets and history are kept." };
  },
  { roles: ["ADMIN"] },
);

export const { HEAD, POST, OPTIONS } = otherMethods({ GET, PUT, PATCH, DELETE });
