// User administration (admin only). Passwords are stored as argon2id hashes; changing a password or
// deactivating a user ends their sessions.
import { newId, nowIso } from "../../db/ids.ts";
import type { Role, User } from "../../db/schema.ts";
import { requireRole } from "../auth/access.ts";
import { hashPassword } from "../auth/passwords.ts";
import { type Ctx, type Deps, SYSTEM, write } from "../context.ts";
import { conflict, notFound, staleVersion } from "../http/problem.ts";
import { pageOf } from "./pages.ts";

export const userOut = (u: User) => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  role: u.role,
  active: u.active === 1,
  locked: u.locked_until !== null && u.locked_until > nowIso(),
  version: u.version,
});
/** What the audit records of a user: never the password hash. */
const audited = (u: User) => ({
  username: u.username,
  displayName: u.display_name,
  role: u.role,
  active: u.active === 1,
});

export async function createUser(
  ctx: Deps & { actor: Ctx["actor"] },
  input: { username: string; displayName: string; role: Role; password: string },
) {
  const exists = await ctx.database.db
    .selectFrom("users")
    .select("id")
    .where("username", "=", input.username)
    .executeTakeFirst();
  if (exists) throw conflict(`username "${input.username}" is taken`);
  const row: User = {
    id: newId(),
    username: input.username,
    display_name: input.displayName,
    role: input.role,
    password_hash: await hashPassword(input.password),
    failed_logins: 0,
    locked_until: null,
    active: 1,
    version: 1,
    created_at: nowIso(),
  };
  await write(ctx, async (trx, audit) => {
    await trx.insertInto("users").values(row).execute();
    await audit({ action: "user.create", entity: "user", entityId: row.id, after: audited(row) });
  });
  return userOut(row);
}

/** First start: an admin account from RANOKIT_ADMIN_PASSWORD when the database has no user yet. */
export async function ensureAdmin(deps: Deps, password: string | undefined): Promise<boolean> {
  const any = await deps.database.db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  if (any || !password) return false;
  await createUser(
    { ...deps, actor: SYSTEM },
    { username: "admin", displayName: "Administrator", role: "admin", password },
  );
  return true;
}

export async function listUsers(ctx: Ctx, limit: number, after?: string) {
  requireRole(ctx, "admin");
  let q = ctx.database.db
    .selectFrom("users")
    .selectAll()
    .orderBy("id")
    .limit(limit + 1);
  if (after) q = q.where("id", ">", after);
  const p = pageOf(await q.execute(), limit);
  return { items: p.items.map(userOut), next: p.next };
}

export async function patchUser(
  ctx: Ctx,
  id: string,
  patch: {
    version: number;
    role?: Role;
    displayName?: string;
    active?: boolean;
    unlock?: true;
    password?: string;
  },
) {
  requireRole(ctx, "admin");
  const before = await ctx.database.db
    .selectFrom("users")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirst();
  if (!before) throw notFound(`user ${id}`);
  if (before.version !== patch.version) throw staleVersion(`user ${before.username}`, before.version);
  const set: Partial<User> = { version: before.version + 1 };
  if (patch.role) set.role = patch.role;
  if (patch.displayName) set.display_name = patch.displayName;
  if (patch.active !== undefined) set.active = patch.active ? 1 : 0;
  if (patch.unlock) Object.assign(set, { locked_until: null, failed_logins: 0 });
  if (patch.password) set.password_hash = await hashPassword(patch.password);
  return write(ctx, async (trx, audit) => {
    const r = await trx
      .updateTable("users")
      .set(set)
      .where("id", "=", id)
      .where("version", "=", patch.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw staleVersion(`user ${before.username}`, null);
    const after = { ...before, ...set } as User;
    await audit({
      action: "user.update",
      entity: "user",
      entityId: id,
      before: audited(before),
      after: {
        ...audited(after),
        ...(patch.password ? { passwordChanged: true } : {}),
        ...(patch.unlock ? { unlocked: true } : {}),
      },
    });
    if (patch.password || patch.active === false || patch.role) {
      await trx
        .updateTable("sessions")
        .set({ revoked_at: nowIso() })
        .where("user_id", "=", id)
        .where("revoked_at", "is", null)
        .execute();
    }
    return userOut(after);
  });
}
