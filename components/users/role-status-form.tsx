"use client";

import { useState, useTransition } from "react";
import { updateUserAction } from "@/app/(portal)/admin/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { USER_STATUSES, USER_TYPES } from "@/lib/users/roles";
import type { ActionState } from "@/lib/http/with-action";
import type { PublicUser } from "@/lib/users/public-user";

export function RoleStatusForm({ user }: { user: PublicUser }) {
  const [userType, setUserType] = useState(user.userType);
  const [userStatus, setUserStatus] = useState(user.userStatus);
  const [state, setState] = useState<ActionState | null>(null);
  const [pending, startTransition] = useTransition();
  const changed = userType !== user.userType || userStatus !== user.userStatus;

  const save = (event: React.FormEvent) => {
    event.preventDefault();
    const changes = {
      ...(userType !== user.userType ? { userType } : {}),
      ...(userStatus !== user.userStatus ? { userStatus } : {}),
    };
    startTransition(async () => setState(await updateUserAction({ userId: user.userId, changes })));
  };

  return (
    <form onSubmit={save} className="space-y-4">
      {state ? <Alert tone={state.ok ? "success" : "error"}>{state.message}</Alert> : null}
      <Field id="role" label="Role">
        <Select
          id="role"
          value={userType}
          onChange={(e) => setUserType(e.target.value as typeof userType)}
        >
          {USER_TYPES.map((t) => (
            <option key={t} value={t}>
              {t.toLowerCase()}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="status" label="Status">
        <Select
          id="status"
          value={userStatus}
          onChange={(e) => setUserStatus(e.target.value as typeof userStatus)}
        >
          {USER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.toLowerCase()}
            </option>
          ))}
        </Select>
      </Field>
      <Button type="submit" disabled={!changed || pending}>
        {pending ? "Saving…" : "Save role and status"}
      </Button>
    </form>
  );
}
