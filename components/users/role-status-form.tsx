"use client";

import { useActionState, useEffect } from "react";
import { useHydrated } from "@/components/forms/use-hydrated";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { notify } from "@/components/ui/toaster";
import type { ActionState } from "@/lib/http/with-action";
import { USER_STATUS_LABEL, USER_TYPE_LABEL } from "@/lib/labels";
import { USER_STATUSES, USER_TYPES } from "@/lib/users/roles";
import type { PublicUser } from "@/lib/users/public-user";

/** Role and status of one user. A plain form action: it works before hydration too. */
export function RoleStatusForm({
  user,
  saveAction,
}: {
  user: PublicUser;
  /** Posted the form's FormData (useActionState), so it works before hydration. */
  saveAction: (previous: ActionState | null, form: FormData) => Promise<ActionState>;
}) {
  const [state, action, pending] = useActionState(saveAction, null);
  // React resets a <select> to its defaultValue when it hydrates: wait for it before allowing edits.
  const hydrated = useHydrated();
  // Saved: a toast confirms it; a refusal stays inline, above the fields.
  useEffect(() => {
    if (state?.ok && state.message) notify(state.message);
  }, [state]);
  return (
    <form action={action}>
      <fieldset disabled={pending || !hydrated} className="space-y-4">
        {state && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
        <input type="hidden" name="userId" value={user.userId} />
        <input type="hidden" name="currentUserType" value={user.userType} />
        <input type="hidden" name="currentUserStatus" value={user.userStatus} />
        <Field id="role" label="Role">
          <Select id="role" name="userType" defaultValue={user.userType} key={`t-${user.userType}`}>
            {USER_TYPES.map((t) => (
              <option key={t} value={t}>
                {USER_TYPE_LABEL[t]}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="status" label="Status">
          <Select
            id="status"
            name="userStatus"
            defaultValue={user.userStatus}
            key={`s-${user.userStatus}`}
          >
            {USER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {USER_STATUS_LABEL[s]}
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save role and status"}
        </Button>
      </fieldset>
    </form>
  );
}
