import { describe, expect, it } from "vitest";
import * as catchAll from "@/app/api/v1/[...path]/route";
import { implementedMethods, ROUTE_METHODS } from "@/lib/http/route-methods";

/**
 * Every route file under app/api/v1, loaded as Next loads it. (Auth.js's route under app/api/auth
 * uses the same helper; next-auth does not load under vitest, so e2e/http-edges.spec.ts covers it.)
 */
const modules = import.meta.glob<Record<string, unknown>>("/app/api/v1/**/route.ts", {
  eager: true,
});
const routes = Object.entries(modules)
  .filter(([file]) => !file.includes("[...path]"))
  .map(([file, mod]) => ({
    file,
    mod,
    // A URL for the route, with each [param] filled in (405s never read them).
    url: `http://localhost${file
      .replace(/^\/app/, "")
      .replace(/\/route\.ts$/, "")
      .replace(/\[\.*(\w+)\]/g, "x")}`,
  }));

type Handler = (
  req: Request,
  ctx: { params: Promise<Record<string, string>> },
) => Promise<Response>;
const invoke = (mod: Record<string, unknown>, method: string, url: string) =>
  (mod[method] as Handler)(new Request(url, { method }), { params: Promise.resolve({ id: "x" }) });

describe("every API route answers every method", () => {
  it("finds the route files", () => {
    expect(routes.length).toBeGreaterThan(25);
  });

  it.each(routes.map((r) => [r.file, r] as const))(
    "%s exports all seven methods",
    (_file, { mod }) => {
      for (const method of ROUTE_METHODS) expect(typeof mod[method], method).toBe("function");
      expect(implementedMethods(mod).length).toBeGreaterThan(0);
    },
  );

  it.each(routes.map((r) => [r.file, r] as const))(
    "%s: OPTIONS lists its real methods; any other answers 405 with Allow and the error shape",
    async (_file, { mod, url }) => {
      const own = implementedMethods(mod);
      const allow = ROUTE_METHODS.filter(
        (m) => own.includes(m as never) || m === "OPTIONS" || (m === "HEAD" && own.includes("GET")),
      ).join(", ");
      const options = await invoke(mod, "OPTIONS", url);
      expect(options.status).toBe(204);
      expect(options.headers.get("allow")).toBe(allow);
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"] as const) {
        if (own.includes(method)) continue;
        const res = await invoke(mod, method, url);
        expect(res.status, method).toBe(405);
        expect(res.headers.get("allow")).toBe(allow);
        expect(res.headers.get("content-type")).toMatch(/application\/json/);
        expect((await res.json()).error).toEqual({
          code: "METHOD_NOT_ALLOWED",
          message: expect.stringContaining(method),
        });
      }
      if (!own.includes("GET")) expect((await invoke(mod, "HEAD", url)).status).toBe(405);
    },
  );

  it("answers 404 for an unknown API path, whatever the method", async () => {
    for (const method of ROUTE_METHODS) {
      const res = await invoke(catchAll, method, "http://localhost/api/v1/no-such-thing");
      expect(res.status, method).toBe(404);
    }
  });
});
