import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { env } from "@/lib/env";

/**
 * scrypt (SPEC §2 allows argon2id, scrypt or bcrypt): built into Node, memory-hard, salted.
 * Stored as `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>` so the cost can rise without breaking old hashes.
 */
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize("NFKC"), salt, KEY_LENGTH, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const logN = env().PASSWORD_HASH_COST;
  const r = 8;
  const p = 1;
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, { N: 2 ** logN, r, p, maxmem: 256 * 2 ** logN * r });
  return ["scrypt", logN, r, p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, hash] = stored.split("$");
  // An account without a password yet (an invited customer) costs the same time as a wrong one.
  if (scheme !== "scrypt" || !salt || !hash) return burnPasswordCheck(password).then(() => false);
  const N = 2 ** Number(logN);
  const expected = Buffer.from(hash, "base64url");
  const key = await scrypt(password, Buffer.from(salt, "base64url"), {
    N,
    r: Number(r),
    p: Number(p),
    maxmem: 256 * N * Number(r),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A dummy hash, so that unknown users cost as much time as wrong passwords (no enumeration by timing). */
let dummyHash: Promise<string> | undefined;
/** Stored for an invited customer who hasn't chosen a password: nothing verifies against it. */
export const NO_PASSWORD_YET = "!invited";

export async function burnPasswordCheck(password: string) {
  dummyHash ??= hashPassword("not-a-real-password-Aa1!");
  await verifyPassword(password, await dummyHash);
}

/** A strong one-time password that satisfies the policy (used for the bootstrap admin). */
export function generatePassword(): string {
  const body = randomBytes(18).toString("base64url");
  return `${body}-Aa9!`;
}
