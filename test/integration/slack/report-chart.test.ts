// `/leads report`: the private text summary, then the chart (a PNG) uploaded with files.uploadV2
// to the manager's DM; a refused rep gets neither; a failed upload leaves the summary standing.
import { inflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PNG_SIGNATURE } from "../../../src/core/reporting/chart/png.ts";
import { slashCommand } from "../../fixtures/slack/payloads.ts";
import { DB_KINDS } from "../../helpers/db.ts";
import { type SlackTestApp, startSlackTestApp, TestClock } from "../../helpers/slack.ts";
import { createHotLead, MANAGER, MARKETER, REPS, RULES, textOf } from "./setup.ts";

const REP = REPS[0] as string;
const UPLOAD_METHODS = ["files.getUploadURLExternal", "file_upload", "files.completeUploadExternal"];

describe.each(DB_KINDS)("/leads report chart (%s)", (kind) => {
  let app: SlackTestApp;
  const emails: string[] = [];
  beforeAll(async () => {
    app = await startSlackTestApp({
      kind,
      rulesYaml: RULES,
      clock: new TestClock(Date.parse("2025-03-15T12:00:00Z")),
    });
    const createdAt = new Date("2025-03-10T09:00:00Z");
    for (const [source, stage] of [
      ["google", "sql"],
      ["google", "lead"],
      ["facebook", "mql"],
    ] as const) {
      const lead = await createHotLead(app, { source, stage, createdAt });
      emails.push(lead.email);
    }
  });
  afterAll(async () => {
    await app?.close();
  });

  async function command(userId: string, text: string) {
    const id = `${userId}-${Math.random().toString(36).slice(2, 8)}`;
    const res = await app.send(
      slashCommand({ userId, text, responseUrl: app.fake.responseUrl(id) }),
      "application/x-www-form-urlencoded",
    );
    expect(res.statusCode).toBe(200);
    await app.idle();
    return app.fake.callsTo("response_url").find((c) => c.responseId === id)?.body;
  }

  const uploadCalls = () => app.fake.calls.filter((c) => UPLOAD_METHODS.includes(c.method));

  it("a manager's /leads report month: the text summary, then a PNG chart in their DM", async () => {
    app.fake.clear();
    const reply = await command(MANAGER, "report month");
    expect(reply?.response_type).toBe("ephemeral");
    expect(textOf(reply?.blocks)).toContain("LeadOps report");

    const methods = app.fake.calls.map((c) => c.method);
    // The summary goes out before the upload starts.
    expect(methods.indexOf("response_url")).toBeLessThan(methods.indexOf("files.getUploadURLExternal"));
    expect(app.fake.callsTo("conversations.open")[0]?.body.users).toBe(MANAGER);

    const [getUrl] = app.fake.callsTo("files.getUploadURLExternal");
    const [upload] = app.fake.callsTo("file_upload");
    const [complete] = app.fake.callsTo("files.completeUploadExternal");
    expect(getUrl?.body.filename).toBe("leadops-report-month.png");
    const png = upload?.data;
    expect(png).toBeInstanceOf(Buffer);
    expect(Number(getUrl?.body.length)).toBe(png?.length);
    expect(png?.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png?.toString("ascii", 12, 16)).toBe("IHDR");
    expect(png?.readUInt32BE(16)).toBe(800);
    expect(png?.readUInt32BE(20)).toBeGreaterThan(200);
    // The image data inflates to one filter byte plus RGBA per pixel for every row.
    const idatLength = png!.readUInt32BE(33);
    expect(png?.toString("ascii", 37, 41)).toBe("IDAT");
    const raw = inflateSync(png!.subarray(41, 41 + idatLength));
    expect(raw.length).toBe((800 * 4 + 1) * png!.readUInt32BE(20));

    expect(complete?.body.channel_id).toBe(`D${MANAGER}`);
    expect(complete?.body.files).toEqual([{ id: "F1", title: "LeadOps report month" }]);
  });

  it("a rep's /leads report is refused privately and uploads nothing", async () => {
    app.fake.clear();
    const reply = await command(REP, "report");
    expect(reply?.response_type).toBe("ephemeral");
    expect(String(reply?.text)).toContain("Only managers");
    expect(uploadCalls()).toEqual([]);
    expect(app.fake.callsTo("conversations.open")).toEqual([]);
  });

  it("a failed upload leaves the text summary standing and is logged without personal data", async () => {
    app.fake.clear();
    app.logs.length = 0;
    app.fake.script("files.getUploadURLExternal", { error: "not_allowed_token_type" });
    const reply = await command(MANAGER, "report month by source");
    expect(textOf(reply?.blocks)).toContain("LeadOps report");
    expect(app.fake.callsTo("files.completeUploadExternal")).toEqual([]);
    const warning = app.logs.find((l) => l.includes("report chart upload failed"));
    expect(warning).toContain("not_allowed_token_type");
    for (const email of emails) expect(app.logs.join("\n")).not.toContain(email);
  });

  it("marketing's /leads report calibration: bands in the reply, a calibration chart in their DM; a rep is refused", async () => {
    app.fake.clear();
    const reply = await command(MARKETER, "report calibration year");
    expect(reply?.response_type).toBe("ephemeral");
    const text = textOf(reply?.blocks);
    expect(text).toContain("LeadOps calibration");
    expect(text).toContain("Suggested thresholds");
    const [getUrl] = app.fake.callsTo("files.getUploadURLExternal");
    expect(getUrl?.body.filename).toBe("leadops-calibration-year.png");
    expect(app.fake.callsTo("conversations.open")[0]?.body.users).toBe(MARKETER);

    app.fake.clear();
    const refused = await command(REP, "report calibration");
    expect(String(refused?.text)).toContain("Only managers and marketing");
    expect(uploadCalls()).toEqual([]);
  });
});
