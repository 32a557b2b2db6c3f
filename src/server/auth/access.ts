// Authorisation helpers used at the top of every service. Roles (issue 13): admin, study manager,
// reader, adjudicator, monitor (read-only). Blinding (FDA 2018 imaging endpoint guidance §C): a reader
// never sees another reader's read, the site read or the treatment arm.
import type { Role } from "../../db/schema.ts";
import type { Ctx } from "../context.ts";
import { forbidden, notFound, Problem } from "../http/problem.ts";

export function requireRole(ctx: Ctx, ...roles: Role[]): void {
  if (!roles.includes(ctx.actor.user.role)) {
    throw forbidden(`this needs the role ${roles.join(" or ")}; you are ${ctx.actor.user.role}`);
  }
}

/** Treatment arm: only the roles that unblind by charter. */
export const ARM_ROLES: readonly Role[] = ["admin", "study_manager"];
export const seesArm = (ctx: Ctx): boolean => ARM_ROLES.includes(ctx.actor.user.role);

const BLINDED_NAME: Record<Role, string> = {
  admin: "admins",
  study_manager: "study managers",
  reader: "readers",
  adjudicator: "adjudicators",
  monitor: "monitors",
};

/** The 403 for a role that may not filter by treatment arm: names the parameter, as a field error. */
export function armFilterForbidden(role: Role): Problem {
  return new Problem(
    403,
    "Forbidden",
    `the treatment arm filter \`arm\` is for admin and study manager only; ${BLINDED_NAME[role]} are blind to treatment`,
    { errors: [{ path: "$query.arm", message: `filtering by arm is not allowed for the ${role} role` }] },
  );
}

/** True when the query string carries `arm` (even empty: `?arm=`). */
export const asksForArm = (query: unknown): boolean =>
  typeof query === "object" && query !== null && Object.hasOwn(query, "arm");

/** Roles that see every study; readers and adjudicators see the studies they are members of. */
export const seesAllStudies = (ctx: Ctx): boolean =>
  ["admin", "study_manager", "monitor"].includes(ctx.actor.user.role);

export async function requireStudy(ctx: Ctx, studyId: string) {
  // One query: the study and whether the actor is a member of it.
  const row = await ctx.database.db
    .selectFrom("studies as s")
    .leftJoin("study_members as m", (j) =>
      j.onRef("m.study_id", "=", "s.id").on("m.user_id", "=", ctx.actor.user.id),
    )
    .selectAll("s")
    .select("m.user_id as member")
    .where("s.id", "=", studyId)
    .executeTakeFirst();
  if (!row) throw notFound(`study ${studyId}`);
  if (!seesAllStudies(ctx) && row.member === null) throw forbidden("you are not a member of this study");
  const { member: _member, ...study } = row;
  return study;
}
