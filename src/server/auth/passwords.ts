// Passwords: argon2id with the library defaults (m = 19 MiB, t = 2, p = 1: OWASP's minimum profile).
// Tokens: 32 random bytes; only their sha256 is stored, so the database never holds a usable secret.
import { createHash, randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

export const hashPassword = (password: string): Promise<string> => hash(password);

export async function checkPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

export const newSecret = (prefix: string): string => `${prefix}${randomBytes(32).toString("base64url")}`;
export const sha256 = (s: string): string => createHash("sha256").update(s).digest("hex");
