// Browser tests of the public side, in headless Chromium: a complainant looks up their case
// with the case reference and access code (by keyboard), reads its status in English, Welsh
// and easy read, applies for a review, sees the closed-window message on another case, reads
// the published recommendations, uses the pages without JavaScript and on a 320-pixel screen,
// and is blocked after repeated wrong codes. Every page is checked with axe-core (WCAG 2.2 A
// and AA): zero violations, in English and in Welsh.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";
import {
  launchBrowser,
  newContext as newBrowserContext,
  assertAccessible,
  assertAccessibleWithoutScripts,
  visit,
} from "./browser.mjs";

/** The demo complainants (see README): reference, code. */
const UNDER_INVESTIGATION = { reference: "OV-DEM0-0001", code: "CYMR-AEG0-2026-0001" };
const WINDOW_OPEN = { reference: "OV-DEM0-0002", code: "REV1-EW0P-EN26-0002" };
const WINDOW_CLOSED = { reference: "OV-DEM0-0003", code: "REV1-EWC1-0SED-0003" };

describe("complainant and public pages", { timeout: 150_000 }, () => {
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

  async function newContext(options = {}) {
    const context = await newBrowserContext(chromium.browser, options);
    contexts.push(context);
    return context;
  }

  /** Looks a case up through the form, by keyboard, and waits for the page that follows. */
  async function lookUp(page, { reference, code }, expectedPath = "/status") {
    await visit(page, `${server.baseUrl}/status`);
    await page.locator("#reference").focus();
    await page.keyboard.type(reference);
    await page.keyboard.press("Tab");
    await page.keyboard.type(code.toLowerCase().replaceAll("-", " "));
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
    assert.equal(new URL(page.url()).pathname, expectedPath);
  }

  async function htmlLang(page) {
    return page.evaluate(() => document.documentElement.lang);
  }

  async function assertNoSidewaysScroll(page, label) {
    const { scrollWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth }));
    assert.ok(scrollWidth <= 320, `${label} is ${scrollWidth} pixels wide on a 320-pixel screen`);
  }

  it("a complainant looks up their case and reads its status in Welsh, English and easy read", async () => {
    const context = await newContext();
    const page = await context.newPage();
    await assertAccessible(await (async () => {
      await visit(page, `${server.baseUrl}/status`);
      return page;
    })(), "the look-up page");
    await lookUp(page, UNDER_INVESTIGATION);
    // This complainant prefers Welsh: the page is in Welsh without being asked.
    assert.equal(await htmlLang(page), "cy");
    assert.equal(await page.locator("h1").innerText(), "Rydym yn ymchwilio i'ch cwyn");
    await assertAccessible(page, "the status page in Welsh");
    // Nothing withheld or internal.
    const text = await page.locator("body").innerText();
    for (const secret of ["informant", "Penhallow", "Prydderch", "locksmith"]) {
      assert.ok(!text.includes(secret), `the status page shows ${secret}`);
    }

    await Promise.all([page.waitForNavigation(), page.getByRole("link", { name: "English" }).click()]);
    assert.equal(await htmlLang(page), "en");
    assert.equal(await page.locator("h1").innerText(), "We are investigating your complaint");
    await assertAccessible(page, "the status page in English");

    await Promise.all([page.waitForNavigation(), page.getByRole("link", { name: "Easy read version" }).click()]);
    assert.match(await page.locator("main").innerText(), /Someone is looking into your complaint\./);
    await assertAccessible(page, "the easy read status page in English");
    await visit(page, `${server.baseUrl}/status?lang=cy`);
    assert.match(await page.locator("main").innerText(), /Mae rhywun yn edrych ar eich cwyn\./);
    await assertAccessible(page, "the easy read status page in Welsh");

    // The choice is remembered on the next page.
    await visit(page, `${server.baseUrl}/status/contact`);
    assert.equal(await htmlLang(page), "cy");
    await assertAccessible(page, "the contact preferences page in Welsh");
    await visit(page, `${server.baseUrl}/status/contact?lang=en`);
    await assertAccessible(page, "the contact preferences page in English");
  });

  it("a complainant applies for a review while the window is open", async () => {
    const context = await newContext();
    const page = await context.newPage();
    await lookUp(page, WINDOW_OPEN);
    assert.equal(await page.locator("h1").innerText(), "You have been told the outcome of your complaint");
    assert.match(await page.locator("main").innerText(), /You must apply by \d{1,2} [A-Z][a-z]+ \d{4}\./);
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Apply for a review" }).click()]);
    await assertAccessible(page, "the review form");
    // Sent empty: errors beside the fields.
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Send application" }).click()]);
    assert.match(await page.title(), /^Error: /);
    await assertAccessible(page, "the review form with errors");
    await visit(page, `${server.baseUrl}/status/review?lang=cy`);
    await assertAccessible(page, "the review form in Welsh");
    await visit(page, `${server.baseUrl}/status/review?lang=en`);
    await page.getByLabel("What do you disagree with?").fill("The call handler's manner was not looked into.");
    await page.getByLabel("What outcome do you want?").fill("An apology from the call handler.");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Send application" }).click()]);
    assert.equal(new URL(page.url()).pathname, "/status/review/confirmation");
    assert.match(await page.locator(".govuk-panel__body").innerText(), /RV-\d{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/);
    await assertAccessible(page, "the review confirmation");
    await visit(page, `${server.baseUrl}/status`);
    assert.equal(await page.locator("h1").innerText(), "Your review is being considered");
  });

  it("another case says the review window has closed and how to apply late", async () => {
    const context = await newContext();
    const page = await context.newPage();
    await lookUp(page, WINDOW_CLOSED);
    const main = await page.locator("main").innerText();
    assert.match(main, /The time to apply for a review ended on/);
    assert.match(main, /accept a late application/);
    assert.equal(await page.getByRole("button", { name: "Apply for a review" }).count(), 0);
    await assertAccessible(page, "the closed-window status page");
  });

  it("the published recommendations are accessible in English and Welsh and searchable", async () => {
    const context = await newContext();
    const page = await context.newPage();
    await visit(page, `${server.baseUrl}/published`);
    await assertAccessible(page, "the published list");
    await page.locator("#q").fill("photographs");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Show results" }).click()]);
    assert.match(await page.locator("main").innerText(), /2020\/138174/);
    await page.locator("article h3 a").first().click();
    await page.waitForLoadState("load");
    assert.match(new URL(page.url()).pathname, /^\/published\/[0-9a-f-]{36}$/);
    await assertAccessible(page, "a published recommendation");
    await visit(page, `${server.baseUrl}/published?lang=cy`);
    assert.equal(await htmlLang(page), "cy");
    await assertAccessible(page, "the published list in Welsh");
  });

  it("the public pages work without JavaScript and pass axe there", async () => {
    const context = await newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await lookUp(page, WINDOW_CLOSED);
    assert.equal(await page.locator("h1").innerText(), "You have been told the outcome of your complaint");
    for (const path of ["/status", "/status/contact", "/published"]) {
      await assertAccessibleWithoutScripts(chromium.browser, context, `${server.baseUrl}${path}`, `${path} without JavaScript`);
    }
  });

  it("the public pages do not scroll sideways on a 320-pixel-wide screen", async () => {
    const context = await newContext({ viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    await visit(page, `${server.baseUrl}/status`);
    await assertNoSidewaysScroll(page, "/status");
    await lookUp(page, UNDER_INVESTIGATION);
    for (const path of ["/status?lang=cy", "/status?lang=en", "/status?read=easy", "/status/contact", "/published", "/published?lang=cy"]) {
      await visit(page, `${server.baseUrl}${path}`);
      await assertNoSidewaysScroll(page, path);
    }
  });

  // Last: it blocks look-ups from this address for 15 minutes.
  it("repeated wrong codes are slowed down and then blocked, saying when to try again", async () => {
    const context = await newContext();
    const page = await context.newPage();
    for (let n = 0; n < 10; n += 1) {
      await visit(page, `${server.baseUrl}/status`);
      await page.getByLabel("Case reference").fill(WINDOW_OPEN.reference);
      await page.getByLabel("Access code").fill("AAAA-BBBB-CCCC-DDDD");
      const [response] = await Promise.all([
        page.waitForNavigation(),
        page.getByRole("button", { name: "Continue" }).click(),
      ]);
      assert.equal(response.status(), 422, `attempt ${n + 1}`);
      assert.match(await page.locator(".govuk-error-summary").innerText(), /The case reference or access code is not right/);
    }
    await assertAccessible(page, "the look-up page after a failure");
    await visit(page, `${server.baseUrl}/status`);
    await page.getByLabel("Case reference").fill(WINDOW_OPEN.reference);
    await page.getByLabel("Access code").fill(WINDOW_OPEN.code);
    const [response] = await Promise.all([
      page.waitForNavigation(),
      page.getByRole("button", { name: "Continue" }).click(),
    ]);
    assert.equal(response.status(), 429, "blocked even with the right code");
    assert.match(await page.locator(".govuk-error-summary").innerText(), /too many attempts.*try again after \d{1,2}:\d{2}(am|pm)/s);
    await assertAccessible(page, "the blocked look-up page");
  });
});
