// A minimal DICOMweb client (PS3.18): STOW-RS to store, QIDO-RS to search, WADO-RS to retrieve one
// instance. Any server works (Orthanc's plugin, dcm4chee, Google/Azure DICOM); errors name the URL and
// the problem (refused, down, not DICOMweb) in one line and never include credentials.
import { DicomInputError } from "./errors.ts";

/** The URL without user:password, for messages. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, "//");
  }
}

const base = (url: string) => url.replace(/\/+$/, "");

async function request(url: string, init: RequestInit, what: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (e as Error).message;
    throw new DicomInputError(safeUrl(url), `${what}: cannot reach the server (${why})`);
  }
  if (!response.ok) {
    const text = (await response.text().catch(() => "")).replace(/\s+/g, " ").trim().slice(0, 160);
    throw new DicomInputError(
      safeUrl(url),
      `${what} refused: HTTP ${response.status} ${response.statusText}${text ? ` (${text})` : ""}`,
    );
  }
  return response;
}

/** STOW-RS: stores Part 10 instances in one multipart/related request. */
export async function stow(serverUrl: string, instances: ReadonlyArray<Uint8Array>): Promise<void> {
  const boundary = `ranokit-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  const chunks: Uint8Array[] = [];
  const enc = new TextEncoder();
  for (const bytes of instances) {
    chunks.push(
      enc.encode(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`),
      bytes,
      enc.encode("\r\n"),
    );
  }
  chunks.push(enc.encode(`--${boundary}--\r\n`));
  const url = `${base(serverUrl)}/studies`;
  const response = await request(
    url,
    {
      method: "POST",
      headers: {
        "Content-Type": `multipart/related; type="application/dicom"; boundary=${boundary}`,
        Accept: "application/dicom+json",
      },
      body: Buffer.concat(chunks),
    },
    "STOW-RS",
  );
  // A 200 can still list failed instances (Failed SOP Sequence, 0008,1198).
  const body = (await response.json().catch(() => ({}))) as Record<string, { Value?: unknown[] }>;
  const failed = body["00081198"]?.Value?.length ?? 0;
  if (failed > 0)
    throw new DicomInputError(safeUrl(url), `STOW-RS refused ${failed} of ${instances.length} instance(s)`);
}

/** A DICOM JSON object (PS3.18 F.2): tag → { vr, Value }. */
export type DicomJson = Record<string, { vr: string; Value?: unknown[] }>;

export const jsonValue = (o: DicomJson, tag: string): string | undefined => {
  const v = o[tag]?.Value?.[0];
  if (v === undefined) return undefined;
  if (typeof v === "object" && v !== null && "Alphabetic" in v)
    return String((v as { Alphabetic: string }).Alphabetic);
  return String(v);
};

/** QIDO-RS: the instances of a study, optionally filtered (e.g. Modality=SR). */
export async function searchInstances(
  serverUrl: string,
  studyUid: string,
  filters: Record<string, string> = {},
): Promise<DicomJson[]> {
  const query = new URLSearchParams(filters).toString();
  const url = `${base(serverUrl)}/studies/${encodeURIComponent(studyUid)}/instances${query ? `?${query}` : ""}`;
  const response = await request(url, { headers: { Accept: "application/dicom+json" } }, "QIDO-RS");
  if (response.status === 204) return [];
  const text = await response.text();
  if (text.trim() === "") return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new DicomInputError(safeUrl(url), "QIDO-RS: the answer is not DICOM JSON");
  }
  if (!Array.isArray(parsed))
    throw new DicomInputError(safeUrl(url), "QIDO-RS: the answer is not a JSON array");
  return parsed as DicomJson[];
}

/** WADO-RS: one instance as Part 10 bytes (the first part of the multipart answer). */
export async function retrieveInstance(
  serverUrl: string,
  studyUid: string,
  seriesUid: string,
  sopUid: string,
): Promise<Uint8Array> {
  const url = `${base(serverUrl)}/studies/${studyUid}/series/${seriesUid}/instances/${sopUid}`;
  const response = await request(
    url,
    { headers: { Accept: 'multipart/related; type="application/dicom"' } },
    "WADO-RS",
  );
  const type = response.headers.get("content-type") ?? "";
  const body = new Uint8Array(await response.arrayBuffer());
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!boundary) return body;
  const part = firstPart(body, boundary);
  if (!part) throw new DicomInputError(safeUrl(url), "WADO-RS: no DICOM part in the multipart answer");
  return part;
}

function firstPart(body: Uint8Array, boundary: string): Uint8Array | undefined {
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const start = buf.indexOf(`--${boundary}`);
  if (start < 0) return undefined;
  const headerEnd = buf.indexOf("\r\n\r\n", start);
  if (headerEnd < 0) return undefined;
  const end = buf.indexOf(`\r\n--${boundary}`, headerEnd + 4);
  return new Uint8Array(buf.subarray(headerEnd + 4, end < 0 ? buf.length : end));
}

/** QIDO-RS: the series of a study. */
export async function searchSeries(serverUrl: string, studyUid: string): Promise<DicomJson[]> {
  const url = `${base(serverUrl)}/studies/${encodeURIComponent(studyUid)}/series`;
  const response = await request(url, { headers: { Accept: "application/dicom+json" } }, "QIDO-RS");
  const text = await response.text();
  return text.trim() === "" ? [] : (JSON.parse(text) as DicomJson[]);
}

/** WADO-RS metadata of a series: one DICOM JSON object per instance. */
export async function seriesMetadata(
  serverUrl: string,
  studyUid: string,
  seriesUid: string,
): Promise<DicomJson[]> {
  const url = `${base(serverUrl)}/studies/${studyUid}/series/${seriesUid}/metadata`;
  const response = await request(url, { headers: { Accept: "application/dicom+json" } }, "WADO-RS metadata");
  return (await response.json()) as DicomJson[];
}
