// User administration.
import { z } from "zod";
import { requireRole } from "../auth/access.ts";
import { revokeSessions } from "../auth/sessions.ts";
import { route } from "../http/route.ts";
import { Id, PageQuery, page } from "../schemas/common.ts";
import { UserCreate, UserOut, UserPatch } from "../schemas/entities.ts";
import { createUser, listUsers, patchUser } from "../services/users.ts";

const UserParams = z.strictObject({ userId: Id });

export const userRoutes = [
  route({
    method: "GET",
    url: "/api/v1/users",
    operationId: "listUsers",
    summary: "List users",
    tag: "users",
    access: ["admin"],
    query: PageQuery,
    response: page(UserOut),
    handler: (ctx, { query }) => listUsers(ctx, query.limit, query.after),
  }),
  route({
    method: "POST",
    url: "/api/v1/users",
    operationId: "createUser",
    summary: "Create a user with a role",
    tag: "users",
    access: ["admin"],
    status: 201,
    body: UserCreate,
    response: UserOut,
    handler: (ctx, { body }) => createUser(ctx, body),
  }),
  route({
    method: "PATCH",
    url: "/api/v1/users/:userId",
    operationId: "patchUser",
    summary:
      "Change role, name, password or active flag, or unlock; ends the user's sessions on role, password or deactivation",
    tag: "users",
    access: ["admin"],
    params: UserParams,
    body: UserPatch,
    response: UserOut,
    handler: (ctx, { params, body }) => patchUser(ctx, params.userId, body),
  }),
  route({
    method: "POST",
    url: "/api/v1/users/:userId/revoke-sessions",
    operationId: "revokeSessions",
    summary: "End every session of a user at once",
    tag: "users",
    access: ["admin"],
    params: UserParams,
    response: z.object({ revoked: z.number().int() }),
    handler: async (ctx, { params }) => {
      requireRole(ctx, "admin");
      return { revoked: await revokeSessions(ctx, ctx.actor, params.userId, "revoked by an administrator") };
    },
  }),
];
