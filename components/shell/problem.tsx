import type { ReactNode } from "react";

/**
 * The body of a not-found or error page. It never renders its own `<main>`: each layout around it
 * (the portal shell, the sign-in card, the public frame) already has one.
 */
export function Problem({
  code,
  title,
  children,
  actions,
}: {
  code: string;
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <section
      aria-labelledby="problem-title"
      className="mx-auto flex max-w-md flex-col items-center gap-4 py-12 text-center"
    >
      <p className="text-sm font-medium text-indigo-600 dark:text-indigo-400">{code}</p>
      <h1 id="problem-title" className="text-2xl font-semibold">
        {title}
      </h1>
      <div className="text-zinc-600 dark:text-zinc-400">{children}</div>
      {actions ? <div className="flex flex-wrap justify-center gap-3">{actions}</div> : null}
    </section>
  );
}
