// Extracts the shell commands shown in Markdown: every ```sh / ```bash / ```shell block, one command per
// line (a trailing backslash continues it), with its trailing `# comment` removed. A comment that says
// `exit N` documents the command's non-zero exit code.

export interface DocCommand {
  file: string;
  /** 1-based line of the command's first line in the Markdown file. */
  line: number;
  command: string;
  expectedExit: number;
}

export function commandBlocks(file: string, markdown: string): DocCommand[] {
  const out: DocCommand[] = [];
  const lines = markdown.split("\n");
  let open: "shell" | "other" | null = null;
  let pending: { line: number; text: string } | null = null;
  lines.forEach((raw, i) => {
    const fence = /^```(\w*)/.exec(raw);
    if (fence) {
      if (open) open = null;
      else open = ["sh", "bash", "shell"].includes(fence[1]!) ? "shell" : "other";
      return;
    }
    if (open !== "shell" || (pending === null && raw.trim() === "")) return;
    const text = pending ? `${pending.text} ${raw.trim()}` : raw.trim();
    const start = pending?.line ?? i + 1;
    if (text.endsWith("\\")) {
      pending = { line: start, text: text.slice(0, -1).trimEnd() };
      return;
    }
    pending = null;
    const { command, comment } = splitComment(text);
    const exit = /\bexit (\d+)\b/.exec(comment);
    out.push({ file, line: start, command, expectedExit: exit ? Number(exit[1]) : 0 });
  });
  return out;
}

/** Splits `cmd args # comment` at the first `#` that starts a word outside quotes. */
export function splitComment(text: string): { command: string; comment: string } {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "#" && (i === 0 || /\s/.test(text[i - 1]!))) {
      return { command: text.slice(0, i).trimEnd(), comment: text.slice(i + 1).trim() };
    }
  }
  return { command: text.trimEnd(), comment: "" };
}
