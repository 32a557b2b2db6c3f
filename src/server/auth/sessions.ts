// Sign-in, server-side sessions and API tokens. Sessions live in the database (revocable at once, idle
// timeout, absolute lifetime), so any server process can check any session: the processes stay
// stateless. Repeated failures lock the account for a while; sign-ins and lockouts are audited.
import { newId, nowIso } from "../../db/ids.ts";
import type { User } from "../../db/schema.ts";
import { type Actor, type AuthUser, type Deps, SYSTEM, write } from "../context.ts";
import { Problem, unauthorized } from "../http/problem.ts";
import { checkPassword, newSecret, sha256 } from "./passwords.ts";

export const SESSION_COOKIE = "ranokit_session";
const TOKEN_PREFIX = "rk_";
/** Don't write last_seen_at on every request: once a minute keeps the idle timeout exact to a minute. */
const TOUCH_EVERY_MS = 60_000;

export const authUser = (u: Pick<User, "id" | "username" | "display_name" | "role">): AuthUser => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  role: u.role,
});

const minutesFrom = (iso: string, minutes: number) =>
  new Date(Date.parse(iso) + minutes * 60_000).toISOString();

const REFUSED = "wrong username or password, or the account is locked or inactive";

export async function login(deps: Deps, username: string, password: string) {
  const user = await deps.database.db
    .selectFrom("users")
    .selectAll()
    .where("username", "=", username)
    .executeTakeFirst();
  const now = nowIso();
  const asUser: Actor = user
    ? { user: authUser(user), sessionId: null, csrf: null }
    : { ...SYSTEM, user: { ...SYSTEM.user, username: "anonymous" } };
  if (!user) {
    // Same answer as a wrong password: the response does not tell which usernames exist.
    await checkPassword("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$ZmFrZWZha2VmYWtlZmFrZQ", password);
    throw unauthorized(REFUSED);
  }
  const locked = user.locked_until !== null && user.locked_until > now;
  const ok = !locked && user.active === 1 && (await checkPassword(user.password_hash, password));
  if (!ok) {
    const failures = locked ? user.failed_logins : user.failed_logins + 1;
    const lockNow = !locked && failures >= deps.settings.maxFailedLogins;
    await write({ ...deps, actor: asUser }, async (trx, audit) => {
      await trx
        .updateTable("users")
        .set({
          failed_logins: lockNow ? 0 : failures,
          locked_until: lockNow ? minutesFrom(now, deps.settings.lockoutMinutes) : user.locked_until,
        })
        .where("id", "=", user.id)
        .execute();
      await audit({
        action: lockNow ? "user.locked" : "login.failed",
        entity: "user",
        entityId: user.id,
        after: lockNow ? { lockedForMinutes: deps.settings.lockoutMinutes, failures } : { failures },
      });
    });
    throw unauthorized(REFUSED);
  }
  const token = newSecret("");
  const csrf = newSecret("");
  const sessionId = sha256(token);
  await write({ ...deps, actor: asUser }, async (trx, audit) => {
    await trx
      .updateTable("users")
      .set({ failed_logins: 0, locked_until: null })
      .where("id", "=", user.id)
      .execute();
    await trx
      .insertInto("sessions")
      .values({
        id: sessionId,
        user_id: user.id,
        csrf_token: csrf,
        created_at: now,
        last_seen_at: now,
        expires_at: minutesFrom(now, deps.settings.sessionHours * 60),
        revoked_at: null,
      })
      .execute();
    // The audit names the session by a prefix of its hash: enough to correlate, useless to replay.
    await audit({
      action: "session.create",
      entity: "user",
      entityId: user.id,
      after: { session: sessionId.slice(0, 12) },
    });
  });
  return { token, csrf, sessionId, user: authUser(user) };
}

/** The actor for a session cookie or a bearer token, or null when neither is valid. */
export async function authenticate(
  deps: Deps,
  cookieToken: string | undefined,
  authorization: string | undefined,
): Promise<Actor | null> {
  const db = deps.database.db;
  const now = nowIso();
  if (authorization?.startsWith("Bearer ")) {
    const hash = sha256(authorization.slice(7).trim());
    const row = await db
      .selectFrom("api_tokens as t")
      .innerJoin("users as u", "u.id", "t.user_id")
      .select(["u.id", "u.username", "u.display_name", "u.role", "u.active"])
      .where("t.token_hash", "=", hash)
      .where("t.revoked_at", "is", null)
      .executeTakeFirst();
    return row && row.active === 1 ? { user: authUser(row), sessionId: null, csrf: null } : null;
  }
  if (!cookieToken) return null;
  const id = sha256(cookieToken);
  const row = await db
    .selectFrom("sessions as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .select(["s.last_seen_at", "s.expires_at", "s.revoked_at", "s.csrf_token"])
    .select(["u.id", "u.username", "u.display_name", "u.role", "u.active"])
    .where("s.id", "=", id)
    .executeTakeFirst();
  if (!row || row.revoked_at !== null || row.active !== 1 || row.expires_at <= now) return null;
  if (minutesFrom(row.last_seen_at, deps.settings.idleTimeoutMinutes) <= now) return null;
  if (Date.parse(now) - Date.parse(row.last_seen_at) > TOUCH_EVERY_MS) {
    await db.updateTable("sessions").set({ last_seen_at: now }).where("id", "=", id).execute();
  }
  return { user: authUser(row), sessionId: id, csrf: row.csrf_token };
}

export async function logout(deps: Deps, actor: Actor): Promise<void> {
  if (!actor.sessionId) throw new Problem(400, "Invalid request", "API tokens are revoked, not signed out");
  await write({ ...deps, actor }, async (trx, audit) => {
    await trx
      .updateTable("sessions")
      .set({ revoked_at: nowIso() })
      .where("id", "=", actor.sessionId!)
      .execute();
    await audit({ action: "session.revoke", entity: "user", entityId: actor.user.id, reason: "signed out" });
  });
}

/** Ends every session of a user (admin action, or after a password change). */
export async function revokeSessions(deps: Deps, actor: Actor, userId: string, reason: string) {
  return write({ ...deps, actor }, async (trx, audit) => {
    const r = await trx
      .updateTable("sessions")
      .set({ revoked_at: nowIso() })
      .where("user_id", "=", userId)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    const count = Number(r.numUpdatedRows);
    await audit({ action: "session.revoke_all", entity: "user", entityId: userId, after: { count }, reason });
    return count;
  });
}

export async function createToken(deps: Deps, actor: Actor, name: string) {
  const token = newSecret(TOKEN_PREFIX);
  const id = newId();
  await write({ ...deps, actor }, async (trx, audit) => {
    await trx
      .insertInto("api_tokens")
      .values({
        id,
        user_id: actor.user.id,
        name,
        token_hash: sha256(token),
        created_at: nowIso(),
        revoked_at: null,
      })
      .execute();
    await audit({ action: "token.create", entity: "api_token", entityId: id, after: { name } });
  });
  return { id, name, token };
}

export async function revokeToken(deps: Deps, actor: Actor, id: string) {
  await write({ ...deps, actor }, async (trx, audit) => {
    const r = await trx
      .updateTable("api_tokens")
      .set({ revoked_at: nowIso() })
      .where("id", "=", id)
      .where("user_id", "=", actor.user.id)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new Problem(404, "Not found", `token ${id} does not exist`);
    await audit({ action: "token.revoke", entity: "api_token", entityId: id });
  });
}
