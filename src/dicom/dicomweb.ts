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

/** Part 10 instances as one multipart/related body (PS3.18 §8.6.1.2: STOW-RS requests, WADO-RS and
 * the server's SR export answers), with its Content-Type. */
export function multipartRelated(instances: ReadonlyArray<Uint8Array>): {
  body: Buffer;
  contentType: string;
} {
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
  return {
    body: Buffer.concat(chunks),
    contentType: `multipart/related; type="application/dicom"; boundary=${boundary}`,
  };
}

/** The parts of a multipart/related body (each part's bytes after its headers). */
export function multipartParts(body: Uint8Array, contentType: string): Uint8Array[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return [];
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const parts: Uint8Array[] = [];
  let at = buf.indexOf(`--${boundary}`);
  while (at >= 0 && buf.subarray(at + boundary.length + 2, at + boundary.length + 4).toString() !== "--") {
    const headerEnd = buf.indexOf("\r\n\r\n", at);
    if (headerEnd < 0) break;
    const end = buf.indexOf(`\r\n--${boundary}`, headerEnd + 4);
    parts.push(new Uint8Array(buf.subarray(headerEnd + 4, end < 0 ? buf.length : end)));
    at = end < 0 ? -1 : end + 2;
  }
  return parts;
}

/** STOW-RS: stores Part 10 instances in one multipart/related request. */
export async function stow(serverUrl: string, instances: ReadonlyArray<Uint8Array>): Promise<void> {
  const { body, contentType } = multipartRelated(instances);
  const url = `${base(serverUrl)}/studies`;
  const response = await request(
    url,
    {
      method: "POST",
      headers: {
        "Content-Type": contentType,
        Accept: "application/dicom+json",
      },
      body,
    },
    "STOW-RS",
  );
  // A 200 can still list failed instances (Failed SOP Sequence, 0008,1198).
  const answer = (await response.json().catch(() => ({}))) as Record<string, { Value?: unknown[] }>;
  const failed = answer["00081198"]?.Value?.length ?? 0;
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
  if (!/boundary=/i.test(type)) return body;
  const part = multipartParts(body, type)[0];
  if (!part) throw new DicomInputError(safeUrl(url), "WADO-RS: no DICOM part in the multipart answer");
  return part;
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
