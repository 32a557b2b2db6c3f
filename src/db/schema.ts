// Table types for kysely. One schema for SQLite and PostgreSQL: ids are time-ordered text, times are
// ISO-8601 UTC text, JSON documents are text, booleans are 0/1 integers, so every query is dialect-neutral.
import type { Insertable, Selectable } from "kysely";

export type Role = "admin" | "study_manager" | "reader" | "adjudicator" | "monitor";

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  failed_logins: number;
  locked_until: string | null;
  active: number;
  version: number;
  created_at: string;
}

export interface SessionsTable {
  /** sha256 of the cookie token: a leaked database does not leak live sessions. */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
}

export interface StudiesTable {
  id: string;
  code: string;
  title: string;
  current_protocol_id: string | null;
  version: number;
  created_at: string;
}

export interface ProtocolVersionsTable {
  id: string;
  study_id: string;
  number: number;
  settings: string;
  created_at: string;
  created_by: string;
}

export interface StudyMembersTable {
  study_id: string;
  user_id: string;
  created_at: string;
}

export interface SitesTable {
  id: string;
  study_id: string;
  code: string;
  name: string;
  version: number;
}

export interface SubjectsTable {
  id: string;
  study_id: string;
  site_id: string | null;
  pseudonym: string;
  /** Treatment arm: blinded from readers, adjudicators and monitors. */
  arm: string | null;
  /** The case model's non-imaging part (patient, protocol, treatments, steroids, clinical, pathology, events). */
  clinical: string;
  version: number;
  created_at: string;
}

export interface TimepointsTable {
  id: string;
  subject_id: string;
  date: string;
  image_uri: string | null;
  mask_uri: string | null;
  version: number;
}

/** A time point's image or segmentation mask (NIfTI bytes, usually gzipped). */
export interface TimepointFilesTable {
  timepoint_id: string;
  kind: "image" | "mask";
  content: Uint8Array;
  bytes: number;
  sha256: string;
  created_at: string;
}

export type ReadKind = "reader" | "site";
export type ReadStatus = "in_progress" | "locked" | "superseded";

export interface ReadsTable {
  id: string;
  study_id: string;
  subject_id: string;
  reader_id: string | null;
  kind: ReadKind;
  protocol_id: string;
  status: ReadStatus;
  supersedes_id: string | null;
  reason: string | null;
  version: number;
  created_at: string;
  locked_at: string | null;
}

export interface ReadTimepointsTable {
  id: string;
  read_id: string;
  timepoint_id: string;
  /** The case model's assessment fields other than date and lesions. */
  data: string;
  locked_at: string | null;
  signed_by: string | null;
  signature_meaning: string | null;
  session_id: string | null;
  version: number;
}

export interface LesionMeasurementsTable {
  id: string;
  read_timepoint_id: string;
  lesion_key: string;
  /** The case model's lesion fields other than id. */
  data: string;
  version: number;
}

export interface AdjudicationsTable {
  id: string;
  study_id: string;
  subject_id: string;
  read_ids: string;
  triggers: string;
  status: "open" | "decided" | "void";
  adjudicator_id: string | null;
  selected_read_id: string | null;
  reason: string | null;
  signature_meaning: string | null;
  signed_at: string | null;
  version: number;
  created_at: string;
}

export interface JobsTable {
  id: string;
  kind: string;
  study_id: string | null;
  payload: string;
  state: "queued" | "running" | "succeeded" | "failed";
  progress: number;
  total: number;
  result: string | null;
  error: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  before: string | null;
  after: string | null;
  reason: string | null;
  prev_hash: string;
  hash: string;
}

export interface DB {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  studies: StudiesTable;
  protocol_versions: ProtocolVersionsTable;
  study_members: StudyMembersTable;
  sites: SitesTable;
  subjects: SubjectsTable;
  timepoints: TimepointsTable;
  timepoint_files: TimepointFilesTable;
  reads: ReadsTable;
  read_timepoints: ReadTimepointsTable;
  lesion_measurements: LesionMeasurementsTable;
  adjudications: AdjudicationsTable;
  jobs: JobsTable;
  audit_log: AuditLogTable;
}

export type User = Selectable<UsersTable>;
export type Read = Selectable<ReadsTable>;
export type NewAudit = Insertable<AuditLogTable>;
