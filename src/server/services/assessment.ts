// Assessments are computed by the engine from a read on demand and never stored as truth. The result
// is cached by (read, read version, subject version): every change to a read or its subject bumps a
// version, so a cached entry can never be stale, and any server process may compute it again.
import type { Kysely } from "kysely";
import { assessCase } from "../../app/assess-case.ts";
import type { DB, Read } from "../../db/schema.ts";
import type { Comparison, InputError } from "../../engine/index.ts";
import { caseOfRead, type LoadedRead, loadReadRow } from "./read-data.ts";

export interface ReadAssessment {
  readId: string;
  criteria: string[];
  /** Null when the read has no entered time point yet, or its data do not validate (see errors). */
  comparison: Comparison | null;
  errors: InputError[];
}

/** A least-recently-used map of at most `capacity` entries (Map order is the LRU order). */
class Lru<V> {
  private readonly entries = new Map<string, V>();
  hits = 0;
  misses = 0;
  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (e) {
      // Re-insert: the entry becomes the most recently used.
      this.entries.delete(key);
      this.entries.set(key, e);
      this.hits++;
    } else this.misses++;
    return e;
  }

  put(key: string, entry: V): V {
    this.entries.set(key, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }

  clear() {
    this.entries.clear();
  }
}

/** Serialised study-wide results (the dashboard) and their gzip, keyed by everything that determines
 * them — the caller puts a fingerprint of the study's rows in the key, so an entry is never stale. */
export class PayloadCache extends Lru<{ json: string; gzip: Uint8Array | null }> {
  constructor(capacity = 8) {
    super(capacity);
  }

  set(key: string, entry: { json: string; gzip: Uint8Array | null }) {
    return this.put(key, entry);
  }
}

/** A cached assessment; its JSON is serialised (to UTF-8 bytes, ready to send) on first use only. */
export class CachedAssessment {
  private encoded: Buffer | undefined;
  constructor(readonly value: ReadAssessment) {}
  get bytes(): Buffer {
    this.encoded ??= Buffer.from(JSON.stringify(this.value));
    return this.encoded;
  }
}

export class AssessmentCache extends Lru<CachedAssessment> {
  /** Serialised dashboards (services/dashboard.ts). */
  readonly payloads = new PayloadCache();
  constructor(capacity = 5000) {
    super(capacity);
  }

  set(key: string, value: ReadAssessment) {
    return this.put(key, new CachedAssessment(value));
  }
}

export function criteriaOf(r: LoadedRead): string[] {
  return [
    r.protocol.primaryCriteria,
    ...r.protocol.exploratoryCriteria.filter((c) => c !== r.protocol.primaryCriteria),
  ];
}

export function assessLoaded(r: LoadedRead, criteria = criteriaOf(r)): ReadAssessment {
  const input = caseOfRead(r);
  if ((input.assessments ?? []).length === 0) {
    return {
      readId: r.read.id,
      criteria,
      comparison: null,
      errors: [{ path: "$.assessments", message: "no time point read yet" }],
    };
  }
  const result = assessCase(input, criteria);
  return result.ok
    ? { readId: r.read.id, criteria, comparison: result.comparison, errors: [] }
    : { readId: r.read.id, criteria, comparison: null, errors: result.errors };
}

/** The assessment of a read under its protocol's criteria, from the cache when nothing changed. Pass the
 * subject's version when the caller has just read it (saves a query). */
export async function assessRead(
  db: Kysely<DB>,
  cache: AssessmentCache,
  read: Read,
  subjectVersion?: number,
): Promise<CachedAssessment> {
  const version =
    subjectVersion ??
    (
      await db
        .selectFrom("subjects")
        .select("version")
        .where("id", "=", read.subject_id)
        .executeTakeFirstOrThrow()
    ).version;
  const key = `${read.id}:${read.version}:${version}`;
  return cache.get(key) ?? cache.set(key, assessLoaded(await loadReadRow(db, read)));
}
