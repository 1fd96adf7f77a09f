/** /subscribe, /subscriptions, /unsubscribe and /digest through the dispatcher on a real database. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ask, openTestApp, privateOrigin } from "../helpers/app.js";

describe("digest commands", () => {
  let app: Awaited<ReturnType<typeof openTestApp>>;
  beforeEach(async () => {
    app = await openTestApp();
  });
  afterEach(() => app.cleanup());

  it("subscribes with the issue's example and lists the next delivery in the subscription's own zone", async () => {
    const reply = await ask(app, "/subscribe weekly mon 09:30 Europe/Moscow isis-k");
    expect(reply.doc.title).toBe("Subscribed");
    // The zone in words, then its id and offset: "Moscow Standard Time (Europe/Moscow, GMT+3)".
    expect(reply.text).toMatch(/every Monday at 09:30 Moscow [\w ]*Time \(Europe\/Moscow, GMT\+3\) on “isis-k”/);
    const list = await ask(app, "/subscriptions");
    expect(list.text).toMatch(
      /#1 every Monday at 09:30 Moscow [\w ]*Time \(Europe\/Moscow, GMT\+3\), topic “isis-k” — next: Mon \d+ \w+ \d{4}, 09:30 \(Europe\/Moscow\)/,
    );
  });

  it("answers an invalid time or zone with a clear reply and examples", async () => {
    for (const line of ["/subscribe daily 24:00", "/subscribe daily 08:00 Narnia/Cair_Paravel"]) {
      const { doc, text } = await ask(app, line);
      expect(doc.tone).toBe("warn");
      expect(text).toContain("/subscribe daily 08:00 Asia/Dushanbe");
    }
  });

  it("GIVEN a topic the sources do not have WHEN subscribing THEN it is refused there and then, naming the topics there are", async () => {
    const { doc, text } = await ask(app, "/subscribe daily 08:00 UTC volcanology");
    expect(doc.tone).toBe("warn");
    expect(text).toContain("There is no topic called “volcanology”.");
    expect(text).toMatch(/Topics: .*isis-k/);
    expect((await ask(app, "/subscriptions")).text).not.toMatch(/#1/);
  });

  it("GIVEN a city a typo away ('moskow') and no zone WHEN subscribing THEN refused as a zone, the nearest offered as a button; nothing stored", async () => {
    const { doc, text } = await ask(app, "/subscribe daily 7am moskow");
    expect(text).toContain("“moskow” is not a time zone or city I know.");
    expect(doc.actions).toEqual([{ label: "Europe/Moscow", command: "subscribe", args: "daily 7am Europe/Moscow" }]);
    expect((await ask(app, "/subscriptions")).text).not.toMatch(/#1/);
  });

  it("GIVEN a topic found through a typo ('isis-kk') THEN it is stored, and confirmed, by the topic's id", async () => {
    const { text } = await ask(app, "/subscribe daily 08:00 UTC isis-kk");
    expect(text).toContain("on “isis-k”.");
    expect((await ask(app, "/subscriptions")).text).toMatch(/#1 daily at 08:00 UTC .*, topic “isis-k”/);
  });

  it("holds at most ten subscriptions per channel", async () => {
    for (let h = 0; h < 10; h++) expect((await ask(app, `/subscribe daily ${String(h).padStart(2, "0")}:00`)).doc.title).toBe("Subscribed");
    const { text } = await ask(app, "/subscribe daily 11:00");
    expect(text).toContain("already has 10 subscriptions");
  });

  it("GIVEN a group WHEN a non-admin subscribes THEN it is refused; an admin may", async () => {
    const member = privateOrigin({ chatKind: "group", channel: "telegram:-5", isChatAdmin: async () => false });
    const admin = privateOrigin({ chatKind: "group", channel: "telegram:-5", isChatAdmin: async () => true });
    expect((await ask(app, "/subscribe daily", undefined, member)).text).toContain("only this chat's admins");
    expect((await ask(app, "/subscribe daily", undefined, admin)).doc.title).toBe("Subscribed");
    expect((await ask(app, "/unsubscribe all", undefined, member)).text).toContain("only this chat's admins");
  });

  it("unsubscribes by id, or all", async () => {
    await ask(app, "/subscribe daily 08:00");
    await ask(app, "/subscribe daily 09:00");
    expect((await ask(app, "/unsubscribe")).text).toContain("which one?");
    expect((await ask(app, "/unsubscribe 1")).text).toContain("Stopped subscription #1.");
    expect((await ask(app, "/unsubscribe 1")).text).toContain("no subscription #1");
    expect((await ask(app, "/unsubscribe all")).text).toContain("Stopped all 1");
  });

  it("previews a digest: what's new, then the standing brief, cited", async () => {
    const { doc, text } = await ask(app, "/digest surveillance");
    expect(text).toContain("No new developments since");
    expect(text).toContain("The brief: ");
    expect(doc.citations.length).toBeGreaterThan(0);
  });
});
