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
