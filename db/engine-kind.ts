/**
 * Which engine a DATABASE_URL names (docs/configuration.md#database-and-files): `postgres://` or
 * `postgresql://` is PostgreSQL; a file path, `file:` or nothing is the embedded SQLite.
 */
export type EngineKind = "sqlite" | "postgres";

export function engineOf(url: string | undefined): EngineKind {
  return url && /^postgres(ql)?:\/\//i.test(url.trim()) ? "postgres" : "sqlite";
}

/** The engine of this process, fixed at start: both engines' tables can't be mixed in one run. */
export const ENGINE: EngineKind = engineOf(process.env.DATABASE_URL);
