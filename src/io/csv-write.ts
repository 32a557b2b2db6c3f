// RFC 4180 field quoting for the CSV writers (results, SDTM): fields with a comma, quote or line break
// are quoted and quotes doubled. Hand-written because it is three lines; csv-stringify would add a
// dependency for no gain.
export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return "";
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
