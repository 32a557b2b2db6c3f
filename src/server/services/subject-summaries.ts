// The subjects list of a study with what the web's Subjects page shows per subject — site, time points,
// the state of the reads the caller may see and the best response under the primary criteria of the read
// the timeline would show them — a page at a time, in a handful of bulk queries (before: three or four
// requests per subject). Blinding as on the per-subject routes: a reader sees only their own read and its
// assessment; an adjudicator sees the reader reads of their tasks and no assessment; the arm is shown to
// admins and study managers only.
import type { Read } from "../../db/schema.ts";
import type { Comparison } from "../../engine/index.ts";
import { requireStudy, seesArm } from "../auth/access.ts";
import type { Ctx } from "../context.ts";
import { ReadProtocolSettings } from "../schemas/protocol.ts";
import { chooseAccepted } from "./adjudication.ts";
import { assessLoaded, type ReadAssessment } from "./assessment.ts";
import { pageOf } from "./pages.ts";
import { loadReadRow } from "./read-data.ts";

function best(c: Comparison | null | undefined) {
  const primary = c?.criteria[0];
  const s = primary ? c?.summary[primary] : undefined;
  return primary && s
    ? { criteria: primary, name: s.name, category: s.bestOverallResponse, confirmed: s.confirmed }
    : null;
}

export async function subjectSummaries(ctx: Ctx, studyId: string, limit: number, after?: string) {
  await requireStudy(ctx, studyId);
  const db = ctx.database.db;
  const role = ctx.actor.user.role;
  let q = db
    .selectFrom("subjects")
    .select(["id", "pseudonym", "site_id", "arm", "version"])
    .where("study_id", "=", studyId)
    .orderBy("id")
    .limit(limit + 1);
  if (after) q = q.where("id", ">", after);
  const p = pageOf(await q.execute(), limit);
  const ids = p.items.map((s) => s.id);
  if (ids.length === 0) return { items: [], next: null };
  const [sites, tps, readRows, adjudications, protocols] = await Promise.all([
    db.selectFrom("sites").select(["id", "code", "name"]).where("study_id", "=", studyId).execute(),
    db
      .selectFrom("timepoints")
      .select(["subject_id", "date"])
      .where("subject_id", "in", ids)
      .orderBy("date")
      .execute(),
    db
      .selectFrom("reads")
      .selectAll()
      .where("subject_id", "in", ids)
      .where("status", "!=", "superseded")
      .orderBy("id")
      .execute(),
    db
      .selectFrom("adjudications")
      .select(["subject_id", "status", "selected_read_id", "read_ids"])
      .where("subject_id", "in", ids)
      .where("status", "!=", "void")
      .orderBy("id")
      .execute(),
    db.selectFrom("protocol_versions").select(["id", "settings"]).where("study_id", "=", studyId).execute(),
  ]);
  const protocolById = new Map(
    protocols.map((x) => [x.id, ReadProtocolSettings.parse(JSON.parse(x.settings))] as const),
  );
  const siteById = new Map(sites.map((s) => [s.id, s]));
  const group = <T extends { subject_id: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      const list = m.get(r.subject_id) ?? [];
      list.push(r);
      m.set(r.subject_id, list);
    }
    return m;
  };
  const tpsOf = group(tps);
  const readsOf = group(readRows);
  const adjOf = group(adjudications);
  // A reader's own reads: how many of their time points are locked (one query for the page).
  const own = role === "reader" ? readRows.filter((r) => r.reader_id === ctx.actor.user.id) : [];
  const lockedCounts = new Map<string, number>();
  if (own.length > 0) {
    const rts = await db
      .selectFrom("read_timepoints")
      .select(["read_id"])
      .where(
        "read_id",
        "in",
        own.map((r) => r.id),
      )
      .where("locked_at", "is not", null)
      .execute();
    for (const r of rts) lockedCounts.set(r.read_id, (lockedCounts.get(r.read_id) ?? 0) + 1);
  }
  const versionOf = new Map(p.items.map((s) => [s.id, s.version]));
  const assess = async (read: Read): Promise<ReadAssessment> => {
    const key = `${read.id}:${read.version}:${versionOf.get(read.subject_id)}`;
    const hit = ctx.cache.get(key);
    if (hit) return hit.value;
    return ctx.cache.set(key, assessLoaded(await loadReadRow(db, read))).value;
  };

  const items = [];
  for (const s of p.items) {
    const dates = (tpsOf.get(s.id) ?? []).map((t) => t.date);
    const current = readsOf.get(s.id) ?? [];
    const adjs = adjOf.get(s.id) ?? [];
    let visible: Read[];
    let myRead = null;
    let shown: { read: Read; how: string } | null = null;
    if (role === "reader") {
      visible = current.filter((r) => r.kind === "reader" && r.reader_id === ctx.actor.user.id);
      const mine = visible[0];
      if (mine) {
        myRead = {
          id: mine.id,
          status: mine.status,
          lockedTimepoints: lockedCounts.get(mine.id) ?? 0,
          timepoints: dates.length,
        };
        shown = { read: mine, how: "own" };
      }
    } else if (role === "adjudicator") {
      const inTasks = new Set(adjs.flatMap((a) => JSON.parse(a.read_ids) as string[]));
      visible = current.filter((r) => r.kind === "reader" && inTasks.has(r.id));
    } else {
      visible = current;
      const readerReads = current.filter((r) => r.kind === "reader");
      const decided = adjs.filter((a) => a.status === "decided" && a.selected_read_id).at(-1);
      // The adjudicator's choice may be a read since superseded: look it up by id.
      const decidedRead = decided
        ? (current.find((r) => r.id === decided.selected_read_id) ??
          (await db
            .selectFrom("reads")
            .selectAll()
            .where("id", "=", decided.selected_read_id!)
            .executeTakeFirst()) ??
          null)
        : null;
      const assessed = new Map<string, ReadAssessment>();
      if (!decidedRead && readerReads.length >= 2 && readerReads.every((r) => r.status === "locked"))
        for (const r of readerReads) assessed.set(r.id, await assess(r));
      const accepted = chooseAccepted({
        decided: decidedRead,
        open: adjs.some((a) => a.status === "open"),
        readerReads,
        paradigm: readerReads[0] ? protocolById.get(readerReads[0].protocol_id)?.paradigm : undefined,
        primaryOf: (r) => {
          const primary = protocolById.get(r.protocol_id)?.primaryCriteria;
          return primary ? (assessed.get(r.id)?.comparison?.results[primary] ?? null) : null;
        },
      });
      shown = accepted;
    }
    const site = s.site_id ? siteById.get(s.site_id) : undefined;
    items.push({
      id: s.id,
      pseudonym: s.pseudonym,
      site: site ? { id: site.id, code: site.code, name: site.name } : null,
      ...(seesArm(ctx) ? { arm: s.arm } : {}),
      timepoints: { count: dates.length, first: dates[0] ?? null, last: dates.at(-1) ?? null },
      reads: {
        locked: visible.filter((r) => r.status === "locked").length,
        inProgress: visible.filter((r) => r.status === "in_progress").length,
        site: visible.filter((r) => r.kind === "site").length,
      },
      myRead,
      selection: shown?.how ?? "none",
      // The best response of the read shown (cached assessments; a miss assesses the read once).
      best: shown ? best((await assess(shown.read)).comparison) : null,
    });
  }
  return { items, next: p.next };
}
