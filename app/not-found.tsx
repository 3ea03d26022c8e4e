import { ButtonLink } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-[60dvh] max-w-md flex-col items-center justify-center gap-4 px-6 text-center">
      <p className="text-sm font-medium text-indigo-600">404</p>
      <h1 className="text-2xl font-semibold">This page does not exist</h1>
      <p className="text-zinc-600 dark:text-zinc-400">
        It may have been removed, or you may not have access to it.
      </p>
      <ButtonLink href="/">Go home</ButtonLink>
    </main>
  );
}
