// Time-ordered text ids (millisecond time in base 36, then 64 random bits): unique across server
// processes without a sequence, and ordered by creation so keyset pagination follows creation order.
import { randomBytes } from "node:crypto";

let last = "";
let counter = 0;

export function newId(): string {
  const time = Date.now().toString(36).padStart(9, "0");
  // Same-millisecond ids from one process still sort in creation order.
  counter = time === last ? counter + 1 : 0;
  last = time;
  return `${time}${counter.toString(36).padStart(3, "0")}${randomBytes(6).toString("hex")}`;
}

export const nowIso = (): string => new Date().toISOString();
