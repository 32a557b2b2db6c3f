// RFC 9457 problem details. Services throw `Problem`; the app's error handler writes it as
// application/problem+json. Field errors carry JSON paths ($.assessments[0].date) so a client can mark
// the field; nothing here ever carries a stack trace, a password or a patient identifier.
import type { z } from "zod";
import { jsonPath } from "../../engine/index.ts";

export interface FieldError {
  path: string;
  message: string;
  /** Where a bad record came from in an import (file:line, NDJSON line, record index). */
  source?: string;
}

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }

  body(instance?: string): Record<string, unknown> {
    return {
      type: `https://ranokit.org/problems/${this.title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`,
      title: this.title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...this.extra,
    };
  }
}

export const badRequest = (detail: string, errors?: FieldError[]) =>
  new Problem(400, "Invalid request", detail, errors ? { errors } : {});
export const unauthorized = (detail = "sign in or send an API token") =>
  new Problem(401, "Not authenticated", detail);
export const forbidden = (detail: string) => new Problem(403, "Forbidden", detail);
export const notFound = (what: string) => new Problem(404, "Not found", `${what} does not exist`);
export const conflict = (detail: string, extra: Record<string, unknown> = {}) =>
  new Problem(409, "Conflict", detail, extra);
export const staleVersion = (what: string, current: number | null) =>
  new Problem(
    409,
    "Stale version",
    `${what} was changed by someone else; reload it and apply your change again`,
    {
      currentVersion: current,
    },
  );
export const unprocessable = (detail: string, errors: FieldError[], extra: Record<string, unknown> = {}) =>
  new Problem(422, "Unprocessable content", detail, { errors, ...extra });

/** Zod issues as field errors, with `prefix` ("$" for a body, "$query" for the query string). */
export function zodFieldErrors(error: z.ZodError, prefix = "$"): FieldError[] {
  return error.issues.map((i) => ({ path: prefix + jsonPath(i.path).slice(1), message: i.message }));
}
