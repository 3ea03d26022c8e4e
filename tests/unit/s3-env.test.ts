import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

// docs/configuration.md#attachment-storage: one line naming the variable for each bad value.
const BASE = { DATABASE_URL: ":memory:", AUTH_SECRET: "a-secret-that-is-long-enough-0123456789" };

function issuesFor(values: Record<string, string>): string[] {
  try {
    parseEnv({ ...BASE, ...values });
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as EnvError).issues;
  }
  return [];
}

describe("S3_* settings", () => {
  it("leaves attachments on disk when S3_BUCKET is unset or empty", () => {
    expect(parseEnv(BASE).S3_BUCKET).toBeUndefined();
    expect(parseEnv({ ...BASE, S3_BUCKET: "", S3_ENDPOINT: "" }).S3_BUCKET).toBeUndefined();
  });

  it("reads a full S3-compatible configuration, with defaults and trimmed slashes", () => {
    const e = parseEnv({
      ...BASE,
      S3_BUCKET: "caseline-files",
      S3_ENDPOINT: "http://127.0.0.1:9000/",
      S3_ACCESS_KEY_ID: "id",
      S3_SECRET_ACCESS_KEY: "secret",
      S3_FORCE_PATH_STYLE: "true",
      S3_PREFIX: "/caseline/attachments/",
    });
    expect(e).toMatchObject({
      S3_BUCKET: "caseline-files",
      S3_ENDPOINT: "http://127.0.0.1:9000",
      S3_REGION: "us-east-1",
      S3_FORCE_PATH_STYLE: true,
      S3_PREFIX: "caseline/attachments",
    });
    // Without keys: the AWS SDK's default credential chain.
    expect(parseEnv({ ...BASE, S3_BUCKET: "caseline-files" }).S3_ACCESS_KEY_ID).toBeUndefined();
  });

  it.each([
    ["S3_BUCKET", { S3_BUCKET: "Not_A_Bucket" }],
    ["S3_ENDPOINT", { S3_BUCKET: "files", S3_ENDPOINT: "ftp://example.com" }],
    ["S3_ENDPOINT", { S3_BUCKET: "files", S3_ENDPOINT: "not a url" }],
    ["S3_REGION", { S3_BUCKET: "files", S3_REGION: "US East" }],
    ["S3_FORCE_PATH_STYLE", { S3_BUCKET: "files", S3_FORCE_PATH_STYLE: "maybe" }],
    ["S3_PREFIX", { S3_BUCKET: "files", S3_PREFIX: "a/../b" }],
    ["S3_SECRET_ACCESS_KEY", { S3_BUCKET: "files", S3_ACCESS_KEY_ID: "id" }],
    ["S3_ACCESS_KEY_ID", { S3_BUCKET: "files", S3_SECRET_ACCESS_KEY: "secret" }],
    ["S3_BUCKET", { S3_ENDPOINT: "http://127.0.0.1:9000" }],
  ])("refuses with one line naming %s for %j", (name, bad) => {
    const issues = issuesFor(bad);
    expect(issues).toHaveLength(1);
    expect(issues[0].startsWith(`${name} `)).toBe(true);
    expect(issues[0]).not.toContain("\n");
  });

  it("never echoes a secret in its error", () => {
    const issues = issuesFor({ S3_BUCKET: "files", S3_SECRET_ACCESS_KEY: "hunter2-secret" });
    expect(issues.join(" ")).not.toContain("hunter2-secret");
  });
});
