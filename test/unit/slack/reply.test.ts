// Private replies: Bolt's respond() when the listener has one, and a deadline on response_url.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { RespondArguments } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import { replyPrivately } from "../../../src/slack/reply.ts";

const client = {} as WebClient;
const msg = { text: "hello", blocks: [] };

describe("replyPrivately", () => {
  it("goes through Bolt's respond() when the listener has it", async () => {
    const sent: RespondArguments[] = [];
    const respond = async (m: string | RespondArguments) => {
      sent.push(m as RespondArguments);
      return new Response();
    };
    await replyPrivately(client, { response_url: "https://hooks.slack.test/x", user_id: "U1" }, msg, {
      respond,
    });
    expect(sent).toEqual([
      { response_type: "ephemeral", replace_original: false, text: "hello", blocks: [] },
    ]);
  });

  it("gives up on a response_url that never answers", async () => {
    // Before: a plain fetch with no deadline, so the listener waited as long as the socket lived.
    const server = createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/respond`;
    try {
      await expect(
        replyPrivately(client, { response_url: url, user_id: "U1" }, msg, { timeoutMs: 300 }),
      ).rejects.toThrow(/timeout|aborted/i);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
