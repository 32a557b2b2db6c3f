// Imports and exports of a study (study manager, admin). Case JSON, NDJSON and long-CSV files go to
// POST /studies/{id}/imports as jobs; each job's progress comes from GET /jobs/{id} and its errors are
// listed with their source file and JSON path. Exports: the SDTM/ADaM datasets as CSV or one zip.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type DragEvent, useRef, useState } from "react";
import { useParams } from "react-router";
import { type Answer, api, problemText, unwrap } from "../api/client";
import { useUser } from "../app/session";
import { Async, ErrorBox } from "../components/Async";
import "../styles/read.css";

type Job = Answer<"/api/v1/jobs/{jobId}", "get">;
interface ImportResult {
  records: number;
  imported: number;
  unchanged: number;
  errors: Array<{ source?: string; path: string; message: string }>;
}
interface Upload {
  key: number;
  label: string;
  jobId: string | null;
  /** Refused before a job started (unreadable file, 4xx), in words. */
  error: string | null;
}

type Format = "json" | "ndjson" | "csv";
const formatOf = (name: string): Format | null => {
  const n = name.toLowerCase();
  if (n.endsWith(".ndjson") || n.endsWith(".jsonl")) return "ndjson";
  if (n.endsWith(".json")) return "json";
  if (n.endsWith(".csv")) return "csv";
  return null;
};

let uploadKey = 1;

export function Imports() {
  const { studyId = "" } = useParams();
  const user = useUser();
  if (user.role !== "admin" && user.role !== "study_manager")
    return (
      <>
        <h1>Imports &amp; exports</h1>
        <div role="alert" className="error-box">
          <strong>Not allowed: </strong>imports and exports are for the study manager and the administrator.
        </div>
      </>
    );
  return <ImportsPage studyId={studyId} />;
}

function ImportsPage({ studyId }: { studyId: string }) {
  const qc = useQueryClient();
  const study = useQuery({
    queryKey: ["study", studyId],
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/studies/{studyId}", { params: { path: { studyId } } })),
  });
  const jobs = useQuery({
    queryKey: ["jobs", studyId],
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/studies/{studyId}/jobs", { params: { path: { studyId } } })),
  });
  const [as, setAs] = useState<"subjects" | "site_read" | "reader_read">("subjects");
  const [reader, setReader] = useState("");
  const [over, setOver] = useState(false);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [refusal, setRefusal] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  async function start(label: string, body: Record<string, unknown>) {
    const key = uploadKey++;
    setUploads((u) => [{ key, label, jobId: null, error: null }, ...u]);
    const r = await api.POST("/api/v1/studies/{studyId}/imports", {
      params: { path: { studyId } },
      body: {
        as,
        ...(as === "reader_read" ? { reader: reader.trim() } : {}),
        ...body,
        async: true,
      } as never,
    });
    const jobId = r.data && "jobId" in r.data ? r.data.jobId : null;
    setUploads((u) =>
      u.map((x) => (x.key === key ? { ...x, jobId, error: jobId ? null : problemText(r.error) } : x)),
    );
    void qc.invalidateQueries({ queryKey: ["jobs", studyId] });
  }

  async function take(files: File[]) {
    setRefusal(null);
    if (files.length === 0) return;
    if (as === "reader_read" && !reader.trim()) {
      setRefusal("Name the reader (username) whose proposed read these files are.");
      return;
    }
    const unknown = files.filter((f) => formatOf(f.name) === null);
    if (unknown.length > 0) {
      setRefusal(
        `Not a case file: ${unknown.map((f) => f.name).join(", ")}. Use .json (one case or an array), .ndjson / .jsonl (one case a line) or the long-CSV .csv files.`,
      );
      return;
    }
    // The long-CSV layout is one import of all its files (patients.csv, assessments.csv, lesions.csv…).
    const csv = files.filter((f) => formatOf(f.name) === "csv");
    if (csv.length > 0) {
      const texts: Record<string, string> = {};
      for (const f of csv) texts[f.name] = await f.text();
      await start(csv.map((f) => f.name).join(", "), { format: "csv", files: texts });
    }
    for (const f of files.filter((x) => formatOf(x.name) !== "csv")) {
      await start(f.name, { format: formatOf(f.name), content: await f.text() });
    }
  }

  function onDrop(e: DragEvent<HTMLDivElement>) {
    e.preventDefault();
    setOver(false);
    void take([...e.dataTransfer.files]);
  }

  const code = study.data?.code ?? "study";
  const sdtm = `/api/v1/studies/${studyId}/exports/sdtm`;
  return (
    <>
      <h1>Imports &amp; exports{study.data ? <span className="muted"> · {code}</span> : null}</h1>

      <section aria-labelledby="import-heading">
        <h2 id="import-heading">Import cases</h2>
        <div className="row">
          <label>
            Import as
            <select value={as} onChange={(e) => setAs(e.target.value as typeof as)}>
              <option value="subjects">Subjects (clinical record and scan dates)</option>
              <option value="site_read">Subjects with the site read (locked)</option>
              <option value="reader_read">A reader's proposed read</option>
            </select>
          </label>
          {as === "reader_read" ? (
            <label>
              Reader (username)
              <input value={reader} onChange={(e) => setReader(e.target.value)} />
            </label>
          ) : null}
        </div>
        {/* biome-ignore lint/a11y/noStaticElementInteractions: the drop target; the button below is the keyboard way */}
        <div
          className={`drop-zone${over ? " over" : ""}`}
          onDragOver={(e) => {
            e.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={onDrop}
        >
          <p>
            Drop case files here: case JSON (one case or an array), NDJSON (one case a line), or the long-CSV
            files together.
          </p>
          <input
            ref={fileInput}
            id="import-files"
            type="file"
            aria-label="Case files to import"
            tabIndex={-1}
            multiple
            accept=".json,.ndjson,.jsonl,.csv"
            className="visually-hidden"
            onChange={(e) => {
              void take([...(e.target.files ?? [])]);
              e.target.value = "";
            }}
          />
          <button type="button" onClick={() => fileInput.current?.click()}>
            Choose files…
          </button>
        </div>
        {refusal ? (
          <p role="alert" className="error-box">
            {refusal}
          </p>
        ) : null}
        {uploads.map((u) => (
          <UploadView key={u.key} upload={u} studyId={studyId} />
        ))}
      </section>

      <MaskImport studyId={studyId} onStart={(label, body) => start(label, body)} />

      <section aria-labelledby="export-heading">
        <h2 id="export-heading">Exports</h2>
        <ul>
          <li>
            <a className="button" href={`${sdtm}?format=zip`} download={`${code}-sdtm.zip`}>
              SDTM + ADaM datasets (zip of CSV files)
            </a>
          </li>
          <li>
            One dataset as CSV:{" "}
            {(
              [
                ["TU", "tumour identification"],
                ["TR", "tumour results (measurements)"],
                ["RS", "responses, every reader"],
                ["ADRS", "responses per subject, accepted read"],
                ["ADTTE", "PFS per subject"],
              ] as const
            ).map(([d, what], i) => (
              <span key={d}>
                {i > 0 ? " · " : ""}
                <a href={`${sdtm}?dataset=${d}`} download={`${code}-${d}.csv`}>
                  {d}
                </a>{" "}
                <span className="muted">({what})</span>
              </span>
            ))}
          </li>
          <li>
            <a href={`/api/v1/studies/${studyId}/report.pdf`} download={`${code}-report.pdf`}>
              Study report (PDF)
            </a>{" "}
            <span className="muted">
              (the dashboard: ORR/DCR, PFS, waterfall, spider, swimmer, BICR metrics)
            </span>
          </li>
        </ul>
      </section>

      <section aria-labelledby="jobs-heading">
        <h2 id="jobs-heading">Recent jobs</h2>
        <Async q={jobs}>
          {(j) =>
            j.items.length === 0 ? (
              <p className="muted">No jobs yet.</p>
            ) : (
              <table>
                <caption className="visually-hidden">Jobs of this study, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Started</th>
                    <th scope="col">Kind</th>
                    <th scope="col">State</th>
                    <th scope="col" className="num">
                      Progress
                    </th>
                    <th scope="col">By</th>
                  </tr>
                </thead>
                <tbody>
                  {j.items.map((x) => (
                    <tr key={x.id}>
                      <td>{x.createdAt.replace("T", " ").slice(0, 19)}</td>
                      <td>{x.kind}</td>
                      <td>{x.state}</td>
                      <td className="num">
                        {x.progress} / {x.total}
                      </td>
                      <td>{x.createdBy}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </Async>
      </section>
    </>
  );
}

function UploadView({ upload, studyId }: { upload: Upload; studyId: string }) {
  const qc = useQueryClient();
  const job = useQuery({
    queryKey: ["job", upload.jobId],
    enabled: upload.jobId !== null,
    queryFn: async () => {
      const j = unwrap(await api.GET("/api/v1/jobs/{jobId}", { params: { path: { jobId: upload.jobId! } } }));
      if (j.state === "succeeded" || j.state === "failed")
        void qc.invalidateQueries({ queryKey: ["jobs", studyId] });
      return j;
    },
    refetchInterval: (q) => {
      const s = (q.state.data as Job | undefined)?.state;
      return s === "succeeded" || s === "failed" ? false : 400;
    },
  });
  const j = job.data;
  const result = (j?.result ?? null) as ImportResult | null;
  return (
    <div className="panel upload" aria-live="polite">
      <h3>{upload.label}</h3>
      {upload.error ? (
        <p role="alert" className="error-box" style={{ whiteSpace: "pre-wrap" }}>
          Refused: {upload.error}
        </p>
      ) : job.isError ? (
        <ErrorBox error={job.error} />
      ) : !j ? (
        <p>Sending…</p>
      ) : (
        <>
          <label>
            {j.state === "queued"
              ? "Queued"
              : j.state === "running"
                ? "Importing"
                : j.state === "succeeded"
                  ? "Done"
                  : "Failed"}
            : {j.progress} of {j.total || "?"} records
            <progress value={j.progress} max={Math.max(j.total, 1)} />
          </label>
          {j.error ? (
            <p role="alert" className="error-box">
              {j.error}
            </p>
          ) : null}
          {result ? (
            <p className={result.errors.length > 0 ? "" : "ok-box"}>
              {result.records} record(s): {result.imported} imported, {result.unchanged} unchanged
              {result.errors.length > 0 ? `, ${result.errors.length} problem(s):` : "."}
            </p>
          ) : null}
          {result && result.errors.length > 0 ? (
            <table>
              <caption className="visually-hidden">Problems in the import</caption>
              <thead>
                <tr>
                  <th scope="col">Source</th>
                  <th scope="col">JSON path</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {result.errors.map((e, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the errors have no identity of their own
                  <tr key={i}>
                    <td>{e.source ?? "—"}</td>
                    <td>
                      <code>{e.path}</code>
                    </td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      )}
    </div>
  );
}

/** The bytes of a file as base64 (the JSON body carries the NIfTI files). */
async function base64Of(f: File): Promise<string> {
  const bytes = new Uint8Array(await f.arrayBuffer());
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** Every file under a dropped folder, with its path inside the drop (subject folders keep their name). */
async function filesOfDrop(items: DataTransferItemList): Promise<Array<{ file: File; path: string }>> {
  const out: Array<{ file: File; path: string }> = [];
  const walk = async (entry: FileSystemEntry): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((ok, fail) => (entry as FileSystemFileEntry).file(ok, fail));
      out.push({ file, path: entry.fullPath.replace(/^\//, "") });
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((ok, fail) => reader.readEntries(ok, fail));
        if (batch.length === 0) break;
        for (const e of batch) await walk(e);
      }
    }
  };
  const entries = [...items].map((i) => i.webkitGetAsEntry()).filter((e): e is FileSystemEntry => e !== null);
  for (const e of entries) await walk(e);
  return out;
}

const NIFTI = /\.nii(\.gz)?$/i;

/** A folder of NIfTI label masks → one reader's proposed read per subject (server: mask-import.ts). */
function MaskImport({
  onStart,
}: {
  studyId: string;
  onStart(label: string, body: Record<string, unknown>): Promise<void>;
}) {
  const [reader, setReader] = useState("");
  const [preset, setPreset] = useState("brats2021");
  const [over, setOver] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const folder = useRef<HTMLInputElement>(null);
  const files = useRef<HTMLInputElement>(null);

  async function take(list: Array<{ file: File; path: string }>) {
    setRefusal(null);
    if (!reader.trim()) return setRefusal("Name the reader (username) whose proposed read the masks become.");
    const masks = list.filter((x) => NIFTI.test(x.path));
    if (masks.length === 0) return setRefusal("No NIfTI masks (.nii or .nii.gz) in what you chose.");
    const body = {
      format: "nifti_masks",
      as: "reader_read",
      reader: reader.trim(),
      preset,
      masks: await Promise.all(
        masks.map(async (m) => ({ name: m.path, contentBase64: await base64Of(m.file) })),
      ),
    };
    await onStart(`${masks.length} mask file(s) for ${reader.trim()}`, body);
  }
  const fromInput = (l: FileList | null) =>
    void take([...(l ?? [])].map((f) => ({ file: f, path: f.webkitRelativePath || f.name })));

  return (
    <section aria-labelledby="masks-heading">
      <h2 id="masks-heading">Segmentation masks (NIfTI folder)</h2>
      <p className="muted">
        Label masks are measured and tracked into one reader's proposed read (open, for the reader to check
        and sign). Name the files <code>&lt;pseudonym&gt;_&lt;YYYY-MM-DD&gt;.nii.gz</code> or put them in a
        folder per subject named by its pseudonym, one <code>&lt;YYYY-MM-DD&gt;.nii.gz</code> per scan.
      </p>
      <div className="row">
        <label>
          Reader (username)
          <input value={reader} onChange={(e) => setReader(e.target.value)} />
        </label>
        <label>
          Label preset
          <select value={preset} onChange={(e) => setPreset(e.target.value)}>
            <option value="brats2021">BraTS 2021</option>
            <option value="brats2023">BraTS 2023</option>
            <option value="hdglio">HD-GLIO</option>
            <option value="binary">Binary (one label)</option>
          </select>
        </label>
      </div>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the drop target; the buttons are the keyboard way */}
      <div
        className={`drop-zone${over ? " over" : ""}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          const items = e.dataTransfer.items;
          if (items && items.length > 0 && typeof items[0]?.webkitGetAsEntry === "function")
            void filesOfDrop(items).then(take);
          else void take([...e.dataTransfer.files].map((f) => ({ file: f, path: f.name })));
        }}
      >
        <p>Drop a folder of masks (or the mask files) here.</p>
        <input
          ref={folder}
          type="file"
          multiple
          aria-label="Folder of masks to import"
          tabIndex={-1}
          className="visually-hidden"
          {...{ webkitdirectory: "" }}
          onChange={(e) => {
            fromInput(e.target.files);
            e.target.value = "";
          }}
        />
        <input
          ref={files}
          id="mask-files"
          type="file"
          multiple
          accept=".nii,.gz"
          aria-label="Mask files to import"
          tabIndex={-1}
          className="visually-hidden"
          onChange={(e) => {
            fromInput(e.target.files);
            e.target.value = "";
          }}
        />
        <div className="row" style={{ justifyContent: "center" }}>
          <button type="button" onClick={() => folder.current?.click()}>
            Choose a folder…
          </button>
          <button type="button" className="secondary" onClick={() => files.current?.click()}>
            Choose mask files…
          </button>
        </div>
      </div>
      {refusal ? (
        <p role="alert" className="error-box">
          {refusal}
        </p>
      ) : null}
    </section>
  );
}
