import {
  describeImport,
  prepareCustomerImport,
  runCustomerImport,
  type ImportProgress,
} from "@/lib/crm/import-customers";
import { env } from "@/lib/env";
import { errorResponse } from "@/lib/http/errors";
import { withApi } from "@/lib/http/with-api";
import { importCustomersQuery, type ImportReport } from "@/lib/validation/import";
import { readUpload } from "@/lib/http/import-upload";
import { otherMethods } from "@/lib/http/route-methods";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/import/customers?format=csv|json&dryRun=true|false (admins; docs/crm.md#import).
 * An unreadable file answers 400 at once. Otherwise the report: 200 `{message, report}` for a dry
 * run or a done import; 422 `{error: {code, message, details: {report}}}` when any row is bad
 * (nothing imported). With `Accept: application/x-ndjson` the answer is a stream of
 * `{"type":"progress",…}` lines and a last `{"type":"report","status","body"}` line holding that
 * same status and body.
 */
export const POST = withApi(
  async ({ actor, query, req }) => {
    const file = await readUpload(req, env().IMPORT_MAX_BYTES, query.format);
    const prepared = await prepareCustomerImport(actor, file);
    const options = { dryRun: query.dryRun, signal: req.signal };
    if (!/application\/x-ndjson/i.test(req.headers.get("accept") ?? "")) {
      const { status, body } = answer(await runCustomerImport(actor, prepared, options));
      return Response.json(body, { status });
    }

    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        const line = (value: unknown) => {
          try {
            controller.enqueue(encoder.encode(`${JSON.stringify(value)}\n`));
          } catch {
            // The client went away; the abort signal stops the work before anything is written.
          }
        };
        const onProgress = (p: ImportProgress) => line({ type: "progress", ...p });
        try {
          const report = await runCustomerImport(actor, prepared, { ...options, onProgress });
          line({ type: "report", ...answer(report) });
        } catch (error) {
          const failed = errorResponse(error);
          line({ type: "report", status: failed.status, body: await failed.json() });
        }
        try {
          controller.close();
        } catch {
          // closed already
        }
      },
    });
    return new Response(stream, {
      headers: {
        "Content-Type": "application/x-ndjson; charset=utf-8",
        // no-transform keeps compression from holding progress lines back.
        "Cache-Control": "no-store, no-transform",
        "X-Accel-Buffering": "no",
      },
    });
  },
  { query: importCustomersQuery, roles: ["ADMIN"] },
);

function answer(report: ImportReport) {
  const message = describeImport(report);
  if (report.invalid > 0 && !report.dryRun) {
    return { status: 422, body: { error: { code: "VALIDATION", message, details: { report } } } };
  }
  return { status: 200, body: { message, report } };
}

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
