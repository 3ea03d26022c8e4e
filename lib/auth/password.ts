import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { env } from "@/lib/env";

/**
 * scrypt (docs/roles-and-accounts.md#passwords): built into Node, memory-hard, salted.
 * Stored as `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>` so the cost can rise without breaking old hashes:
 * a hash made at a lower cost still verifies and is upgraded at the next sign-in (needsRehash).
 * The default cost is OWASP's scrypt parameters: N=2^17, r=8, p=1 (PASSWORD_HASH_COST=17).
 */
const KEY_LENGTH = 32;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;

/** scrypt needs 128·N·r bytes; allow twice that, as Node's 32 MiB default is too small for N=2^17. */
const maxmemFor = (N: number, r: number) => 128 * N * r * 2;

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize("NFKC"), salt, KEY_LENGTH, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** `logN` defaults to PASSWORD_HASH_COST; a lower one is only for tests of the upgrade. */
export async function hashPassword(password: string, logN = env().PASSWORD_HASH_COST) {
  const [r, p] = [BLOCK_SIZE, PARALLELISM];
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, { N: 2 ** logN, r, p, maxmem: maxmemFor(2 ** logN, r) });
  return ["scrypt", logN, r, p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

/** Made with weaker parameters than today's (a lower cost, or another block size/parallelism)? */
export function needsRehash(stored: string): boolean {
  const [scheme, logN, r, p] = stored.split("$");
  if (scheme !== "scrypt") return false; // no password yet, or a deleted account: nothing to upgrade
  return (
    Number(logN) < env().PASSWORD_HASH_COST || Number(r) !== BLOCK_SIZE || Number(p) !== PARALLELISM
  );
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
    maxmem: maxmemFor(N, Number(r)),
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
