import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import { openApiDocument } from "@/lib/http/openapi";

type MediaObject = { schema?: unknown };
type ResponseObject = { content?: Record<string, MediaObject> };
type Operation = { operationId?: string; responses: Record<string, ResponseObject> };
type Document = { paths: Record<string, Record<string, Operation>>; components: unknown };

/** The served document as a client sees it: plain JSON. */
export const documentJson = (): Document => JSON.parse(JSON.stringify(openApiDocument()));

const DOC_ID = "caseline:openapi";
let state: { doc: Document; ajv: Ajv2020; templates: { path: string; re: RegExp }[] } | undefined;

function setup() {
  if (state) return state;
  const doc = documentJson();
  // OpenAPI 3.1 schemas are JSON Schema 2020-12; "#/components/..." refs resolve inside the document.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(doc as object, DOC_ID);
  const templates = Object.keys(doc.paths)
    .map((p) => ({
      path: p,
      re: new RegExp(`^${p.replace(/[.]/g, "\\.").replace(/\{\w+\}/g, "[^/]+")}$`),
      literal: !p.includes("{"),
    }))
    // A literal path wins over a template (/openapi.json is not /{anything}).
    .sort((a, b) => Number(b.literal) - Number(a.literal));
  state = { doc, ajv, templates };
  return state;
}

const pointer = (...parts: string[]) =>
  parts.map((p) => p.replaceAll("~", "~0").replaceAll("/", "~1")).join("/");
const validators = new Map<string, ValidateFunction>();

/** The documented path template serving a request path under /api/v1, if any. */
export function documentedPath(pathname: string): string | undefined {
  const rest = pathname.replace(/^(\/crm)?\/api\/v1/, "");
  return setup().templates.find((t) => t.re.test(rest))?.path;
}

export type Observed = {
  method: string;
  pathname: string;
  status: number;
  contentType: string | null;
  body: string;
};

/**
 * What is wrong with a real response against the document: an undocumented status, a content type
 * the operation doesn't list, or a JSON body its schema refuses. Empty when it matches. Requests
 * to paths or methods the document doesn't list (the catch-all's 404, Next's 405) are not checked.
 */
export function responseProblems(res: Observed): string[] {
  const { doc, ajv } = setup();
  const template = documentedPath(res.pathname);
  const method = res.method.toLowerCase();
  const operation = template ? doc.paths[template][method] : undefined;
  if (!template || !operation) return [];
  const where = `${res.method} ${template} → ${res.status}`;
  const documented = operation.responses[String(res.status)];
  if (!documented) {
    return [`${where}: status not documented (documented: ${Object.keys(operation.responses)})`];
  }
  const media = (res.contentType ?? "").split(";")[0].trim().toLowerCase();
  const content = documented.content ?? {};
  if (Object.keys(content).length === 0) return [];
  if (!content[media]) {
    return [`${where}: content type "${media}" not documented (${Object.keys(content)})`];
  }
  if (!/json$/.test(media) || media === "application/x-ndjson") return [];
  const key = `${template}|${method}|${res.status}|${media}`;
  let validate = validators.get(key);
  if (!validate) {
    const ref = `${DOC_ID}#/${pointer("paths", template, method, "responses", String(res.status), "content", media, "schema")}`;
    validate = ajv.compile({ $ref: ref });
    validators.set(key, validate);
  }
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    return [`${where}: body is not JSON: ${res.body.slice(0, 120)}`];
  }
  if (validate(body)) return [];
  return (validate.errors ?? []).map(
    (e) => `${where}: ${e.instancePath || "(body)"} ${e.message} ${JSON.stringify(e.params)}`,
  );
}

/** Reads a Response (a clone, so the caller may still read it) and checks it against the document. */
export async function checkResponse(method: string, url: string, res: Response) {
  const contentType = res.headers.get("content-type");
  // Streams (SSE, CSV and NDJSON downloads) are checked by content type only, never read here.
  const json = /^application\/([\w.+-]*\+)?json\b/i.test(contentType ?? "");
  return responseProblems({
    method,
    pathname: new URL(url, "http://localhost").pathname,
    status: res.status,
    contentType,
    body: json ? await res.clone().text() : "",
  });
}
