// A time point's image and segmentation mask as NIfTI bytes (application/octet-stream), for the viewer.
import { z } from "zod";
import { badRequest } from "../http/problem.ts";
import { Raw, route } from "../http/route.ts";
import { Id } from "../schemas/common.ts";
import { getTimepointFile, storeTimepointFile, type TimepointFileKind } from "../services/images.ts";

const ALL = ["admin", "study_manager", "reader", "adjudicator", "monitor"] as const;
const MANAGE = ["admin", "study_manager"] as const;
const Stored = z.object({
  timepointId: z.string(),
  kind: z.enum(["image", "mask"]),
  bytes: z.number().int(),
  sha256: z.string(),
  uri: z.string(),
});
const TimepointFileParams = z.strictObject({ subjectId: Id, timepointId: Id });

const fileRoute = (kind: TimepointFileKind, operationId: string, summary: string) =>
  route({
    method: "GET",
    url: `/api/v1/subjects/:subjectId/timepoints/:timepointId/${kind}`,
    operationId,
    summary,
    tag: "subjects",
    access: ALL,
    params: TimepointFileParams,
    response: z.unknown(),
    binary: ["application/octet-stream"],
    handler: async (ctx, { params, reply }) => {
      const f = await getTimepointFile(ctx, params.subjectId, params.timepointId, kind);
      // Scans do not change under a URL without a new sha256: let the browser revalidate cheaply.
      reply.header("etag", `"${f.sha256}"`);
      reply.header("cache-control", "private, no-cache");
      const body = Buffer.isBuffer(f.content)
        ? f.content
        : Buffer.from(f.content.buffer, f.content.byteOffset, f.content.byteLength);
      return new Raw(body, "application/octet-stream", `${kind}-${f.date}.nii.gz`);
    },
  });

const storeRoute = (kind: TimepointFileKind, operationId: string, summary: string) =>
  route({
    method: "PUT",
    url: `/api/v1/subjects/:subjectId/timepoints/:timepointId/${kind}`,
    operationId,
    summary,
    tag: "subjects",
    access: MANAGE,
    params: TimepointFileParams,
    bytesBody: "application/octet-stream",
    response: Stored,
    handler: async (ctx, { params, req }) => {
      if (!Buffer.isBuffer(req.body))
        throw badRequest(`send the ${kind} as the request body with Content-Type: application/octet-stream`, [
          { path: "$body", message: "expected the bytes of a .nii or .nii.gz file" },
        ]);
      return storeTimepointFile(ctx, params.subjectId, params.timepointId, kind, req.body);
    },
  });

export const imageRoutes = [
  fileRoute(
    "image",
    "getTimepointImage",
    "The time point's image (NIfTI-1, gzipped); a reader only for time points open in their read",
  ),
  fileRoute(
    "mask",
    "getTimepointMask",
    "The time point's segmentation mask (NIfTI-1 label map, gzipped); same access as the image",
  ),
  storeRoute(
    "image",
    "putTimepointImage",
    "Store or replace the time point's image (NIfTI-1 bytes, .nii or .nii.gz; audited by sha256)",
  ),
  storeRoute(
    "mask",
    "putTimepointMask",
    "Store or replace the time point's segmentation mask (NIfTI-1 label map bytes; audited by sha256)",
  ),
];
