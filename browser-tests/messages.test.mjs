// Browser tests of the messages the service sends, in headless Chromium: an IOPC administrator
// reads the messages sent to the demo complainants (written as .eml files, since no SMTP
// server is configured) and opens one; a West Midlands PSD user prints the demo letter to
// post and marks it posted. Every page is checked with axe-core (WCAG 2.2 A and AA).
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";
import { launchBrowser, assertAccessible, visit, signedInPage } from "./browser.mjs";

describe("messages and letters", { timeout: 120_000 }, () => {
  let server;
  let chromium;
  const contexts = [];

  before(async () => {
    [server, chromium] = await Promise.all([startServer(), launchBrowser()]);
  });

  after(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    await chromium?.close();
    await server?.stop();
  });

  it("an administrator reads the sent messages", async () => {
    const { context, page } = await signedInPage(chromium.browser, server.baseUrl, "admin@iopc.example");
    contexts.push(context);
    // The worker sends the demo's emails within a few seconds of the start.
    let sent = "";
    for (let i = 0; i < 20; i += 1) {
      await visit(page, `${server.baseUrl}/admin/messages?state=sent`);
      sent = await page.locator("main").innerText();
      if (/Outcome and the right of review/.test(sent) && /Complaint logged/.test(sent)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.match(sent, /Outcome and the right of review/);
    assert.match(sent, /Email to Sam Taylor/);
    await assertAccessible(page, "the sent messages");
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole("link", { name: "Outcome and the right of review" }).first().click(),
    ]);
    assert.match(await page.locator("main").innerText(), /The last day to apply is/);
    await assertAccessible(page, "a sent message");
    await visit(page, `${server.baseUrl}/admin/messages?state=failed`);
    await assertAccessible(page, "the messages that could not be sent");
  });

  it("a PSD user prints a letter to post and marks it posted", async () => {
    const { context, page } = await signedInPage(chromium.browser, server.baseUrl, "psd@westmidlands.example");
    contexts.push(context);
    await visit(page, `${server.baseUrl}/letters`);
    assert.match(await page.locator("main").innerText(), /Jordan Patel/);
    await assertAccessible(page, "the letters to post");
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole("link", { name: "Outcome and the right of review" }).first().click(),
    ]);
    const letter = await page.locator("article").innerText();
    assert.match(letter, /12 Example Road/);
    assert.match(letter, /The last day to apply is/);
    await assertAccessible(page, "a letter");
    // Printed, the letter stands alone: no navigation, account bar or button.
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator(".govuk-service-navigation").isVisible(), false);
    assert.equal(await page.getByRole("button", { name: "Mark as posted" }).isVisible(), false);
    await page.emulateMedia({ media: "screen" });
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Mark as posted" }).click()]);
    assert.match(await page.locator(".govuk-notification-banner").innerText(), /marked as posted/);
    assert.match(await page.locator("main").innerText(), /No letters are waiting to be posted/);
    await assertAccessible(page, "the letters after one is posted");
  });
});
