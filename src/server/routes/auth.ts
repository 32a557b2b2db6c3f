// Sign-in, sign-out, the current user, API tokens.
import type {} from "@fastify/cookie";
import { z } from "zod";
import { createToken, login, logout, revokeToken, SESSION_COOKIE } from "../auth/sessions.ts";
import { route } from "../http/route.ts";
import { Id, Ok } from "../schemas/common.ts";
import { Login, Me, TokenCreate, TokenOut } from "../schemas/entities.ts";

export const authRoutes = [
  route({
    method: "POST",
    url: "/api/v1/auth/login",
    operationId: "login",
    summary: "Sign in with username and password; sets the session cookie and returns the CSRF token",
    tag: "auth",
    access: "public",
    body: Login,
    response: Me,
    handler: async (ctx, { body, reply }) => {
      const s = await login(ctx, body.username, body.password);
      reply.setCookie(SESSION_COOKIE, s.token, {
        path: "/",
        httpOnly: true,
        sameSite: "strict",
        secure: ctx.settings.secureCookies,
      });
      return { user: s.user, csrfToken: s.csrf };
    },
  }),
  route({
    method: "POST",
    url: "/api/v1/auth/logout",
    operationId: "logout",
    summary: "Sign out: the session is revoked in the database",
    tag: "auth",
    access: "any",
    response: Ok,
    handler: async (ctx, { reply }) => {
      await logout(ctx, ctx.actor);
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return { ok: true as const };
    },
  }),
  route({
    method: "GET",
    url: "/api/v1/auth/me",
    operationId: "me",
    summary: "The signed-in user and the session's CSRF token",
    tag: "auth",
    access: "any",
    response: Me,
    handler: async (ctx) => ({ user: ctx.actor.user, csrfToken: ctx.actor.csrf }),
  }),
  route({
    method: "POST",
    url: "/api/v1/auth/tokens",
    operationId: "createToken",
    summary: "Create an API token for scripts (Authorization: Bearer …); the token is shown once",
    tag: "auth",
    access: "any",
    status: 201,
    body: TokenCreate,
    response: TokenOut,
    handler: (ctx, { body }) => createToken(ctx, ctx.actor, body.name),
  }),
  route({
    method: "DELETE",
    url: "/api/v1/auth/tokens/:tokenId",
    operationId: "revokeToken",
    summary: "Revoke one of your API tokens",
    tag: "auth",
    access: "any",
    params: z.strictObject({ tokenId: Id }),
    response: Ok,
    handler: async (ctx, { params }) => {
      await revokeToken(ctx, ctx.actor, params.tokenId);
      return { ok: true as const };
    },
  }),
];
