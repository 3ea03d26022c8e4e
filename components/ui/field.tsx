import { cloneElement, isValidElement, type ReactElement, type ReactNode } from "react";

type ControlProps = { "aria-invalid"?: boolean | "true" | "false"; "aria-describedby"?: string };

/**
 * A labelled control with its hint and every error message, wired for screen readers: the control
 * (the single child) is described by its errors when there are some, else by its hint, and is
 * marked invalid while it has errors. The errors are announced as they appear (role=alert on the
 * wrapper: a list can't carry that role).
 */
export function Field({
  id,
  label,
  hint,
  errors,
  children,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  errors?: string[];
  children: ReactNode;
}) {
  const messages = errors?.length ? [...new Set(errors)] : [];
  const invalid = messages.length > 0;
  const ours = invalid ? `${id}-error` : hint ? `${id}-hint` : undefined;
  const control = isValidElement<ControlProps>(children)
    ? cloneElement(children as ReactElement<ControlProps>, {
        "aria-invalid": invalid || undefined,
        // A description the control brings of its own (the note banner on the reply box) stays;
        // its pointers at this field's hint or errors are this component's to set.
        "aria-describedby": describedBy(children.props["aria-describedby"], ours, id),
      })
    : children;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
        {label}
      </label>
      {control}
      {hint && !invalid ? (
        <p id={`${id}-hint`} className="text-xs text-zinc-600 dark:text-zinc-400">
          {hint}
        </p>
      ) : null}
      {invalid ? (
        <div id={`${id}-error`} role="alert" className="text-sm text-red-600 dark:text-red-400">
          {messages.length === 1 ? (
            <p>{messages[0]}</p>
          ) : (
            <ul className="space-y-0.5">
              {messages.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}

function describedBy(own: string | undefined, ours: string | undefined, id: string) {
  const kept = (own ?? "")
    .split(/\s+/)
    .filter((t) => t && t !== `${id}-hint` && t !== `${id}-error`);
  return [...kept, ...(ours ? [ours] : [])].join(" ") || undefined;
}
