// Shapes shared by many routes: ids, versions, pages, problems.
import { z } from "zod";

export const Id = z.string().min(1).max(64);
export const Version = z.number().int().positive().describe("row version for optimistic concurrency");
export const IsoDateTime = z.string().describe("ISO-8601 UTC time");

export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Opaque cursor: the `next` of the previous page. */
  after: z.string().max(64).optional(),
});

export const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    next: z.string().nullable().describe("cursor of the next page, null at the end"),
  });

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string(), source: z.string().optional() }))
      .optional(),
  })
  .describe("RFC 9457 problem details");

export const Ok = z.object({ ok: z.literal(true) });
export const StudyParams = z.strictObject({ studyId: Id });
