// HTML → PDF with Debian's Chromium through playwright-core (page.setContent + page.pdf). One browser is
// launched on first use and kept for the process (closed with the app); a missing Chromium is a clear 503.
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { Problem } from "../http/problem.ts";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Where Chromium is: RANOKIT_CHROMIUM, else Debian's /usr/bin/chromium. */
export const chromiumPath = () => process.env.RANOKIT_CHROMIUM ?? "/usr/bin/chromium";

let browser: Promise<Browser> | null = null;

async function launch(): Promise<Browser> {
  const path = chromiumPath();
  if (!existsSync(path)) {
    throw new Problem(
      503,
      "PDF rendering unavailable",
      `Chromium is not installed at ${path} (apt-get install -y chromium, or set RANOKIT_CHROMIUM)`,
    );
  }
  const b = await chromium.launch({ executablePath: path, args: CHROMIUM_ARGS });
  b.on("disconnected", () => {
    browser = null;
  });
  return b;
}

/** Renders a self-contained HTML document (no scripts, no external resources) to an A4 PDF. */
export async function htmlToPdf(html: string, o: { title: string; landscape?: boolean }): Promise<Buffer> {
  browser ??= launch().catch((e) => {
    browser = null;
    throw e;
  });
  const b = await browser;
  // Scripts are off: the report is data rendered as markup, nothing in it runs.
  const context = await b.newContext({ javaScriptEnabled: false, offline: true });
  try {
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: "load" });
    const pdf = await page.pdf({
      format: "A4",
      landscape: o.landscape ?? false,
      printBackground: true,
      margin: { top: "14mm", bottom: "16mm", left: "12mm", right: "12mm" },
      displayHeaderFooter: true,
      headerTemplate: "<span></span>",
      footerTemplate: `<div style="font-size:8px;width:100%;text-align:center;color:#555"><span class="title"></span> · page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`,
    });
    return pdf;
  } finally {
    await context.close();
  }
}

/** Closes the shared browser (app shutdown, tests). */
export async function closePdfBrowser(): Promise<void> {
  const b = browser;
  browser = null;
  if (b) await (await b.catch(() => null))?.close();
}
