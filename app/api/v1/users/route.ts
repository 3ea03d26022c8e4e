import { created, withApi } from "@/lib/http/with-api";
import { createAdmin } from "@/lib/users/create-admin";
import { listUsers } from "@/lib/users/list-users";
import { createAdminSchema, listUsersQuery } from "@/lib/validation/users";
import { otherMethods } from "@/lib/http/route-methods";

export const GET = withApi(({ actor, query }) => listUsers(actor, query), {
  roles: ["ADMIN"],
  query: listUsersQuery,
});

export const POST = withApi(
  async ({ actor, body }) =>
    created({ message: "Admin created", user: await createAdmin(actor, body) }),
  { roles: ["ADMIN"], body: createAdminSchema },
);

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
