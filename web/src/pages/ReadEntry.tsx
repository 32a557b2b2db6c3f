// Read entry (issue 14): keyboard-first, one time point at a time, one row per lesion. Every keystroke
// is validated with the server's own zod schemas (the case model's Lesion and the read time point's
// fields, imported from src/), so an implausible value is refused here in the same words the server
// would use. Valid changes are saved after a short pause (optimistic concurrency: the time point's
// version; a 409 reloads); each save brings the engine's assessment under every criteria set back.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Fragment, type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useParams } from "react-router";
import { z } from "zod";
import type { Comparison } from "../../../src/engine/compare.ts";
import { parseCase } from "../../../src/engine/model/parse.ts";
import { ReadTimepointPut } from "../../../src/server/schemas/read-entry.ts";
import { type Answer, api, type Body, problemText, unwrap } from "../api/client";
import { useUser } from "../app/session";
import { Async, ErrorBox } from "../components/Async";
import { ReadAssessment } from "../components/ReadAssessment";
import { SignDialog } from "../components/SignDialog";
import "../styles/read.css";

// The page's CSP forbids eval: zod validates without compiling code.
z.config({ jitless: true });

type ReadT = Answer<"/api/v1/reads/{readId}", "get">;
type Tp = NonNullable<ReadT["timepoints"]>[number];
type TpBody = Body<"/api/v1/reads/{readId}/timepoints/{timepointId}", "put">;

const ROLES = [
  ["target", "Target"],
  ["non_target", "Non-target"],
  ["new", "New"],
] as const;
const COMPONENTS = [
  ["enhancing", "Enhancing"],
  ["non_enhancing", "Non-enhancing"],
] as const;
const STATUSES = [
  ["present", "Present"],
  ["absent", "Absent (resolved)"],
  ["improved", "Improved"],
  ["unequivocal_progression", "Unequivocal progression"],
  ["too_small", "Too small to measure"],
  ["not_evaluable", "Not evaluable"],
] as const;
const T2 = [
  ["", "Not read"],
  ["stable", "Stable"],
  ["improved", "Improved"],
  ["worse", "Worse"],
  ["not_assessed", "Not assessed"],
] as const;

interface LesionDraft {
  key: number;
  id: string;
  role: string;
  component: string;
  long: string;
  perp: string;
  volume: string;
  status: string;
  /** Fields this page does not edit (extents, slices, work-up…), kept as they were. */
  extra: Record<string, unknown>;
}
interface DataDraft {
  performed: boolean;
  evaluable: boolean;
  reason: string;
  t2: string;
  t2Other: boolean;
  sliceThickness: string;
  note: string;
  extra: Record<string, unknown>;
}
interface Draft {
  data: DataDraft;
  lesions: LesionDraft[];
}

let nextKey = 1;
const str = (v: unknown) => (typeof v === "number" ? String(v) : "");

function draftOf(tp: Tp, previous: Tp | undefined): { draft: Draft; carried: boolean } {
  if (tp.data === null && previous && previous.lesions.length > 0) {
    // A follow-up not entered yet starts from the previous time point's lesions, unmeasured.
    return {
      carried: true,
      draft: {
        data: emptyData(),
        lesions: previous.lesions.map((l) => ({
          ...blankLesion(l.id),
          role: String(l.lesion.role ?? ""),
          component: String(l.lesion.component ?? "enhancing"),
        })),
      },
    };
  }
  const d = (tp.data ?? {}) as Record<string, unknown>;
  const { performed, evaluable, reason, t2Flair, sliceThicknessMm, note, ...extra } = d;
  const t2 = (t2Flair ?? null) as { status?: string; attributableToOtherCause?: boolean } | null;
  return {
    carried: false,
    draft: {
      data: {
        performed: performed !== false,
        evaluable: evaluable !== false,
        reason: typeof reason === "string" ? reason : "",
        t2: t2?.status ?? "",
        t2Other: t2?.attributableToOtherCause === true,
        sliceThickness: str(sliceThicknessMm),
        note: typeof note === "string" ? note : "",
        extra,
      },
      lesions: tp.lesions.map((l) => {
        const { component, role, status, diametersMm, volumeMm3, ...rest } = l.lesion;
        const dm = Array.isArray(diametersMm) ? (diametersMm as unknown[]) : [];
        return {
          key: nextKey++,
          id: l.id,
          role: typeof role === "string" ? role : "",
          component: typeof component === "string" ? component : "enhancing",
          long: str(dm[0]),
          perp: str(dm[1]),
          volume: str(volumeMm3),
          status: typeof status === "string" ? status : "present",
          extra: rest,
        };
      }),
    },
  };
}

const emptyData = (): DataDraft => ({
  performed: true,
  evaluable: true,
  reason: "",
  t2: "",
  t2Other: false,
  sliceThickness: "",
  note: "",
  extra: {},
});
const blankLesion = (id: string): LesionDraft => ({
  key: nextKey++,
  id,
  role: "target",
  component: "enhancing",
  long: "",
  perp: "",
  volume: "",
  status: "present",
  extra: {},
});

/** A typed number: empty is absent, a comma is a decimal point, anything else is NaN (refused). */
const num = (s: string): number | undefined => {
  const t = s.trim().replace(",", ".");
  return t === "" ? undefined : Number(t);
};

/** The request body the draft stands for (before validation). */
function bodyOf(d: Draft): { data: Record<string, unknown>; lesions: Record<string, unknown>[] } {
  const data: Record<string, unknown> = { ...d.data.extra };
  if (!d.data.performed) data.performed = false;
  if (!d.data.evaluable) data.evaluable = false;
  if (d.data.reason.trim()) data.reason = d.data.reason.trim();
  if (d.data.t2) data.t2Flair = { status: d.data.t2, attributableToOtherCause: d.data.t2Other };
  const thick = num(d.data.sliceThickness);
  if (thick !== undefined) data.sliceThicknessMm = thick;
  if (d.data.note.trim()) data.note = d.data.note.trim();
  const lesions = d.lesions.map((l) => {
    const out: Record<string, unknown> = { ...l.extra, id: l.id.trim(), component: l.component };
    if (l.role) out.role = l.role;
    out.status = l.status;
    if (l.long.trim() || l.perp.trim()) out.diametersMm = [num(l.long), num(l.perp)];
    const v = num(l.volume);
    if (v !== undefined) out.volumeMm3 = v;
    return out;
  });
  return { data, lesions };
}

const FIELD_LABEL: Record<string, string> = {
  id: "Lesion ID",
  "diametersMm.0": "Longest diameter",
  "diametersMm.1": "Perpendicular diameter",
  diametersMm: "Diameters",
  volumeMm3: "Volume",
  volumeCm3: "Volume",
  sliceThicknessMm: "Slice thickness",
  reason: "Reason",
};

/** Field errors keyed `data.<field>` and `lesion.<index>.<field>`: first the server's own request
 * schema (ReadTimepointPut), then the case model's cross-field checks the engine applies to the case
 * (parseCase: perpendicular longer than the longest diameter, a lesion id used twice, measurements of
 * an absent lesion…), which the server would otherwise report only in the assessment. */
function validate(body: ReturnType<typeof bodyOf>, date: string): Map<string, string> {
  const errors = new Map<string, string>();
  const add = (key: string, message: string) => {
    if (!errors.has(key)) errors.set(key, message);
  };
  const put = ReadTimepointPut.safeParse(body);
  if (!put.success)
    for (const i of put.error.issues) {
      const [head, ...rest] = i.path.map(String);
      add(head === "lesions" ? `lesion.${rest.join(".")}` : `data.${rest.join(".")}`, i.message);
    }
  if (errors.size > 0) return errors;
  const c = parseCase({
    patient: { id: "entry", tumorType: "glioblastoma_idh_wildtype", setting: "recurrent" },
    assessments: [{ ...body.data, date, lesions: body.lesions }],
  });
  if (!c.ok)
    for (const e of c.errors) {
      const m = /^\$\.assessments\[0\]\.(?:lesions\[(\d+)\]\.)?(.*)$/.exec(e.path);
      if (!m) continue;
      const field = m[2]!.replace(/\[(\d+)\]/g, ".$1");
      add(m[1] !== undefined ? `lesion.${m[1]}.${field}` : `data.${field}`, e.message);
    }
  return errors;
}

type SaveState = "saved" | "draft" | "invalid" | "saving" | "failed";

export function ReadEntry() {
  const { readId = "", studyId = "" } = useParams();
  const read = useQuery({
    queryKey: ["read", readId],
    queryFn: async () => unwrap(await api.GET("/api/v1/reads/{readId}", { params: { path: { readId } } })),
  });
  return <Async q={read}>{(r) => <ReadForm read={r} studyId={studyId} />}</Async>;
}

function ReadForm({ read, studyId }: { read: ReadT; studyId: string }) {
  const user = useUser();
  const qc = useQueryClient();
  const readId = read.id;
  const tps = read.timepoints ?? [];
  const study = useQuery({
    queryKey: ["study", studyId],
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/studies/{studyId}", { params: { path: { studyId } } })),
  });
  const subject = useQuery({
    queryKey: ["subject", read.subjectId],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/subjects/{subjectId}", { params: { path: { subjectId: read.subjectId } } }),
      ),
  });
  const assessment = useQuery({
    queryKey: ["assessment", readId],
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/reads/{readId}/assessment", { params: { path: { readId } } })),
  });
  const protocol = study.data?.protocol;
  const volumetric = protocol?.method === "volumetric";
  const editable =
    read.status === "in_progress" &&
    ((read.kind === "reader" && read.reader === user.username) ||
      (read.kind === "site" && (user.role === "admin" || user.role === "study_manager")));

  const firstWorkable = () => {
    const i = tps.findIndex((t) => t.open && !t.locked);
    return i >= 0 ? i : Math.max(0, tps.length - 1);
  };
  const [index, setIndex] = useState(firstWorkable);
  const tp = tps[index];

  const [draft, setDraftState] = useState<Draft | null>(null);
  const [carried, setCarried] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [state, setState] = useState<SaveState>("saved");
  const [message, setMessage] = useState<string | null>(null);
  const [signing, setSigning] = useState(false);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const draftRef = useRef<Draft | null>(null);
  const chain = useRef<Promise<boolean>>(Promise.resolve(true));
  const tpRef = useRef(tp);
  tpRef.current = tp;

  // A new time point (or a reload after a conflict) starts its draft from the server's copy.
  const tpId = tp?.timepointId;
  const loadDraft = useCallback(() => {
    const t = tpRef.current;
    if (!t) return;
    const i = tps.findIndex((x) => x.timepointId === t.timepointId);
    const { draft: d, carried: c } = draftOf(t, i > 0 ? tps[i - 1] : undefined);
    draftRef.current = d;
    setDraftState(d);
    setCarried(c);
    setDirty(false);
    setState(t.data === null ? "draft" : "saved");
  }, [tps]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload only when the time point changes
  useEffect(() => {
    loadDraft();
  }, [tpId]);

  const body = useMemo(() => (draft ? bodyOf(draft) : null), [draft]);
  const errors = useMemo(
    () => (body && tp ? validate(body, tp.date) : new Map<string, string>()),
    [body, tp],
  );

  const setDraft = (f: (d: Draft) => Draft) => {
    const d = f(draftRef.current!);
    draftRef.current = d;
    setDraftState(d);
    setDirty(true);
  };

  /** Saves the current draft (after any save in flight). Resolves true when saved or nothing to save. */
  const save = useCallback((): Promise<boolean> => {
    const run = async (): Promise<boolean> => {
      const t = tpRef.current;
      const d = draftRef.current;
      if (!t || !d || t.locked || !t.open) return true;
      const b = bodyOf(d);
      if (validate(b, t.date).size > 0) {
        setState("invalid");
        return false;
      }
      const current = qc.getQueryData<ReadT>(["read", readId]);
      const version = current?.timepoints?.find((x) => x.timepointId === t.timepointId)?.version ?? null;
      setState("saving");
      const r = await api.PUT("/api/v1/reads/{readId}/timepoints/{timepointId}", {
        params: { path: { readId, timepointId: t.timepointId } },
        body: { ...(version === null ? {} : { version }), ...b } as TpBody,
      });
      if (r.data) {
        qc.setQueryData(["read", readId], r.data);
        void qc.invalidateQueries({ queryKey: ["assessment", readId] });
        // Saved unless the reader typed on meanwhile (then the next save follows).
        if (draftRef.current === d) {
          setDirty(false);
          setState("saved");
        } else setState("draft");
        setCarried(false);
        setMessage(null);
        return true;
      }
      if (r.response.status === 409) {
        setMessage(
          `Not saved: this time point changed elsewhere or can no longer be edited (${problemText(r.error)}). The saved version has been reloaded; enter your change again.`,
        );
        await qc.invalidateQueries({ queryKey: ["read", readId] });
        await qc.refetchQueries({ queryKey: ["read", readId] });
        const fresh = qc
          .getQueryData<ReadT>(["read", readId])
          ?.timepoints?.find((x) => x.timepointId === t.timepointId);
        if (fresh) tpRef.current = fresh;
        loadDraft();
        setState("failed");
        return false;
      }
      setMessage(`Not saved: ${problemText(r.error)}`);
      setState("failed");
      return false;
    };
    chain.current = chain.current.then(run, run);
    return chain.current;
  }, [qc, readId, loadDraft]);

  // Debounced save of a valid draft.
  useEffect(() => {
    if (!dirty || !draft) return;
    if (errors.size > 0) {
      setState("invalid");
      return;
    }
    setState("draft");
    const h = setTimeout(() => void save(), 700);
    return () => clearTimeout(h);
  }, [draft, dirty, errors, save]);

  // Arriving on the page (the worklist's Start read or Enter read, a link) leaves the focus nowhere: put
  // it on the heading, inside the entry form, so Alt+N / Alt+S / Alt+L work at once, as the page says,
  // and a screen reader announces the read.
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (readId && (!document.activeElement || document.activeElement === document.body))
      headingRef.current?.focus();
  }, [readId]);

  // Focus a field after it renders (new lesion, Enter to move on).
  useEffect(() => {
    if (!focusKey) return;
    document.getElementById(focusKey)?.focus();
    setFocusKey(null);
  }, [focusKey]);

  const canEdit = editable && !!tp && tp.open && !tp.locked;

  const addLesion = () => {
    if (!canEdit) return;
    const used = new Set(draftRef.current?.lesions.map((l) => l.id));
    let n = (draftRef.current?.lesions.length ?? 0) + 1;
    while (used.has(`L${n}`)) n++;
    const l = blankLesion(`L${n}`);
    if (index > 0) l.role = "new";
    setDraft((d) => ({ ...d, lesions: [...d.lesions, l] }));
    setFocusKey(`les-${l.key}-long`);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey && e.code === "KeyN") {
      e.preventDefault();
      addLesion();
    } else if (e.altKey && e.code === "KeyS") {
      e.preventDefault();
      void save();
    } else if (e.altKey && e.code === "KeyL") {
      e.preventDefault();
      if (canEdit) setSigning(true);
    } else if (e.key === "Enter" && !e.altKey && !e.shiftKey && e.target instanceof HTMLInputElement) {
      // Enter saves and moves to the next field.
      e.preventDefault();
      if (dirty) void save();
      const fields = [...e.currentTarget.querySelectorAll<HTMLElement>("[data-entry]")];
      const i = fields.indexOf(e.target);
      fields[i + 1]?.focus();
    }
  };

  const sign = async (password: string): Promise<string | null> => {
    if (!tp) return "No time point selected.";
    if (!(await save())) return "The entry is not valid or not saved yet: correct it before signing.";
    const r = await api.POST("/api/v1/reads/{readId}/timepoints/{timepointId}/sign", {
      params: { path: { readId, timepointId: tp.timepointId } },
      body: { password, meaning: "authored" },
    });
    if (!r.data) return problemText(r.error);
    qc.setQueryData(["read", readId], r.data);
    void qc.invalidateQueries({ queryKey: ["assessment", readId] });
    setSigning(false);
    const next = (r.data.timepoints ?? []).findIndex((t) => t.open && !t.locked);
    setMessage(
      `Time point ${tp.date} locked and signed.${next >= 0 ? ` ${r.data.timepoints?.[next]?.date} is open now.` : " The read is complete and locked."}`,
    );
    if (next >= 0) setIndex(next);
    return null;
  };

  const comparison = (assessment.data?.comparison ?? null) as Comparison | null;
  const priorUnlocked = tps.slice(0, index).find((t) => !t.locked);

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: keyboard shortcuts of the whole entry form
    <div className="read-entry" onKeyDown={onKeyDown}>
      <h1 ref={headingRef} tabIndex={-1}>
        Read of {subject.data?.pseudonym ?? "subject"}
        {tp ? <span className="muted"> · time point {tp.date}</span> : null}
      </h1>
      <p className="muted">
        {read.kind === "site" ? "Site read" : `Reader ${read.reader ?? "—"}`} · read{" "}
        {read.status.replaceAll("_", " ")}
        {protocol
          ? ` · ${[protocol.primaryCriteria, ...protocol.exploratoryCriteria].join(", ")} · ${protocol.method} · ${protocol.presentation.replaceAll("_", " ")}`
          : ""}
      </p>
      {!editable && read.status === "in_progress" ? (
        <p className="panel">You can view this read; only its own reader enters it.</p>
      ) : null}

      <div className="read-layout">
        <nav aria-label="Time points" className="tp-nav">
          <h2>Time points</h2>
          <ol>
            {tps.map((t, i) => (
              <li key={t.timepointId}>
                <button
                  type="button"
                  className={`tp-button${i === index ? " current" : ""}`}
                  aria-current={i === index ? "step" : undefined}
                  onClick={() => {
                    setMessage(null);
                    setIndex(i);
                  }}
                >
                  <span className="tp-date">{t.date}</span>
                  <span className="tp-state">
                    {t.locked
                      ? "✓ locked, signed"
                      : !t.open
                        ? "⊘ closed"
                        : t.data === null
                          ? "○ not entered"
                          : "✎ in progress"}
                  </span>
                </button>
              </li>
            ))}
          </ol>
        </nav>

        <section className="tp-entry" aria-labelledby="tp-heading">
          {!tp ? (
            <p>This subject has no scans yet.</p>
          ) : !tp.open ? (
            <>
              <h2 id="tp-heading">Time point {tp.date}: closed</h2>
              <p className="panel" role="status">
                ⊘ Closed: the protocol presents time points in sequence. Lock and sign{" "}
                {priorUnlocked ? <strong>{priorUnlocked.date}</strong> : "the earlier time points"} first;
                this scan opens then.
              </p>
            </>
          ) : tp.locked ? (
            <LockedTimepoint tp={tp} volumetric={volumetric} />
          ) : draft ? (
            <>
              <h2 id="tp-heading">Time point {tp.date}</h2>
              <SaveStatus state={state} carried={carried} errors={errors.size} />
              {message ? (
                <p role="alert" className={state === "failed" ? "error-box" : "ok-box"}>
                  {message}
                </p>
              ) : null}
              <TimepointFields draft={draft} setDraft={setDraft} errors={errors} disabled={!canEdit} />
              <LesionTable
                draft={draft}
                setDraft={setDraft}
                errors={errors}
                disabled={!canEdit}
                volumetric={volumetric}
              />
              <div className="row no-print">
                <button type="button" className="secondary" onClick={addLesion} disabled={!canEdit}>
                  Add lesion <kbd>Alt+N</kbd>
                </button>
                <button type="button" className="secondary" onClick={() => void save()} disabled={!canEdit}>
                  Save now <kbd>Alt+S</kbd>
                </button>
                <button type="button" onClick={() => setSigning(true)} disabled={!canEdit || errors.size > 0}>
                  Lock and sign {tp.date} <kbd>Alt+L</kbd>
                </button>
              </div>
            </>
          ) : null}
          {message && (!tp || tp.locked) ? (
            <p role="status" className="ok-box">
              {message}
            </p>
          ) : null}

          <section aria-labelledby="assessment-heading" className="assessment" aria-live="polite">
            <h2 id="assessment-heading">Assessment</h2>
            <p className="muted">
              Computed by the engine from the <strong>saved</strong> entries
              {dirty ? " — your latest change is a draft, not yet saved, and not included" : ""}.
            </p>
            {assessment.isError ? (
              <ErrorBox error={assessment.error} />
            ) : comparison ? (
              <ReadAssessment
                comparison={comparison}
                date={tp?.date ?? null}
                caption={`Response at ${tp?.date ?? "—"} under each criteria set`}
              />
            ) : assessment.data ? (
              <ul>
                {assessment.data.errors.map((e) => (
                  <li key={e.path + e.message}>
                    {e.path === "$.assessments" ? "" : <code>{e.path}</code>} {e.message}
                  </li>
                ))}
              </ul>
            ) : (
              <p>Loading…</p>
            )}
          </section>

          <ClinicalContext clinical={subject.data?.clinical} />
        </section>
      </div>

      <section className="shortcuts muted" aria-labelledby="keys-heading">
        <h2 id="keys-heading">Keyboard</h2>
        <ul>
          <li>
            <kbd>Tab</kbd> moves through the time point's fields, then each lesion row left to right.
          </li>
          <li>
            <kbd>Enter</kbd> in a field saves and moves to the next field.
          </li>
          <li>
            <kbd>Alt+N</kbd> adds a lesion (focus on its longest diameter); <kbd>Alt+S</kbd> saves now;{" "}
            <kbd>Alt+L</kbd> locks and signs the time point (password dialog, <kbd>Esc</kbd> cancels).
          </li>
          <li>Changes save by themselves about a second after you stop typing, once they are valid.</li>
        </ul>
      </section>

      <SignDialog
        open={signing}
        title={`Lock and sign time point ${tp?.date ?? ""}`}
        meaning="authored — I entered these measurements"
        onSign={sign}
        onClose={() => setSigning(false)}
      >
        <p>
          Once signed, this time point is locked: a later change needs a re-read, with its reason in the audit
          trail.
        </p>
      </SignDialog>
    </div>
  );
}

function SaveStatus({ state, carried, errors }: { state: SaveState; carried: boolean; errors: number }) {
  const text =
    state === "saved"
      ? "✓ Saved"
      : state === "saving"
        ? "Saving…"
        : state === "invalid"
          ? `✗ Draft: not yet saved — ${errors} field${errors === 1 ? "" : "s"} to correct`
          : state === "failed"
            ? "✗ Not saved"
            : carried
              ? "Draft: not yet saved — lesions carried forward from the previous time point; enter today's measurements"
              : "Draft: not yet saved";
  return (
    <p className={`save-status save-${state}`} role="status" aria-live="polite">
      {text}
    </p>
  );
}

/** "Longest diameter must be at most 300 mm", "Perpendicular diameter: the perpendicular (30 mm) is…". */
const worded = (label: string, message: string) =>
  message.startsWith("must") ? `${label} ${message}` : `${label}: ${message}`;

const SHOWN_AT_INPUT = new Set([
  "id",
  "diametersMm",
  "diametersMm.0",
  "diametersMm.1",
  "volumeMm3",
  "status",
]);

function FieldError({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <span id={id} className="field-error">
      {error}
    </span>
  ) : null;
}

function TimepointFields({
  draft,
  setDraft,
  errors,
  disabled,
}: {
  draft: Draft;
  setDraft: (f: (d: Draft) => Draft) => void;
  errors: Map<string, string>;
  disabled: boolean;
}) {
  const d = draft.data;
  const set = (patch: Partial<DataDraft>) => setDraft((x) => ({ ...x, data: { ...x.data, ...patch } }));
  const thickErr = errors.get("data.sliceThicknessMm");
  return (
    <fieldset className="tp-fields" disabled={disabled}>
      <legend>Scan</legend>
      <div className="row">
        <label className="check">
          <input
            type="checkbox"
            data-entry
            checked={d.performed}
            onChange={(e) => set({ performed: e.target.checked })}
          />
          Scan performed
        </label>
        <label className="check">
          <input
            type="checkbox"
            data-entry
            checked={d.evaluable}
            onChange={(e) => set({ evaluable: e.target.checked })}
          />
          Evaluable
        </label>
        {!d.performed || !d.evaluable ? (
          <label>
            Reason
            <input data-entry value={d.reason} onChange={(e) => set({ reason: e.target.value })} />
          </label>
        ) : null}
        <label>
          T2/FLAIR
          <select data-entry value={d.t2} onChange={(e) => set({ t2: e.target.value })}>
            {T2.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </label>
        {d.t2 === "worse" ? (
          <label className="check">
            <input
              type="checkbox"
              data-entry
              checked={d.t2Other}
              onChange={(e) => set({ t2Other: e.target.checked })}
            />
            Attributable to another cause (radiation, ischaemia…)
          </label>
        ) : null}
        <label>
          Slice thickness (mm)
          <input
            data-entry
            inputMode="decimal"
            className="num-input"
            value={d.sliceThickness}
            aria-invalid={thickErr ? true : undefined}
            aria-describedby={thickErr ? "err-thick" : undefined}
            onChange={(e) => set({ sliceThickness: e.target.value })}
          />
          <FieldError id="err-thick" error={thickErr ? worded("Slice thickness", thickErr) : undefined} />
        </label>
        <label className="grow">
          Note
          <input data-entry value={d.note} onChange={(e) => set({ note: e.target.value })} />
        </label>
      </div>
      {[...errors].filter(([k]) => k.startsWith("data.") && k !== "data.sliceThicknessMm").length > 0 ? (
        <ul className="field-error">
          {[...errors]
            .filter(([k]) => k.startsWith("data.") && k !== "data.sliceThicknessMm")
            .map(([k, m]) => (
              <li key={k}>
                {FIELD_LABEL[k.slice(5)] ?? k.slice(5)}: {m}
              </li>
            ))}
        </ul>
      ) : null}
    </fieldset>
  );
}

function LesionTable({
  draft,
  setDraft,
  errors,
  disabled,
  volumetric,
}: {
  draft: Draft;
  setDraft: (f: (d: Draft) => Draft) => void;
  errors: Map<string, string>;
  disabled: boolean;
  volumetric: boolean;
}) {
  const set = (key: number, patch: Partial<LesionDraft>) =>
    setDraft((x) => ({ ...x, lesions: x.lesions.map((l) => (l.key === key ? { ...l, ...patch } : l)) }));
  const remove = (key: number) =>
    setDraft((x) => ({ ...x, lesions: x.lesions.filter((l) => l.key !== key) }));
  const showVolume = volumetric || draft.lesions.some((l) => l.volume !== "");
  return (
    <table className="lesion-table">
      <caption>
        Lesions ({draft.lesions.length}) — diameters in mm on the same slice
        {showVolume ? ", volume in mm³" : ""}
      </caption>
      <thead>
        <tr>
          <th scope="col">Lesion ID</th>
          <th scope="col">Role</th>
          <th scope="col">Component</th>
          <th scope="col" className="num">
            Longest (mm)
          </th>
          <th scope="col" className="num">
            Perpendicular (mm)
          </th>
          {showVolume ? (
            <th scope="col" className="num">
              Volume (mm³)
            </th>
          ) : null}
          <th scope="col">Status</th>
          <th scope="col" className="num">
            Product (mm²)
          </th>
          <th scope="col">
            <span className="visually-hidden">Remove</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {draft.lesions.length === 0 ? (
          <tr>
            <td colSpan={showVolume ? 9 : 8} className="muted">
              No lesions entered. <kbd>Alt+N</kbd> adds one.
            </td>
          </tr>
        ) : null}
        {draft.lesions.map((l, n) => {
          const err = (f: string) => errors.get(`lesion.${n}.${f}`);
          const name = l.id || `lesion ${n + 1}`;
          const long = num(l.long);
          const perp = num(l.perp);
          const product =
            long !== undefined && perp !== undefined && Number.isFinite(long * perp)
              ? (long * perp).toLocaleString("en", { maximumFractionDigits: 1 })
              : "—";
          const input = (
            field: "id" | "long" | "perp" | "volume",
            errKey: string,
            label: string,
            unitLabel: string,
          ) => {
            const e = err(errKey) ?? (errKey === "diametersMm.0" ? err("diametersMm") : undefined);
            const id = `les-${l.key}-${field}`;
            return (
              <td className={field === "id" ? undefined : "num"}>
                <input
                  id={id}
                  data-entry
                  className={field === "id" ? "id-input" : "num-input"}
                  inputMode={field === "id" ? undefined : "decimal"}
                  aria-label={`${name}: ${label}${unitLabel}`}
                  value={l[field]}
                  aria-invalid={e ? true : undefined}
                  aria-describedby={e ? `${id}-err` : undefined}
                  onChange={(ev) => set(l.key, { [field]: ev.target.value })}
                />
                <FieldError id={`${id}-err`} error={e ? worded(label, e) : undefined} />
              </td>
            );
          };
          const others = [...errors].filter(
            ([k]) => k.startsWith(`lesion.${n}.`) && !SHOWN_AT_INPUT.has(k.slice(`lesion.${n}.`.length)),
          );
          return (
            <Fragment key={l.key}>
              <tr>
                {input("id", "id", "Lesion ID", "")}
                <td>
                  <select
                    data-entry
                    aria-label={`${name}: role`}
                    value={l.role}
                    disabled={disabled}
                    onChange={(e) => set(l.key, { role: e.target.value })}
                  >
                    <option value="">Not set</option>
                    {ROLES.map(([v, t]) => (
                      <option key={v} value={v}>
                        {t}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <select
                    data-entry
                    aria-label={`${name}: component`}
                    value={l.component}
                    disabled={disabled}
                    onChange={(e) => set(l.key, { component: e.target.value })}
                  >
                    {COMPONENTS.map(([v, t]) => (
                      <option key={v} value={v}>
                        {t}
                      </option>
                    ))}
                  </select>
                </td>
                {input("long", "diametersMm.0", "Longest diameter", " (mm)")}
                {input("perp", "diametersMm.1", "Perpendicular diameter", " (mm)")}
                {showVolume ? input("volume", "volumeMm3", "Volume", " (mm³)") : null}
                <td>
                  <select
                    data-entry
                    aria-label={`${name}: status`}
                    value={l.status}
                    disabled={disabled}
                    aria-invalid={err("status") ? true : undefined}
                    aria-describedby={err("status") ? `les-${l.key}-status-err` : undefined}
                    onChange={(e) => set(l.key, { status: e.target.value })}
                  >
                    {STATUSES.map(([v, t]) => (
                      <option key={v} value={v}>
                        {t}
                      </option>
                    ))}
                  </select>
                  <FieldError
                    id={`les-${l.key}-status-err`}
                    error={err("status") ? worded("Status", err("status")!) : undefined}
                  />
                </td>
                <td className="num">{product}</td>
                <td>
                  <button
                    type="button"
                    className="secondary small"
                    disabled={disabled}
                    aria-label={`Remove ${name}`}
                    onClick={() => remove(l.key)}
                  >
                    ✕
                  </button>
                </td>
              </tr>
              {others.length > 0 ? (
                <tr>
                  <td colSpan={showVolume ? 9 : 8} className="field-error">
                    {others.map(([k, m]) => (
                      <div key={k}>
                        {name},{" "}
                        {FIELD_LABEL[k.slice(`lesion.${n}.`.length)] ?? k.slice(`lesion.${n}.`.length)}: {m}
                      </div>
                    ))}
                  </td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}

function LockedTimepoint({ tp, volumetric }: { tp: Tp; volumetric: boolean }) {
  return (
    <>
      <h2 id="tp-heading">Time point {tp.date}: locked</h2>
      <p className="ok-box" role="status">
        ✓ Locked and signed
        {tp.signature
          ? ` by ${tp.signature.by} (${tp.signature.meaning.replaceAll("_", " ")}) at ${tp.signature.at.replace("T", " ").slice(0, 16)} UTC`
          : ""}
        . A change needs a re-read.
      </p>
      <table className="lesion-table">
        <caption>Lesions ({tp.lesions.length})</caption>
        <thead>
          <tr>
            <th scope="col">Lesion ID</th>
            <th scope="col">Role</th>
            <th scope="col">Component</th>
            <th scope="col" className="num">
              Diameters (mm)
            </th>
            {volumetric ? (
              <th scope="col" className="num">
                Volume (mm³)
              </th>
            ) : null}
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {tp.lesions.map((l) => {
            const d = l.lesion.diametersMm as number[] | undefined;
            return (
              <tr key={l.id}>
                <th scope="row">{l.id}</th>
                <td>{String(l.lesion.role ?? "—").replace("_", "-")}</td>
                <td>{String(l.lesion.component ?? "").replace("_", "-")}</td>
                <td className="num">{d ? `${d[0]} × ${d[1]}` : "—"}</td>
                {volumetric ? <td className="num">{str(l.lesion.volumeMm3) || "—"}</td> : null}
                <td>{String(l.lesion.status ?? "present").replaceAll("_", " ")}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

/** Steroids and clinical status belong to the subject's record (entered by the study team), not to the
 * read; shown here because the criteria use them. */
function ClinicalContext({ clinical }: { clinical: Record<string, unknown> | undefined }) {
  if (!clinical) return null;
  const steroids = (clinical.steroids ?? []) as Array<{ date: string; agent?: string; doseMgPerDay: number }>;
  const status = (clinical.clinical ?? []) as Array<{ date: string; status: string; kps?: number }>;
  if (steroids.length === 0 && status.length === 0) return null;
  return (
    <section aria-labelledby="clin-heading" className="panel">
      <h2 id="clin-heading">Clinical context (subject record)</h2>
      <p className="muted">Entered by the study team; the criteria use them with your measurements.</p>
      <div className="grid-2">
        <ul>
          {steroids.map((s) => (
            <li key={`${s.date}-${s.agent}`}>
              {s.date}: {s.agent ?? "dexamethasone"} {s.doseMgPerDay} mg/day
            </li>
          ))}
        </ul>
        <ul>
          {status.map((s) => (
            <li key={s.date}>
              {s.date}: clinically {s.status}
              {s.kps !== undefined ? `, KPS ${s.kps}` : ""}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
