// Time point images and masks: stored by a study manager (audited by sha256), served as NIfTI bytes,
// and blinded like the timeline: a reader gets a later scan only once the earlier time points are signed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeLabelVolume } from "../../src/imaging/nifti/write-label-volume.ts";
import { SYSTEM } from "../../src/server/context.ts";
import { storeTimepointFile } from "../../src/server/services/images.ts";
import {
  type Agent,
  addUser,
  CLINICAL,
  call,
  DIALECTS,
  type Harness,
  lesionsAt,
  PASSWORD,
  PROTOCOL,
  startHarness,
} from "./harness.ts";

const nifti = (fill: number) =>
  encodeLabelVolume(
    {
      dims: [4, 4, 2],
      spacingMm: [1, 1, 3],
      affine: [
        [1, 0, 0, 0],
        [0, 1, 0, 0],
        [0, 0, 3, 0],
        [0, 0, 0, 1],
      ],
      labels: new Uint8Array(32).fill(fill),
    },
    { gzip: true },
  );

describe.each(DIALECTS)("time point images on %s", (dialect) => {
  let h: Harness;
  let manager: Agent;
  let reader: Agent;
  let outsider: Agent;
  let adjudicator: Agent;
  let subjectId: string;
  let tps: Array<{ id: string; date: string }>;
  const url = (tp: string, kind = "image") => `/api/v1/subjects/${subjectId}/timepoints/${tp}/${kind}`;
  const store = (tp: string, kind: "image" | "mask", bytes: Uint8Array) =>
    storeTimepointFile({ ...h.deps, actor: SYSTEM }, subjectId, tp, kind, bytes);

  beforeAll(async () => {
    h = await startHarness(dialect);
    manager = await addUser(h, "manager", "study_manager");
    reader = await addUser(h, "reader", "reader");
    outsider = await addUser(h, "outsider", "reader");
    adjudicator = await addUser(h, "adjudicator", "adjudicator");
    const study = await call(h, manager, "POST", "/api/v1/studies", {
      code: "IMG",
      title: "Images",
      protocol: PROTOCOL,
    });
    for (const a of [reader, adjudicator])
      await call(h, manager, "POST", `/api/v1/studies/${study.body.id}/members`, { userId: a.userId });
    subjectId = (
      await call(h, manager, "POST", `/api/v1/studies/${study.body.id}/subjects`, {
        pseudonym: "IMG-1",
        clinical: CLINICAL,
        timepoints: ["2025-01-03", "2025-03-01"],
      })
    ).body.id;
    tps = (await call(h, manager, "GET", `/api/v1/subjects/${subjectId}/timepoints`)).body.items;
  });
  afterAll(() => h.close());

  it("answers 404 naming the date before a file is stored, then the bytes as stored", async () => {
    const missing = await call(h, manager, "GET", url(tps[0]!.id));
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toContain("2025-01-03");
    const image = nifti(7);
    const stored = await store(tps[0]!.id, "image", image);
    expect(stored.bytes).toBe(image.length);
    const res = await h.app.inject({
      method: "GET",
      url: url(tps[0]!.id),
      headers: { cookie: manager.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/octet-stream");
    expect(res.headers.etag).toBe(`"${stored.sha256}"`);
    expect(Buffer.compare(res.rawPayload, Buffer.from(image))).toBe(0);
    // The mask is a separate file; the time point lists both URIs once stored.
    expect((await call(h, manager, "GET", url(tps[0]!.id, "mask"))).status).toBe(404);
    await store(tps[0]!.id, "mask", nifti(1));
    const mask = await h.app.inject({
      method: "GET",
      url: url(tps[0]!.id, "mask"),
      headers: { cookie: manager.cookie },
    });
    expect(Buffer.compare(mask.rawPayload, Buffer.from(nifti(1)))).toBe(0);
    const listed = (await call(h, manager, "GET", `/api/v1/subjects/${subjectId}/timepoints`)).body.items[0];
    expect(listed.imageUri).toBe(url(tps[0]!.id));
    expect(listed.maskUri).toBe(url(tps[0]!.id, "mask"));
  });

  it("refuses a file that is not NIfTI, naming the body", async () => {
    await expect(store(tps[1]!.id, "image", new TextEncoder().encode("not an image"))).rejects.toMatchObject({
      status: 400,
      extra: { errors: [{ path: "$body" }] },
    });
  });

  it("audits the store with size and sha256, never the content", async () => {
    await store(tps[1]!.id, "image", nifti(9));
    const audit = await call(h, manager, "GET", `/api/v1/audit?entityId=${subjectId}&limit=100`);
    const entries = audit.body.entries.filter(
      (e: { action: string }) => e.action === "timepoint.image_store",
    );
    expect(entries).toHaveLength(2);
    expect(entries[1].after).toMatchObject({
      timepointId: tps[1]!.id,
      kind: "image",
      bytes: nifti(9).length,
    });
    expect(entries[1].after.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(entries)).not.toContain("content");
  });

  it("time-sequential: a reader gets a later scan only once the earlier time points are signed", async () => {
    expect((await call(h, reader, "GET", url(tps[0]!.id))).status).toBe(200);
    const early = await call(h, reader, "GET", url(tps[1]!.id));
    expect(early.status).toBe(403);
    expect(early.body.detail).toMatch(/time-sequential/);
    const read = (await call(h, reader, "POST", `/api/v1/subjects/${subjectId}/reads`, {})).body;
    expect((await call(h, reader, "GET", url(tps[1]!.id))).status).toBe(403);
    await call(h, reader, "PUT", `/api/v1/reads/${read.id}/timepoints/${tps[0]!.id}`, {
      data: {},
      lesions: lesionsAt([[20, 20]]),
    });
    const signed = await call(h, reader, "POST", `/api/v1/reads/${read.id}/timepoints/${tps[0]!.id}/sign`, {
      password: PASSWORD,
      meaning: "authored",
    });
    expect(signed.status).toBe(200);
    expect((await call(h, reader, "GET", url(tps[1]!.id))).status).toBe(200);
  });

  it("refuses a reader outside the study and an adjudicator without a task", async () => {
    expect((await call(h, outsider, "GET", url(tps[0]!.id))).status).toBe(403);
    const adj = await call(h, adjudicator, "GET", url(tps[0]!.id));
    expect(adj.status).toBe(403);
    expect(adj.body.detail).toMatch(/adjudication task/);
    expect((await call(h, null, "GET", url(tps[0]!.id))).status).toBe(401);
  });

  it("a study manager uploads a file as octet-stream; a reader may not; JSON is refused naming the body", async () => {
    const put = (agent: Agent, payload: Buffer | object, type: string) =>
      h.app.inject({
        method: "PUT",
        url: url(tps[1]!.id, "mask"),
        headers: { cookie: agent.cookie, "x-csrf-token": agent.csrf, "content-type": type },
        payload,
      });
    const bytes = Buffer.from(nifti(2));
    const ok = await put(manager, bytes, "application/octet-stream");
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ kind: "mask", bytes: bytes.length, uri: url(tps[1]!.id, "mask") });
    const back = await h.app.inject({
      method: "GET",
      url: url(tps[1]!.id, "mask"),
      headers: { cookie: manager.cookie },
    });
    expect(Buffer.compare(back.rawPayload, bytes)).toBe(0);
    expect((await put(reader, bytes, "application/octet-stream")).statusCode).toBe(403);
    const json = await put(manager, { bogus: true }, "application/json");
    expect(json.statusCode).toBe(400);
    expect(json.json().errors[0].path).toBe("$body");
    const text = await put(manager, Buffer.from("hello"), "application/octet-stream");
    expect(text.statusCode).toBe(400);
    expect(text.json().detail).toMatch(/not a NIfTI-1 file/);
  });

  it("a time point of another subject is not found", async () => {
    const res = await call(h, manager, "GET", `/api/v1/subjects/${subjectId}/timepoints/nosuch/image`);
    expect(res.status).toBe(404);
  });
});
