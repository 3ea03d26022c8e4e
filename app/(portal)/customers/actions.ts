"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { createCustomer, updateCustomer } from "@/lib/crm/customer-changes";
import { withAction } from "@/lib/http/with-action";
import { setFlash } from "@/lib/http/flash";
import { createCustomerSchema, updateCustomerSchema } from "@/lib/validation/crm";
import { userIdField } from "@/lib/validation/users";

const admins = { roles: ["ADMIN" as const] };

export const createCustomerAction = withAction(
  createCustomerSchema,
  async (actor, input) => {
    const customer = await createCustomer(actor, input);
    revalidatePath("/customers");
    await setFlash(`${customer.name} was added and emailed an invitation to choose a password.`);
    redirect(`/customers/${customer.userId}`);
  },
  admins,
);

export const updateCustomerAction = withAction(
  z.object({ userId: userIdField, changes: updateCustomerSchema }),
  async (actor, { userId, changes }) => {
    const customer = await updateCustomer(actor, userId, changes);
    revalidatePath(`/customers/${customer.userId}`);
    if (changes.active === false)
      return `${customer.name} is deactivated: they can no longer sign in`;
    if (changes.active === true) return `${customer.name} is active again`;
    return "Customer saved";
  },
  admins,
);
