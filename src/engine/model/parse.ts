// Validation of untrusted case documents: schema errors and cross-field checks, each reported with the
// JSON path of the offending value, so a user can fix every problem in one pass.
import type { z } from "zod";
import { type Case, CaseDocument } from "./case.ts";
import { compileFastValidator, FAIL } from "./fast-validate.ts";
import { firstJsonErrorOffset } from "./json-syntax.ts";

export interface InputError {
  /** JSON path of the offending value, e.g. `$.assessments[2].lesions[0].diametersMm[1]`. */
  path: string;
  message: string;
}

export type ParseResult = { ok: true; value: Case } | { ok: false; errors: InputError[] };

export function jsonPath(segments: ReadonlyArray<PropertyKey>): string {
  let out = "$";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (typeof s === "string" && /^[A-Za-z_$][\w$]*$/.test(s)) out += `.${s}`;
    else out += `[${JSON.stringify(String(s))}]`;
  }
  return out;
}

function zodErrors(error: z.ZodError): InputError[] {
  return error.issues.map((issue) => ({ path: jsonPath(issue.path), message: issue.message }));
}

/** Checks that need several fields at once (the schema checks each field alone). */
function crossFieldErrors(c: Case): InputError[] {
  const errors: InputError[] = [];
  const seenDates = new Map<string, number>();
  c.assessments.forEach((a, i) => {
    const earlier = seenDates.get(a.date);
    if (earlier !== undefined) {
      errors.push({
        path: jsonPath(["assessments", i, "date"]),
        message: `duplicate assessment date ${a.date} (also at $.assessments[${earlier}]); one reader, one assessment per date`,
      });
    } else seenDates.set(a.date, i);
    const seenIds = new Set<string>();
    a.lesions.forEach((l, j) => {
      if (seenIds.has(l.id)) {
        errors.push({
          path: jsonPath(["assessments", i, "lesions", j, "id"]),
          message: `lesion id "${l.id}" appears twice in the same assessment`,
        });
      }
      seenIds.add(l.id);
      const [longest, perpendicular] = l.diametersMm ?? [0, 0];
      if (perpendicular > longest) {
        errors.push({
          path: jsonPath(["assessments", i, "lesions", j, "diametersMm", 1]),
          message: `the perpendicular (${perpendicular} mm) is longer than the longest diameter (${longest} mm); give [longest, perpendicular]`,
        });
      }
      const measuredStatus =
        l.status === "present" || l.status === "improved" || l.status === "unequivocal_progression";
      if (
        l.status === "absent" &&
        (l.diametersMm?.some((d) => d > 0) || (l.volumeMm3 ?? l.volumeCm3 ?? 0) > 0)
      ) {
        errors.push({
          path: jsonPath(["assessments", i, "lesions", j, "status"]),
          message: "status is 'absent' but a non-zero measurement is given",
        });
      }
      if (!measuredStatus && l.status !== "absent" && l.diametersMm && l.status !== "too_small") {
        errors.push({
          path: jsonPath(["assessments", i, "lesions", j, "diametersMm"]),
          message: `diameters given for a lesion whose status is '${l.status}'`,
        });
      }
    });
  });
  const marked = c.assessments.flatMap((a, i) => (a.baseline ? [i] : []));
  for (const i of marked.slice(1)) {
    errors.push({
      path: jsonPath(["assessments", i, "baseline"]),
      message: `more than one assessment is marked as baseline (also $.assessments[${marked[0]}])`,
    });
  }
  c.treatments.forEach((t, i) => {
    if ("end" in t && t.end !== undefined && "start" in t && t.end < t.start) {
      errors.push({
        path: jsonPath(["treatments", i, "end"]),
        message: `end ${t.end} is before start ${t.start}`,
      });
    }
  });
  if (c.patient.tumorType === "leptomeningeal_metastasis" && !c.patient.primaryCancer) {
    errors.push({
      path: "$.patient.primaryCancer",
      message: "required for leptomeningeal metastases: solid or haematologic primary (RANO-LM rules differ)",
    });
  }
  const dupSteroid = new Set<string>();
  c.steroids.forEach((s, i) => {
    if (dupSteroid.has(s.date)) {
      errors.push({
        path: jsonPath(["steroids", i, "date"]),
        message: `two steroid records on ${s.date}; give the total daily dose once per date`,
      });
    }
    dupSteroid.add(s.date);
  });
  return errors;
}

/** Parses an untrusted value (already JSON-decoded) into a validated case. */
// Valid documents take the compiled fast path; anything it does not accept goes to zod, whose result
// and messages are authoritative (decision 0019).
const fastCaseDocument = compileFastValidator(CaseDocument).validate;

export function parseCase(input: unknown): ParseResult {
  const fast = fastCaseDocument(input);
  if (fast !== FAIL) {
    const errors = crossFieldErrors(fast);
    return errors.length > 0 ? { ok: false, errors } : { ok: true, value: fast };
  }
  const result = CaseDocument.safeParse(input);
  if (!result.success) return { ok: false, errors: zodErrors(result.error) };
  const errors = crossFieldErrors(result.data);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: result.data };
}

/** Where a JSON syntax error is: V8 reports a character offset ("at position 24"), users need a line and
 * column. The end of the text when V8 names no position ("Unexpected end of JSON input"). */
export function jsonSyntaxError(text: string, error: Error): InputError {
  const m = /^(.*?)(?: in JSON)? at position (\d+)/.exec(error.message);
  const scanned = m ? -1 : firstJsonErrorOffset(text);
  const offset = m ? Number(m[2]) : scanned >= 0 ? scanned : text.length;
  // Never echo the text itself (V8 quotes it in "…is not valid JSON"): it may hold an identifier.
  const reason = m
    ? m[1]!
    : error.message.includes("is not valid JSON")
      ? error.message.slice(0, error.message.indexOf(", "))
      : error.message.replace(/ in JSON$/, "");
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { path: "$", message: `invalid JSON at line ${line}, column ${offset - lineStart + 1}: ${reason}` };
}

/** Decodes JSON text (a leading byte-order mark is allowed); syntax errors carry line and column. */
export function decodeJson(text: string): { ok: true; value: unknown } | { ok: false; error: InputError } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === "") return { ok: false, error: { path: "$", message: "no input: the text is empty" } };
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (e) {
    return { ok: false, error: jsonSyntaxError(body, e as Error) };
  }
}

/** Decodes JSON text and validates it; JSON syntax errors are reported with their line and column. */
export function parseCaseJson(text: string): ParseResult {
  const decoded = decodeJson(text);
  return decoded.ok ? parseCase(decoded.value) : { ok: false, errors: [decoded.error] };
}
