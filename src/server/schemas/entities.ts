// Request and response shapes of the API's resources. These zod schemas validate requests, type the
// handlers and are the source of schemas/openapi.json.
import { z } from "zod";
import { CaseDocument } from "../../engine/index.ts";
import { Id, Version } from "./common.ts";
import { ReadProtocolSettings } from "./protocol.ts";

export const RoleSchema = z.enum(["admin", "study_manager", "reader", "adjudicator", "monitor"]);

export const UserOut = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  active: z.boolean(),
  locked: z.boolean(),
  version: z.number().int(),
});
export const UserCreate = z.strictObject({
  username: z.string().regex(/^[a-z0-9._-]{2,40}$/, "2–40 characters: a-z, 0-9, dot, underscore, hyphen"),
  displayName: z.string().min(1).max(120),
  role: RoleSchema,
  password: z.string().min(12, "at least 12 characters").max(200),
});
export const UserPatch = z.strictObject({
  version: Version,
  role: RoleSchema.optional(),
  displayName: z.string().min(1).max(120).optional(),
  active: z.boolean().optional(),
  unlock: z.literal(true).optional(),
  password: z.string().min(12, "at least 12 characters").max(200).optional(),
});

export const Login = z.strictObject({
  username: z.string().min(1).max(40),
  password: z.string().min(1).max(200),
});
export const Me = z.object({
  user: z.object({ id: z.string(), username: z.string(), displayName: z.string(), role: RoleSchema }),
  csrfToken: z
    .string()
    .nullable()
    .describe("send as X-CSRF-Token on every POST/PUT/PATCH/DELETE of a cookie session"),
});
export const TokenCreate = z.strictObject({ name: z.string().min(1).max(80) });
export const TokenOut = z.object({
  id: z.string(),
  name: z.string(),
  token: z.string().describe("shown once"),
});

export const StudyCreate = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, "1–40 characters: letters, digits, underscore, hyphen"),
  title: z.string().min(1).max(200),
  protocol: ReadProtocolSettings,
});
export const StudyOut = z.object({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  protocolId: z.string().nullable(),
  protocol: ReadProtocolSettings.nullable(),
  protocolNumber: z.number().int().nullable(),
  version: z.number().int(),
});
export const StudyPatch = z.strictObject({ version: Version, title: z.string().min(1).max(200) });
export const MemberAdd = z.strictObject({ userId: Id });
export const MemberOut = z.object({ userId: z.string(), username: z.string(), role: RoleSchema });

export const SiteCreate = z.strictObject({
  code: z.string().min(1).max(40),
  name: z.string().min(1).max(200),
});
export const SiteOut = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  version: z.number().int(),
});

/** The case model without its imaging assessments: the subject's clinical record. */
export const SubjectClinical = CaseDocument.omit({ assessments: true, schemaVersion: true }).extend({
  patient: CaseDocument.shape.patient.omit({ id: true }),
});
export const SubjectCreate = z.strictObject({
  pseudonym: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, "a study pseudonym: letters, digits, . _ - (never a real identifier)"),
  siteId: Id.nullable().default(null),
  arm: z.string().max(80).nullable().default(null),
  clinical: SubjectClinical,
  /** Scan dates (time points). */
  timepoints: z.array(z.iso.date()).default([]),
});
export const SubjectPatch = z.strictObject({
  version: Version,
  siteId: Id.nullable().optional(),
  arm: z.string().max(80).nullable().optional(),
  clinical: SubjectClinical.optional(),
});
export const SubjectOut = z.object({
  id: z.string(),
  studyId: z.string(),
  siteId: z.string().nullable(),
  pseudonym: z.string(),
  arm: z.string().nullable().optional().describe("present for admin and study manager only"),
  clinical: z.record(z.string(), z.unknown()),
  version: z.number().int(),
});
export const TimepointCreate = z.strictObject({
  date: z.iso.date(),
  imageUri: z.string().max(500).nullable().default(null),
  maskUri: z.string().max(500).nullable().default(null),
});
export const TimepointOut = z.object({
  id: z.string(),
  date: z.string(),
  imageUri: z.string().nullable(),
  maskUri: z.string().nullable(),
  version: z.number().int(),
});

export { LesionPut, ReadTimepointData, ReadTimepointPut } from "./read-entry.ts";
export const LesionOut = z.object({
  id: z.string(),
  version: z.number().int(),
  lesion: z.record(z.string(), z.unknown()),
});
export const Sign = z.strictObject({
  password: z.string().min(1).max(200).describe("re-entered for the e-signature (21 CFR 11.200)"),
  meaning: z.enum(["reviewed_and_approved", "authored"]).default("authored"),
});
export const ReRead = z.strictObject({ reason: z.string().min(3).max(500) });
export const ReadStart = z.strictObject({ kind: z.enum(["reader", "site"]).default("reader") });

export const ReadTimepointOut = z.object({
  timepointId: z.string(),
  date: z.string(),
  data: z.record(z.string(), z.unknown()).nullable(),
  lesions: z.array(LesionOut),
  locked: z.boolean(),
  open: z
    .boolean()
    .describe("false while an earlier time point is unlocked under time-sequential presentation"),
  signature: z.object({ by: z.string(), meaning: z.string(), at: z.string() }).nullable(),
  version: z.number().int().nullable(),
});
export const ReadOut = z.object({
  id: z.string(),
  subjectId: z.string(),
  studyId: z.string(),
  kind: z.enum(["reader", "site"]),
  reader: z.string().nullable(),
  protocolId: z.string(),
  status: z.enum(["in_progress", "locked", "superseded"]),
  supersedesId: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  lockedAt: z.string().nullable(),
  timepoints: z.array(ReadTimepointOut).optional(),
});

export const Decision = z.strictObject({
  version: Version,
  selectedReadId: Id,
  reason: z.string().min(3).max(1000),
  password: z.string().min(1).max(200),
  meaning: z.enum(["reviewed_and_approved"]).default("reviewed_and_approved"),
});
export const AdjudicationOut = z.object({
  id: z.string(),
  studyId: z.string(),
  subjectId: z.string(),
  readIds: z.array(z.string()),
  triggers: z.array(z.object({ kind: z.string(), detail: z.string() })),
  status: z.enum(["open", "decided", "void"]),
  adjudicator: z.string().nullable(),
  selectedReadId: z.string().nullable(),
  reason: z.string().nullable(),
  signedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});
