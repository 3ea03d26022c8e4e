"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { withAction, type ActionState } from "@/lib/http/with-action";
import { USER_STATUS_LABEL, USER_TYPE_LABEL } from "@/lib/labels";
import { setFlash } from "@/lib/http/flash";
import { retryNotification } from "@/lib/notifications/requests";
import { createAdmin } from "@/lib/users/create-admin";
import { deleteUser } from "@/lib/users/delete-user";
import { updateUser } from "@/lib/users/update-user";
import { createAdminSchema, updateUserSchema, userIdField } from "@/lib/validation/users";

const admins = { roles: ["ADMIN" as const] };
const target = z.object({ userId: userIdField });

/** Role and status (approve, reject, promote) from the admin screens; the domain enforces the rules. */
export const updateUserAction = withAction(
  z.object({ userId: userIdField, changes: updateUserSchema }),
  async (actor, { userId, changes }) => {
    const user = await updateUser(actor, userId, changes);
    revalidatePath("/admin", "layout");
    if (changes.userType === "ADMIN" && user.userStatus === "PENDING") {
      return `${user.name} is now an admin, pending approval`;
    }
    if (changes.userType === undefined && changes.userStatus === "APPROVED") {
      return `Approved ${user.name}: they can sign in now`;
    }
    if (changes.userType === undefined && changes.userStatus === "REJECTED") {
      return `Rejected ${user.name}: they can no longer sign in`;
    }
    return `${user.name} is now ${USER_TYPE_LABEL[user.userType]}, ${USER_STATUS_LABEL[user.userStatus]}`;
  },
  admins,
);

export const deleteUserAction = withAction(
  target,
  async (actor, { userId }) => {
    await deleteUser(actor, userId);
    revalidatePath("/admin", "layout");
    await setFlash(`User ${userId} was deleted. Their tickets and history are kept.`);
    redirect("/admin/users");
  },
  admins,
);

export const createAdminAction = withAction(
  createAdminSchema,
  async (actor, input) => {
    const user = await createAdmin(actor, input);
    revalidatePath("/admin", "layout");
    await setFlash("Admin account created. They can sign in now.");
    redirect(`/admin/users/${encodeURIComponent(user.userId)}`);
  },
  admins,
);

/** The role-and-status form posts FormData, so it works before (and without) hydration. */
export async function saveRoleStatusAction(
  _previous: ActionState | null,
  form: FormData,
): Promise<ActionState> {
  const userId = String(form.get("userId") ?? "");
  const current = {
    userType: form.get("currentUserType"),
    userStatus: form.get("currentUserStatus"),
  };
  const changes: Record<string, FormDataEntryValue> = {};
  for (const key of ["userType", "userStatus"] as const) {
    const value = form.get(key);
    if (value !== null && value !== current[key]) changes[key] = value;
  }
  if (Object.keys(changes).length === 0) return { ok: true, message: "Nothing to change" };
  return updateUserAction({ userId, changes });
}

/** Sends a FAILED email again from the outbox screen. */
export const retryNotificationAction = withAction(
  z.object({ requestId: z.string().min(1).max(64) }),
  async (actor, { requestId }) => {
    await retryNotification(actor, requestId);
    revalidatePath("/admin/outbox", "layout");
    return "Queued again: it will be sent in a moment";
  },
  admins,
);
