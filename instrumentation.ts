/** Runs once when the server starts: validate configuration, migrate, bootstrap the first admin. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startup } = await import("./lib/startup");
  await startup();
}
