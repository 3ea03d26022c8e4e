import { readFileSync, writeFileSync } from "node:fs";
import createClient from "openapi-fetch";
import { afterEach, describe, expect, it } from "vitest";
import { bootstrapAdmin } from "@/lib/users/bootstrap-admin";
import type { paths } from "../generated/caseline-api";
import { apiFetch } from "../api-fetch";
import { PASSWORD } from "../helpers";
import { checkResponse, documentJson } from "../openapi-check";
import { GENERATED_TYPES, generateClientTypes, servedDocument } from "../openapi-client";

const METHODS = ["get", "put", "post", "delete", "patch"];
const operations = () =>
  Object.entries(documentJson().paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ path, method: m, op: item[m] as Operation })),
  );
type Operation = {
  operationId?: string;
  security?: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
};

describe("the OpenAPI document", () => {
  it("gives every operation a unique operationId a client can use as a method name", () => {
    const ids = operations().map((o) => o.op.operationId);
    expect(ids.every((id) => typeof id === "string" && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const byRoute = Object.fromEntries(operations().map((o) => [`${o.method} ${o.path}`, o.op]));
    expect(byRoute["get /tickets"].operationId).toBe("listTickets");
    expect(byRoute["post /tickets"].operationId).toBe("createTicket");
    expect(byRoute["get /tickets/{id}"].operationId).toBe("getTicket");
    expect(byRoute["put /tickets/{id}"].operationId).toBe("updateTicket");
    expect(byRoute["patch /tickets/{id}"].operationId).toBe("patchTicket");
  });

  it("documents 429 and 401 everywhere, and 400, 413 and 415 wherever a body is read", () => {
    for (const { path, method, op } of operations()) {
      const where = `${method} ${path}`;
      expect(Object.keys(op.responses), where).toEqual(expect.arrayContaining(["401", "429"]));
      if (op.requestBody) {
        expect(Object.keys(op.responses), where).toEqual(
          expect.arrayContaining(["400", "413", "415"]),
        );
      }
    }
  });

  it("lists /openapi.json itself, answered anonymously", () => {
    const get = documentJson().paths["/openapi.json"]?.get as Operation | undefined;
    expect(get?.operationId).toBe("getOpenApiDocument");
    expect(get?.security).toEqual([]);
  });

  it("is what the committed client types were generated from (regenerate them when it changes)", async () => {
    const generated = await generateClientTypes(await servedDocument());
    if (process.env.UPDATE_OPENAPI_TYPES) writeFileSync(GENERATED_TYPES, generated);
    expect(
      readFileSync(GENERATED_TYPES, "utf8") === generated,
      `${GENERATED_TYPES} is stale: run UPDATE_OPENAPI_TYPES=1 npx vitest run tests/api/openapi-client.test.ts`,
    ).toBe(true);
  }, 60_000);
});

/** Every answer the client receives, checked against the document as it arrives. */
const problems: string[] = [];
const checkedFetch = async (req: Request) => {
  const res = await apiFetch(req);
  problems.push(...(await checkResponse(req.method, req.url, res)));
  return res;
};
afterEach(() => {
  problems.length = 0;
});

const BASE = "http://localhost/api/v1";
const clientAs = (token?: string) =>
  createClient<paths>({
    baseUrl: BASE,
    fetch: checkedFetch,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

async function signIn(userId: string, password: string) {
  const { data, error } = await clientAs().POST("/auth/signin", { body: { userId, password } });
  expect(error).toBeUndefined();
  return clientAs(data!.userDetails.token);
}

describe("a client generated from the document", () => {
  it("drives a ticket's whole life: sign-up, sign-in, create, accept, reply, statuses, close, reopen, delete", async () => {
    const lines: string[] = [];
    await bootstrapAdmin((l) => lines.push(l));
    const admin = await signIn("admin", lines[0].match(/password: (\S+)/)![1]);
    const anonymous = clientAs();

    const health = await anonymous.GET("/health");
    expect(health.data?.status).toBe("ok");
    expect(typeof health.data?.time).toBe("string");
    expect((await anonymous.GET("/openapi.json")).data?.openapi).toBe("3.1.0");

    // A customer signs up and is approved at once; an engineer waits for an admin.
    const up = await anonymous.POST("/auth/signup", {
      body: { userId: "cora", name: "Cora Lee", email: "cora@example.test", password: PASSWORD },
    });
    expect(up.response.status).toBe(201);
    expect(up.data?.user.userStatus).toBe("APPROVED");
    const eng = await anonymous.POST("/auth/signup", {
      body: {
        userId: "evan",
        name: "Evan Ode",
        email: "evan@example.test",
        password: PASSWORD,
        userType: "ENGINEER",
      },
    });
    expect(eng.data?.user.userStatus).toBe("PENDING");
    const pending = await anonymous.POST("/auth/signin", {
      body: { userId: "evan", password: PASSWORD },
    });
    expect(pending.response.status).toBe(403);
    expect(pending.error?.error.code).toBe("FORBIDDEN");
    const approved = await admin.PATCH("/users/{userId}", {
      params: { path: { userId: "evan" } },
      body: { userStatus: "APPROVED" },
    });
    expect(approved.data?.user.userStatus).toBe("APPROVED");

    const customer = await signIn("cora", PASSWORD);
    const engineer = await signIn("evan", PASSWORD);

    // The customer raises a ticket; the only approved engineer gets it.
    const raised = await customer.POST("/tickets", {
      body: { title: "Printer jams", description: "Every second page" },
    });
    expect(raised.response.status).toBe(201);
    const ticket = raised.data!.ticket;
    expect(ticket.assignee).toBe("evan");
    expect(ticket.status).toBe("OPEN");
    const id = { params: { path: { id: String(ticket.number) } } };

    const accepted = await engineer.POST("/tickets/{id}/accept", id);
    expect(accepted.data?.ticket.status).toBe("IN_PROGRESS");

    const reply = await engineer.POST("/tickets/{id}/replies", {
      ...id,
      body: { body: "Which tray do you use?" },
    });
    expect(reply.response.status).toBe(201);
    expect(reply.data?.reply.internal).toBe(false);
    const note = await engineer.POST("/tickets/{id}/replies", {
      ...id,
      body: { body: "Tray 2 is known to be worn", internal: true },
    });
    expect(note.data?.reply.internal).toBe(true);
    const answer = await customer.POST("/tickets/{id}/replies", {
      ...id,
      body: { body: "Tray 2" },
    });
    expect(answer.data?.reply.authorType).toBe("CUSTOMER");

    const seenByCustomer = await customer.GET("/tickets/{id}/replies", id);
    expect(seenByCustomer.data?.data.map((r) => r.body)).toEqual([
      "Which tray do you use?",
      "Tray 2",
    ]);
    const seenByEngineer = await engineer.GET("/tickets/{id}/replies", id);
    expect(seenByEngineer.data?.data).toHaveLength(3);

    for (const status of ["BLOCKED", "IN_PROGRESS", "RESOLVED"] as const) {
      const moved = await engineer.PUT("/tickets/{id}", { ...id, body: { status } });
      expect(moved.data?.ticket.status).toBe(status);
    }
    const closed = await customer.PATCH("/tickets/{id}", { ...id, body: { status: "CLOSED" } });
    expect(closed.data?.ticket.status).toBe("CLOSED");
    expect(closed.data?.ticket.closedAt).not.toBeNull();
    const reopened = await customer.PATCH("/tickets/{id}", { ...id, body: { status: "OPEN" } });
    expect(reopened.data?.ticket.status).toBe("OPEN");

    const listed = await customer.GET("/tickets", { params: { query: { status: "OPEN" } } });
    expect(listed.data?.data.map((t) => t.number)).toEqual([ticket.number]);
    const events = await customer.GET("/tickets/{id}/events", id);
    expect(events.data?.data.length).toBeGreaterThan(3);
    expect((await engineer.GET("/tickets/{id}/attachments", id)).data?.data).toEqual([]);

    // Refusals come back in the error shape, typed by the document too.
    const notMine = await customer.DELETE("/tickets/{id}", id);
    expect(notMine.response.status).toBe(403);
    const noToken = await anonymous.GET("/tickets/{id}", id);
    expect(noToken.error?.error.code).toBe("UNAUTHENTICATED");
    const empty = await customer.POST("/tickets", { body: { title: "", description: "x" } });
    expect(empty.error?.error.details?.title).toBeDefined();

    const deleted = await admin.DELETE("/tickets/{id}", id);
    expect(deleted.data).toEqual({ message: expect.any(String), number: ticket.number });
    const gone = await engineer.GET("/tickets/{id}", id);
    expect(gone.response.status).toBe(404);

    expect(problems).toEqual([]);
  }, 60_000);

  it("gets 413 and 415 in the documented error shape", async () => {
    const lines: string[] = [];
    await bootstrapAdmin((l) => lines.push(l));
    const admin = await signIn("admin", lines[0].match(/password: (\S+)/)![1]);
    const wrongType = await admin.POST("/tickets", {
      body: { title: "t", description: "d" },
      bodySerializer: () => "title=t&description=d",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(wrongType.response.status).toBe(415);
    const huge = await admin.POST("/tickets", {
      body: { title: "t", description: "x".repeat(2_000_000) },
    });
    expect(huge.response.status).toBe(413);
    expect(huge.error?.error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(problems).toEqual([]);
  });
});
