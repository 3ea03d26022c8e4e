import fc from "fast-check";

/**
 * The OpenAPI-driven fuzz, shared by the in-process suite (tests/fuzz/api-fuzz.test.ts) and the
 * HTTP pass against the production server (e2e/fuzz-http.spec.ts). Pure: it reads the served
 * document and builds requests, and judges answers; the callers send them.
 */

export const PRINCIPALS = [
  "anonymous",
  "customer",
  "engineer",
  "admin",
  "service",
  "badToken",
] as const;
export type Principal = (typeof PRINCIPALS)[number];

/** Mostly signed-in callers, so most requests get past authentication to the parsers and domain. */
const principalArbitrary = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<Principal>("customer", "engineer", "admin") },
  { weight: 1, arbitrary: fc.constantFrom<Principal>("anonymous", "service", "badToken") },
);

export type FuzzRequest = {
  principal: Principal;
  method: string;
  /** The path and query as sent, already encoded (or deliberately not). */
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Which documented operation it was built from, for the report. */
  operation: string;
};

/** Real ids the seeding made, so some requests reach the domain and not only the parsers. */
export type Pools = {
  ticketIds: string[];
  /** Tickets a DELETE may take (kept apart from the ones holding internal notes). */
  victimTicketIds: string[];
  userIds: string[];
  /** Accounts a DELETE or an update may take (never the principals the fuzz signs in as). */
  victimUserIds: string[];
  interactionIds: string[];
  requestIds: string[];
  attachmentIds: string[];
};

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  $ref?: string;
};
type Operation = {
  operationId?: string;
  parameters?: { name: string; in: string; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
};
export type OpenApiDoc = { paths: Record<string, Record<string, Operation>> };

const METHODS = ["get", "post", "put", "patch", "delete"];

// ---------------------------------------------------------------- what a failure is

/** Prefixes lib/auth/password.ts writes (scrypt$…) and the other common hash formats. */
const HASH_PATTERNS = [
  /scrypt\$\d+\$\d+\$\d+\$/,
  /\$2[abxy]\$\d\d\$/,
  /\$argon2(id|i|d)\$/,
  /"?password_?hash"?/i,
];

/**
 * What is wrong with one answer: a 5xx, a password hash (or a passwordHash field), or, for anyone
 * but staff, the text of an internal note. Empty when the answer is acceptable.
 */
export function judge(
  req: Pick<FuzzRequest, "principal" | "method" | "url">,
  res: { status: number; text: string },
  secretMarker: string,
): string[] {
  const problems: string[] = [];
  const where = `${req.principal} ${req.method} ${req.url.slice(0, 200)} → ${res.status}`;
  if (res.status >= 500) problems.push(`${where}: server error ${res.text.slice(0, 200)}`);
  for (const pattern of HASH_PATTERNS) {
    if (pattern.test(res.text)) problems.push(`${where}: a password hash (${pattern}) in the body`);
  }
  const staff = req.principal === "engineer" || req.principal === "admin";
  if (!staff && res.text.includes(secretMarker)) {
    problems.push(`${where}: an internal note's text reached a ${req.principal}`);
  }
  return problems;
}

/** Counts answers by status, for the closing report. */
export class Histogram {
  readonly counts = new Map<string, number>();
  total = 0;
  add(status: number | string) {
    this.total += 1;
    this.counts.set(String(status), (this.counts.get(String(status)) ?? 0) + 1);
  }
  toString() {
    const rows = [...this.counts].sort(([a], [b]) => a.localeCompare(b));
    return `${this.total} requests; status histogram: ${rows.map(([s, n]) => `${s}×${n}`).join(", ")}`;
  }
}

// ---------------------------------------------------------------- building blocks

/** A header value the Fetch API accepts: Latin-1, no CR, LF or NUL. */
const headerSafe = (s: string) => s.replace(/[^\x20-\x7e\x80-\xff\t]/g, "?").trim();

const huge = (n: number, ch = "a") => ch.repeat(n);

const weirdText = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "",
    " ",
    "null",
    "undefined",
    "true",
    "NaN",
    "Infinity",
    "-1",
    "0",
    "1e309",
    "99999999999999999999999",
    "9007199254740993",
    "0x1F",
    "1.5",
    "[object Object]",
    "__proto__",
    "constructor",
    "*",
    '"',
    "-",
    "^",
    "' OR 1=1 --",
    "%",
    "%00",
    "\u0000",
    "\u202e\u0645",
    "😀👍🏽",
    "Ａｂｃ",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "=cmd|' /C calc'!A0",
    "line\r\nBcc: x@evil.example",
  ),
  fc.nat({ max: 5000 }).map((n) => huge(n + 200, "9")),
);

const pathSegment = (pool: string[]) =>
  fc.oneof(
    { weight: 4, arbitrary: pool.length ? fc.constantFrom(...pool) : fc.constant("1") },
    { weight: 1, arbitrary: weirdText.map(encodeURIComponent) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        "0",
        "-1",
        "abc",
        "1.5",
        "1e3",
        "99999999999999999999",
        huge(2000, "9"),
        "%2e%2e",
        "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "..%2f..%2f",
        "%252e",
        "%00",
        "%C3%A9",
        "%E2%80%AE",
        "%F0%9F%98%80",
        "%20",
        "+",
        "%2F",
        "%5C",
        "..",
        ".",
        "~",
        "@",
        ";",
        "a;b=c",
        encodeURIComponent("ü✓𝄞"),
      ),
    },
  );

/** Malformed percent-encoding: Next can't decode it; server.mjs answers it in production. */
export const MALFORMED_SEGMENTS = ["%ff", "%E0%A4%A", "%", "%zz", "%c0%af", "%ED%A0%80"];

function poolFor(param: string, method: string, pools: Pools, path: string): string[] {
  const destructive = method === "delete" || method === "put" || method === "patch";
  if (param === "userId") return destructive ? pools.victimUserIds : pools.userIds;
  if (param === "requestId") return pools.requestIds;
  if (path.startsWith("/interactions")) return pools.interactionIds;
  if (path.startsWith("/attachments")) return pools.attachmentIds;
  return method === "delete" ? pools.victimTicketIds : pools.ticketIds;
}

const queryValue = (schema?: Schema) =>
  fc.oneof(
    {
      weight: 2,
      arbitrary: schema?.enum?.length ? fc.constantFrom(...schema.enum.map(String)) : weirdText,
    },
    { weight: 2, arbitrary: weirdText },
    { weight: 1, arbitrary: fc.integer().map(String) },
    { weight: 1, arbitrary: fc.constantFrom("", "true", "false", "1", "100", "101", "2026-02-30") },
  );

function queryString(op: Operation) {
  const params = (op.parameters ?? []).filter((p) => p.in === "query");
  const known = params.map((p) =>
    fc.tuple(fc.constant(p.name), queryValue(p.schema), fc.nat({ max: 5 })),
  );
  const unknown = fc.tuple(
    fc.constantFrom("zzz", "__proto__", "constructor", "limit[]", "a.b", "cursor[x]", ""),
    weirdText,
    fc.constant(0),
  );
  return fc
    .array(
      fc.oneof({ weight: 4, arbitrary: known.length ? fc.oneof(...known) : unknown }, unknown),
      {
        maxLength: 6,
      },
    )
    .chain((pairs) =>
      fc.boolean().map((encode) =>
        pairs
          // A repeat count above 3 sends the key twice (an array): ?status=OPEN&status=x
          .flatMap(([k, v, rep]) =>
            rep > 3
              ? [
                  [k, v],
                  [k, `${v}x`],
                ]
              : [[k, v]],
          )
          .map(([k, v]) =>
            encode
              ? `${encodeURIComponent(k)}=${encodeURIComponent(v)}`
              : `${k}=${v.replace(/[#\s]/g, "")}`,
          )
          .join("&"),
      ),
    );
}

/** Any JSON value, some deep, some huge. */
const jsonValue = fc.oneof(
  { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constant(huge(20_000)) },
  { weight: 1, arbitrary: fc.nat({ max: 3 }).map((n) => ["x".repeat(10 ** n)]) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, 0, -1, 1e308, "", [], {}) },
);

function bodyFor(op: Operation) {
  const schema = op.requestBody?.content?.["application/json"]?.schema;
  const names = Object.keys(schema?.properties ?? {});
  const fields = names.length
    ? fc.dictionary(fc.constantFrom(...names), jsonValue, { maxKeys: names.length })
    : fc.constant({});
  const typedGuess = fc.record(
    Object.fromEntries(
      names.map((n) => {
        const p = schema!.properties![n];
        return [
          n,
          p.enum?.length
            ? fc.constantFrom(...p.enum)
            : p.type === "boolean"
              ? fc.boolean()
              : fc.string(),
        ];
      }),
    ),
    { requiredKeys: [] },
  );
  const withExtra = fields.map((o) => ({ ...o, zzzExtra: 1, __proto__x: { admin: true } }));
  return fc.oneof(
    { weight: 3, arbitrary: fields.map((v) => JSON.stringify(v)) },
    { weight: 3, arbitrary: typedGuess.map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: withExtra.map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: jsonValue.map((v) => JSON.stringify(v)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "",
        " ",
        "{",
        "{'a':1}",
        '{"title":',
        "null",
        "[]",
        '"str"',
        "\ufeff{}",
        '{"__proto__":{"userType":"ADMIN"}}',
        '{"constructor":{"prototype":{"x":1}}}',
        "[".repeat(5000) + "]".repeat(5000),
        `{"a":${'{"a":'.repeat(3000)}1${"}".repeat(3000)}}`,
        `{"body":"${huge(1_200_000)}"}`,
        "\u0000\u0001\u0002",
        "title=x&description=y",
      ),
    },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
  );
}

const CONTENT_TYPES = [
  "application/json",
  "application/json",
  "application/json; charset=utf-8",
  "application/json; charset=utf-16",
  "application/json; charset=bogus",
  "APPLICATION/JSON",
  "application/vnd.api+json",
  "application/x-www-form-urlencoded",
  "text/plain",
  "text/csv",
  "application/x-ndjson",
  "multipart/form-data",
  "multipart/form-data; boundary=xyz",
  "multipart/form-data; boundary=",
  "image/png",
  "*/*",
  ";;;",
  "application/json, text/html",
];

const MULTIPART_JUNK = [
  '--xyz\r\nContent-Disposition: form-data; name="body"\r\n\r\nhello\r\n--xyz--\r\n',
  '--xyz\r\nContent-Disposition: form-data; name="files"; filename="../../a.hta"\r\nContent-Type: text/html\r\n\r\n<script>1</script>\r\n--xyz--\r\n',
  "--xyz\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--xyz",
  "--xyz\r\n\r\n\r\n",
  "garbage without boundaries",
  `--xyz\r\nContent-Disposition: form-data; name="body"\r\n\r\n${huge(5000)}\r\n--xyz--\r\n`,
];

const headerJunk = fc.record(
  {
    authorization: fc.oneof(
      fc.constantFrom(
        "Bearer",
        "Bearer ",
        "Bearer null",
        "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.",
        "Basic YWRtaW46YWRtaW4=",
        "bearer " + huge(10_000, "x"),
        "Token abc",
        "Bearer a.b.c",
      ),
      fc.string().map((s) => `Bearer ${s}`),
    ),
    "x-access-token": fc.oneof(fc.string(), fc.constant(huge(5000, "z"))),
    cookie: fc.oneof(
      fc.constantFrom(
        "authjs.session-token=garbage",
        "__Secure-authjs.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..x.y.z",
        `authjs.session-token=${huge(8000, "c")}`,
        `a=${huge(16_000, "b")}`,
        "authjs.session-token",
        "=;=;=",
      ),
      fc.string(),
    ),
    origin: fc.constantFrom("null", "http://evil.example", "https://localhost", "garbage", ""),
    accept: fc.constantFrom("application/x-ndjson", "text/html", "*/*", "text/event-stream", "x/y"),
    "last-event-id": fc.oneof(fc.constantFrom("0", "-1", huge(40, "9"), "abc"), fc.string()),
    "content-length": fc.constantFrom("0", "-1", "abc", "999999999999"),
  },
  { requiredKeys: [] },
);

/**
 * Requests built from the served document: every operation, as every principal, with the path,
 * query, body, content type and headers mangled in turn (each independently, so most requests
 * are wrong in one way and reach deep, some in several).
 */
export function requestArbitrary(
  doc: OpenApiDoc,
  pools: Pools,
  options: {
    /** Add segments Next can't decode (only the server in front of it can answer them). */
    malformedPaths?: boolean;
    /** Send bodies past the caps in full (over HTTP) rather than trimmed to 100 KB. */
    hugeBodies?: boolean;
    /** Methods sent to documented paths regardless of what they serve. */
    strayMethods?: string[];
  } = {},
): fc.Arbitrary<FuzzRequest> {
  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method] })),
  );
  const perOperation = operations.map(({ path, method, op }) => {
    const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const segments = fc.tuple(
      ...params.map((p) => {
        const seg = pathSegment(poolFor(p, method, pools, path));
        return options.malformedPaths
          ? fc.oneof(
              { weight: 6, arbitrary: seg },
              { weight: 1, arbitrary: fc.constantFrom(...MALFORMED_SEGMENTS) },
            )
          : seg;
      }),
    );
    const hasBody = !!op.requestBody;
    return fc
      .record({
        principal: principalArbitrary,
        segments,
        query: fc.oneof(
          { weight: 3, arbitrary: fc.constant("") },
          { weight: 2, arbitrary: queryString(op) },
        ),
        body: hasBody
          ? fc.oneof(
              { weight: 5, arbitrary: bodyFor(op) },
              { weight: 1, arbitrary: fc.constant(undefined) },
            )
          : fc.oneof(
              { weight: 5, arbitrary: fc.constant(undefined) },
              { weight: 1, arbitrary: bodyFor(op) },
            ),
        contentType: fc.oneof(
          { weight: 4, arbitrary: fc.constant(hasBody ? "application/json" : undefined) },
          { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
          { weight: 1, arbitrary: fc.constant(undefined) },
        ),
        multipart: fc.oneof(
          { weight: 9, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: fc.constantFrom(...MULTIPART_JUNK) },
        ),
        headers: fc.oneof(
          { weight: 3, arbitrary: fc.constant({}) },
          { weight: 1, arbitrary: headerJunk },
        ),
        pathTail: fc.oneof(
          { weight: 12, arbitrary: fc.constant("") },
          {
            weight: 1,
            arbitrary: fc.constantFrom("/", "//", "/..", "/%2e%2e", "/x", ".json", "%20", ";x"),
          },
        ),
      })
      .map(({ principal, segments, query, body, contentType, multipart, headers, pathTail }) => {
        let i = 0;
        const filled = path.replace(/\{\w+\}/g, () => segments[i++]);
        const sent: Record<string, string> = {};
        for (const [k, v] of Object.entries(headers)) sent[k] = headerSafe(String(v));
        let payload = body;
        let type = contentType;
        if (multipart) {
          payload = multipart;
          type = "multipart/form-data; boundary=xyz";
        }
        if (payload !== undefined && !options.hugeBodies && payload.length > 100_000) {
          payload = payload.slice(0, 100_000);
        }
        if (type !== undefined) sent["content-type"] = type;
        // A declared length that disagrees with the body is the transport's business, not ours.
        delete sent["content-length"];
        return {
          principal,
          method: method.toUpperCase(),
          url: `/api/v1${filled}${pathTail}${query ? `?${query}` : ""}`,
          headers: sent,
          body: method === "get" ? undefined : payload,
          operation: `${method.toUpperCase()} ${path}`,
        };
      });
  });
  const strayMethod = fc.record({
    principal: fc.constantFrom(...PRINCIPALS),
    method: fc.constantFrom(
      ...(options.strayMethods ?? ["OPTIONS", "HEAD", "PUT", "DELETE", "PATCH"]),
    ),
    url: fc.constantFrom(
      ...operations.map((o) => `/api/v1${o.path.replace(/\{\w+\}/g, "999999")}`),
      "/api/v1",
      "/api/v1/",
      "/api/v1/nope/../tickets",
    ),
    headers: fc.constant({}),
    body: fc.constant(undefined),
    operation: fc.constant("stray method"),
  });
  return fc.oneof(
    { weight: 20, arbitrary: fc.oneof(...perOperation) },
    { weight: 1, arbitrary: strayMethod },
  );
}

/** Headers that present a principal's credentials. */
export function credentials(
  principal: Principal,
  tokens: Record<string, string>,
): Record<string, string> {
  if (principal === "anonymous") return {};
  if (principal === "badToken") return { authorization: "Bearer not-a-real-token" };
  return { authorization: `Bearer ${tokens[principal]}` };
}
