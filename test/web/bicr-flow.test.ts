// The blinded independent central review end to end in a real browser (issue 14, "Tests in a real
// browser"), as one story on the real pages — every step by keyboard and clicks, every signature with
// the password re-entered:
//   1. reader A starts the subject's read from the worklist, enters the three scans and signs each;
//   2. reader B cannot open A's read by its URL (the page says so; the API answers 403);
//   3. the study manager's dashboard shows the adjudication rate before the second read;
//   4. reader B enters a differing read the same way and signs it: an adjudication is due;
//   5. the adjudicator sees both reads side by side and selects reader A's, with a reason, signed;
//   6. the manager's dashboard shows the adjudication rate and acceptance rates after;
//   7. the subject timeline shows the adjudicated category, from reader A's read;
//   8. the subject PDF (timeline page) and the SDTM zip (imports & exports page) download and hold
//      reader A's categories, dates and measurements.
// A second subject, read identically by both readers before the story starts (over the API: it is the
// fixture, not the story), makes the rate's denominator non-trivial: 0 of 1 double reads adjudicated
// before, 1 of 2 after. Screenshots of every step go to RANOKIT_SHOTS when it is set.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { unzipSync } from "fflate";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsvTable } from "../../src/io/csv-table.ts";
import { closePdfBrowser } from "../../src/server/services/pdf.ts";
import {
  STORY_CLINICAL as CLINICAL,
  STORY_DATES as DATES,
  STORY_PROTOCOL as PROTOCOL,
  READER_A,
  READER_B,
} from "../fixtures/bicr-story.ts";
import {
  type ApiAgent,
  haveChromium,
  PASSWORD,
  seriousAxeViolations,
  startWorkstation,
  type Workstation,
} from "./harness.ts";

const STUDY = "GBM-01";
const SUBJECT = "GBM01-0001";
const AGREED = "GBM01-0002";

const shots = process.env.RANOKIT_SHOTS;
let shotNo = 0;
/** A full-page screenshot, or of one element (a panel low on a long page). */
async function shot(page: Page, name: string, element?: Locator) {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  const path = join(shots, `flow-${String(++shotNo).padStart(2, "0")}-${name}.png`);
  await (element ? element.screenshot({ path }) : page.screenshot({ path, fullPage: true }));
}
/** Keeps a downloaded file next to the screenshots, to open by hand. */
function keep(name: string, bytes: Buffer) {
  if (shots) writeFileSync(join(shots, name), bytes);
}

/** Waits until the locator's text matches (the page refetches after navigation). */
async function textOf(l: Locator, match: RegExp) {
  await l.filter({ hasText: match }).first().waitFor();
  return (await l.first().textContent()) ?? "";
}

/** Activates a download link (a click, or Enter with the focus on it) and returns the saved file. */
async function download(page: Page, link: Locator, by: "click" | "keyboard" = "click") {
  const activate = by === "click" ? link.click() : link.focus().then(() => page.keyboard.press("Enter"));
  const [d] = await Promise.all([page.waitForEvent("download"), activate]);
  return { name: d.suggestedFilename(), bytes: readFileSync(await d.path()) };
}

describe.skipIf(!haveChromium)(
  "BICR flow in the browser: two reads, adjudication, dashboard, exports",
  () => {
    let ws: Workstation;
    let manager: ApiAgent;
    let studyId: string;
    let subjectId: string;
    let readA = "";

    beforeAll(async () => {
      ws = await startWorkstation();
      await ws.addUser("manager", "study_manager", "Study Manager");
      const members = [
        await ws.addUser("reader.a", "reader", "Reader A"),
        await ws.addUser("reader.b", "reader", "Reader B"),
        await ws.addUser("adjudicator", "adjudicator", "Adjudicator"),
      ];
      manager = await ws.api("manager");
      studyId = (
        await manager.call("POST", "/api/v1/studies", {
          code: STUDY,
          title: "Recurrent GBM",
          protocol: PROTOCOL,
        })
      ).body.id;
      for (const u of members)
        await manager.call("POST", `/api/v1/studies/${studyId}/members`, { userId: u.id });
      subjectId = (
        await manager.call("POST", `/api/v1/studies/${studyId}/subjects`, {
          pseudonym: SUBJECT,
          clinical: CLINICAL,
          timepoints: DATES,
        })
      ).body.id;
      // The fixture's agreed double read: both readers, the same two scans (stable), locked.
      const agreed = (
        await manager.call("POST", `/api/v1/studies/${studyId}/subjects`, {
          pseudonym: AGREED,
          clinical: CLINICAL,
          timepoints: DATES.slice(0, 2),
        })
      ).body.id;
      const tps = (await manager.call("GET", `/api/v1/subjects/${agreed}/timepoints`)).body.items as Array<{
        id: string;
      }>;
      for (const reader of ["reader.a", "reader.b"]) {
        const r = await ws.api(reader);
        const readId = (await r.call("POST", `/api/v1/subjects/${agreed}/reads`, {})).body.id;
        for (const tp of tps) {
          const put = await r.call("PUT", `/api/v1/reads/${readId}/timepoints/${tp.id}`, {
            data: {},
            lesions: [{ id: "L1", component: "enhancing", role: "target", diametersMm: [20, 20] }],
          });
          expect(put.status, JSON.stringify(put.body)).toBe(200);
          const sign = await r.call("POST", `/api/v1/reads/${readId}/timepoints/${tp.id}/sign`, {
            password: PASSWORD,
            meaning: "authored",
          });
          expect(sign.status, JSON.stringify(sign.body)).toBe(200);
        }
      }
      expect((await manager.call("GET", `/api/v1/studies/${studyId}/adjudications`)).body.items).toEqual([]);
    }, 60_000);
    afterAll(async () => {
      await ws?.close();
      await closePdfBrowser();
    });

    async function signedIn(username: string) {
      const page = await ws.page();
      page.setDefaultTimeout(15_000);
      await ws.signIn(page, username);
      await page.getByRole("link", { name: STUDY }).click();
      await page.getByRole("heading", { name: /^Worklist/ }).waitFor();
      return page;
    }

    /**
     * A reader's read from the worklist: Start read, then per scan the two diameters typed (Enter moves
     * to the perpendicular), saved, then Alt+L → the sign dialog → the password → Sign. Returns the read id.
     */
    async function enterRead(page: Page, who: string, values: Array<[number, number]>) {
      await page.getByRole("button", { name: `Start read of ${SUBJECT}` }).click();
      await page.waitForURL(/\/reads\//);
      const readId = page.url().split("/reads/")[1]!;
      for (let i = 0; i < DATES.length; i++) {
        const date = DATES[i]!;
        const [long, perp] = values[i]!;
        await page.getByRole("heading", { name: `Time point ${date}`, exact: true }).waitFor();
        const longest = page.getByLabel("L1: Longest diameter (mm)");
        if (i === 0) {
          // Straight from the worklist, no click on the page: Alt+N adds the lesion, focus in its field.
          await page.keyboard.press("Alt+KeyN");
          await longest.waitFor();
          expect(await longest.evaluate((e) => e === document.activeElement)).toBe(true);
        } else {
          await page.getByText(/lesions carried forward/).waitFor();
          await longest.focus();
        }
        await page.keyboard.type(String(long));
        await page.keyboard.press("Enter");
        await page.keyboard.type(String(perp));
        await page.getByText("✓ Saved").waitFor();
        if (i === 2) await shot(page, `${who}-entry`);
        await page.keyboard.press("Alt+KeyL");
        const dialog = page.getByRole("dialog", { name: `Lock and sign time point ${date}` });
        await dialog.getByLabel("Password (re-enter to sign)").fill(PASSWORD);
        if (i === 2) await shot(page, `${who}-sign`);
        await dialog.getByRole("button", { name: "Sign", exact: true }).click();
        await page.getByText(`Time point ${date} locked and signed.`).waitFor();
      }
      await page.getByText("The read is complete and locked.").waitFor();
      return readId;
    }

    /** The manager's dashboard, reached from the header, with the BICR panel's overall and per-reader rates. */
    async function bicrPanel(page: Page, adjudication: RegExp) {
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
      const panel = page.getByRole("region", { name: /BICR metrics \(rano2\)/ });
      const rate = await textOf(panel.locator("dt:text-is('Adjudication rate') + dd"), adjudication);
      const row = async (table: string, name: string) =>
        (await panel
          .getByRole("table", { name: table, exact: true })
          .getByRole("row", { name, exact: false })
          .first()
          .textContent()) ?? "";
      return {
        rate,
        a: await row("Per reader", "reader.a "),
        b: await row("Per reader", "reader.b "),
        pair: await row("Per reader pair", "reader.a / reader.b"),
      };
    }

    it("runs from reader A's read to the adjudicated exports", async () => {
      // 1. Reader A.
      const a = await signedIn("reader.a");
      await shot(a, "reader-a-worklist");
      readA = await enterRead(a, "reader-a", READER_A);
      // The read's assessment on the entry page: confirmed PR at the third scan.
      expect(await a.getByRole("table", { name: /Response at 2025-05-05/ }).textContent()).toContain("PR");

      // 2. Reader B cannot reach reader A's read by URL.
      const b = await signedIn("reader.b");
      await b.goto(`/studies/${studyId}/reads/${readA}`);
      expect(await textOf(b.getByRole("alert"), /Not allowed/)).toMatch(/readers see only their own reads/);
      await shot(b, "reader-b-forbidden");
      const apiB = await ws.api("reader.b");
      expect((await apiB.call("GET", `/api/v1/reads/${readA}`)).status).toBe(403);

      // 3. The dashboard before the second read: one double-read subject (the agreed one), not adjudicated.
      const m = await signedIn("manager");
      const before = await bicrPanel(m, /\(0\/1\)/);
      expect(before.rate).toBe("0.0 % (0/1)");
      expect(before.a).toMatch(/^reader\.a\s*1\s*— \(0\/0\)/);
      expect(before.pair).toMatch(/^reader\.a \/ reader\.b\s*0\.0 % \(0\/1\)/);
      await shot(m, "dashboard-before", m.getByRole("region", { name: /BICR metrics/ }));

      // 4. Reader B's differing read, from the worklist, by keyboard.
      await b.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Worklist" }).click();
      const readB = await enterRead(b, "reader-b", READER_B);
      expect(readB).not.toBe(readA);

      // 5. The adjudicator: the task on the worklist, both reads, select A with a reason, sign.
      const adj = await signedIn("adjudicator");
      const pending = adj.getByRole("region", { name: "Pending adjudications" });
      expect(await textOf(pending, new RegExp(SUBJECT))).toMatch(/best response/i);
      await pending.getByRole("link", { name: `Adjudicate ${SUBJECT}` }).click();
      await adj.getByRole("heading", { name: `Adjudication of ${SUBJECT}` }).waitFor();
      const side = adj.getByRole("table", { name: /Time points side by side/ });
      expect(await side.getByRole("row", { name: /^2025-05-05/ }).textContent()).toMatch(
        /≠ L1: 15 × 15 mm vs 40 × 40 mm/,
      );
      const outcome = adj.getByRole("table", { name: /Outcome under/ });
      expect(await outcome.getByRole("row", { name: /Best overall response/ }).textContent()).toMatch(
        /PR.*≠ differs/,
      );
      await shot(adj, "adjudication");
      await adj.getByRole("radio", { name: /reader\.a/ }).check();
      await adj.getByLabel("Reason for the selection").fill("Reader A measured the enhancing rim correctly.");
      await adj.getByRole("button", { name: "Select and sign…" }).click();
      const dialog = adj.getByRole("dialog", { name: "Sign the adjudication" });
      await dialog.getByLabel("Password (re-enter to sign)").fill(PASSWORD);
      await dialog.getByRole("button", { name: "Sign", exact: true }).click();
      await adj.getByText(/✓ Decided: Read \d \(reader\.a\) selected by adjudicator/).waitFor();
      await shot(adj, "adjudication-decided");

      // 6. The dashboard after (the manager's page was left open on it: reloaded): 1 of 2 double-read
      // subjects adjudicated; reader A's read accepted, B's not.
      await m.reload();
      const after = await bicrPanel(m, /\(1\/2\)/);
      expect(after.rate).toBe("50.0 % (1/2)");
      expect(after.a).toMatch(/^reader\.a\s*2\s*100\.0 % \(1\/1\)\s*0\.0 %$/);
      expect(after.b).toMatch(/^reader\.b\s*2\s*0\.0 % \(0\/1\)\s*50\.0 %$/);
      expect(after.pair).toMatch(/^reader\.a \/ reader\.b\s*50\.0 % \(1\/2\)/);
      await shot(m, "dashboard-after", m.getByRole("region", { name: /BICR metrics/ }));

      // 7. The subject timeline: the accepted read is reader A's, chosen by the adjudicator, PR confirmed.
      await m.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Subjects" }).click();
      await m.getByRole("link", { name: SUBJECT, exact: true }).click();
      await m.getByRole("heading", { name: new RegExp(`^${SUBJECT}`) }).waitFor();
      expect(new URL(m.url()).pathname).toBe(`/studies/${studyId}/subjects/${subjectId}`);
      expect(await textOf(m.locator(".read-line p"), /adjudicator/)).toMatch(
        /^Showing the accepted read \(chosen by the adjudicator\) by reader\.a · locked on \d{4}-\d{2}-\d{2}/,
      );
      const endpoints = m.getByRole("table", { name: "Endpoints per criteria set" });
      const rano2 =
        (await endpoints
          .getByRole("row", { name: /^RANO 2\.0|^rano2/ })
          .first()
          .textContent()) ?? "";
      expect(rano2).toMatch(/PR\s*confirmed · from 2025-03-03/);
      const scans = m.getByRole("table", { name: "Scans by date" });
      for (const [date, cat] of [
        ["2025-03-03", "PR"],
        ["2025-05-05", "PR"],
      ] as const)
        expect(await scans.getByRole("row", { name: new RegExp(date) }).textContent()).toMatch(
          new RegExp(`locked, signed by reader\\.a.*${cat}`),
        );
      // The demo-less fixture has no images: the viewer says so (and the page is settled for the shot).
      await m.getByText("No image is stored for this time point.").waitFor();
      await shot(m, "timeline");

      // 8a. The subject PDF from the timeline page (link reached by keyboard).
      expect(await seriousAxeViolations(m)).toEqual([]);
      const pdf = await download(m, m.getByRole("link", { name: /Download PDF report/ }), "keyboard");
      expect(pdf.name).toBe(`${SUBJECT}-report.pdf`);
      keep(pdf.name, pdf.bytes);
      expect(pdf.bytes.subarray(0, 5).toString()).toBe("%PDF-");
      const text =
        // Reading order (no -layout): a table cell's text stays together however it wraps.
        execFileSync("pdftotext", ["-", "-"], {
          input: pdf.bytes,
          encoding: "utf8",
        }).replace(/\s+/g, " ");
      expect(text).toContain(`Subject ${SUBJECT} — response assessment`);
      expect(text).toContain(`Read ${readA} by reader.a (adjudicated)`);
      // Reader A's categories per scan, with the change and the measured sum (B's 40 × 40 = 1600 mm² and
      // progression on 2025-05-05 are nowhere).
      expect(text).toMatch(/rano2 PR \(confirmed\) — PR on 2025-03-03 confirmed/);
      expect(text).toContain("2025-01-03 baseline (sum 900 mm²)");
      expect(text).toContain("2025-03-03 PR confirmed, −75.0 % (sum 225 mm²)");
      expect(text).toContain("2025-05-05 PR awaiting confirmation, −75.0 % (sum 225 mm²)");
      expect(text).not.toContain("1600 mm²");
      expect(text).not.toContain("reader.b");

      // 8b. The SDTM zip from the imports & exports page.
      await m
        .getByRole("navigation", { name: "Main" })
        .getByRole("link", { name: "Imports & exports" })
        .click();
      const zip = await download(m, m.getByRole("link", { name: /SDTM \+ ADaM datasets/ }));
      expect(zip.name).toBe(`${STUDY}-sdtm.zip`);
      keep(zip.name, zip.bytes);
      const files = unzipSync(new Uint8Array(zip.bytes));
      const table = (d: string) =>
        parseCsvTable(new TextDecoder().decode(files[`${STUDY}-${d}.csv`]), d).rows.map((r) => r.cells);
      const subj = (rows: Array<Record<string, string>>) => rows.filter((r) => r.USUBJID?.endsWith(SUBJECT));
      // ADRS (ADaM, from the accepted read only): reader A's best response, confirmed.
      const adrs = subj(table("ADRS"));
      expect(adrs.filter((r) => r.PARAMCD !== "OVR").map((r) => [r.PARAMCD, r.AVALC, r.ADT])).toEqual([
        ["BOR", "PR", "2025-03-03"],
        ["CBOR", "PR", "2025-03-03"],
      ]);
      // RS: both readers' overall responses per scan; only reader A's (RADIOLOGIST 1) accepted.
      const rs = subj(table("RS")).filter((r) => r.RSTESTCD === "OVRLRESP");
      expect(rs.map((r) => [r.RSEVALID, r.RSDTC, r.RSSTRESC, r.RSACPTFL])).toEqual([
        ["RADIOLOGIST 1", "2025-03-03", "PR", "Y"],
        ["RADIOLOGIST 1", "2025-05-05", "PR", "Y"],
        ["RADIOLOGIST 2", "2025-03-03", "SD", "N"],
        ["RADIOLOGIST 2", "2025-05-05", "PD", "N"],
      ]);
      // TR: each reader's measurements of the last scan, as typed on the read entry page.
      const tr = subj(table("TR")).filter((r) => r.TRDTC === "2025-05-05");
      expect(tr.map((r) => `${r.TREVALID} ${r.TRTESTCD}=${r.TRORRES} ${r.TRORRESU}`)).toEqual([
        "RADIOLOGIST 1 LDIAM=15 mm",
        "RADIOLOGIST 1 LPERP=15 mm",
        "RADIOLOGIST 1 AREA=225 mm2",
        "RADIOLOGIST 1 SPD=225 mm2",
        "RADIOLOGIST 2 LDIAM=40 mm",
        "RADIOLOGIST 2 LPERP=40 mm",
        "RADIOLOGIST 2 AREA=1600 mm2",
        "RADIOLOGIST 2 SPD=1600 mm2",
      ]);
    }, 120_000);
  },
);
