// Writing results to stdout as a stream: back-pressure is respected so memory stays bounded, and a
// closed pipe (`ranokit assess … | head -1`) ends the command quietly, like any Unix tool.
export function endQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE" || e.code === "ERR_STREAM_DESTROYED") process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
}

/** Writes to stdout, waiting for the pipe to drain when its buffer is full. */
export async function out(text: string): Promise<void> {
  if (!process.stdout.write(text)) await new Promise<void>((r) => process.stdout.once("drain", () => r()));
}

/** A JSON array written element by element, byte-identical to `JSON.stringify(array, null, 2)`. */
export class JsonArrayWriter {
  private count = 0;
  async push(value: unknown): Promise<void> {
    const body = JSON.stringify(value, null, 2).replaceAll("\n", "\n  ");
    await out(`${this.count++ === 0 ? "[\n" : ",\n"}  ${body}`);
  }
  async end(): Promise<void> {
    await out(this.count === 0 ? "[]\n" : "\n]\n");
  }
}

const skipped = (v: unknown) => v === undefined || typeof v === "function" || typeof v === "symbol";

/** The pieces of `JSON.stringify(value, null, 2)`, produced lazily so a large document (a cohort's
 * per-patient lists) is never one string in memory. Plain data only (no replacer, no cycles). */
export function* jsonChunks(value: unknown, indent = ""): Generator<string> {
  if (
    value !== null &&
    typeof value === "object" &&
    typeof (value as { toJSON?: unknown }).toJSON === "function"
  ) {
    yield* jsonChunks((value as { toJSON(): unknown }).toJSON(), indent);
    return;
  }
  if (value === null || typeof value !== "object") {
    yield JSON.stringify(value) ?? "null";
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return yield "[]";
    for (let i = 0; i < value.length; i++) {
      yield `${i === 0 ? "[" : ","}\n${inner}`;
      if (skipped(value[i])) yield "null";
      else yield* jsonChunks(value[i], inner);
    }
    return yield `\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => !skipped(v));
  if (entries.length === 0) return yield "{}";
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i]!;
    yield `${i === 0 ? "{" : ","}\n${inner}${JSON.stringify(k)}: `;
    yield* jsonChunks(v, inner);
  }
  yield `\n${indent}}`;
}

/** Writes `JSON.stringify(value, null, 2)` and a newline in pieces of about 64 KB. */
export async function writeJson(value: unknown): Promise<void> {
  let buffer = "";
  for (const chunk of jsonChunks(value)) {
    buffer += chunk;
    if (buffer.length >= 65_536) {
      await out(buffer);
      buffer = "";
    }
  }
  await out(`${buffer}\n`);
}
