// Browser tests of the public pages: accessibility (axe-core, WCAG 2.2 A and AA) and reflow at
// 320 CSS pixels (WCAG 1.4.10).
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";
import { launchBrowser, newContext, assertAccessible, visit } from "./browser.mjs";

describe("public pages", { timeout: 90_000 }, () => {
  let server;
  let chromium;
  let context;

  before(async () => {
    [server, chromium] = await Promise.all([startServer(), launchBrowser()]);
    context = await newContext(chromium.browser);
  });

  after(async () => {
    await context?.close().catch(() => {});
    await chromium?.close();
    await server?.stop();
  });

  for (const [name, path] of [
    ["the start page", "/"],
    ["the workflow page", "/workflow"],
    ["the sign-in page", "/sign-in"],
  ]) {
    it(`${name} (${path}) has no WCAG 2.2 A or AA violations`, async () => {
      const page = await context.newPage();
      try {
        await visit(page, server.baseUrl + path);
        assert.ok((await page.title()).endsWith("Oversight"), "the page title ends with the service name");
        await assertAccessible(page, path);
      } finally {
        await page.close();
      }
    });
  }

  it("a page that does not exist shows the 404 page inside the layout, with no violations", async () => {
    const page = await context.newPage();
    try {
      await visit(page, server.baseUrl + "/no-such-page", 404);
      assert.equal(await page.locator("main#main-content h1").count(), 1, "the error page has a heading in <main>");
      await assertAccessible(page, "the 404 page");
    } finally {
      await page.close();
    }
  });

  it("a missing public page is shown in Welsh to a Welsh reader, with no violations", async () => {
    const page = await context.newPage();
    try {
      await visit(page, server.baseUrl + "/published/00000000-0000-4000-8000-000000000000?lang=cy", 404);
      assert.equal(await page.getAttribute("html", "lang"), "cy");
      assert.equal((await page.locator("main#main-content h1").textContent()).trim(), "Heb ddod o hyd i'r dudalen");
      await assertAccessible(page, "the Welsh 404 page");
    } finally {
      await page.close();
    }
  });

  for (const [name, path] of [
    ["the start page", "/"],
    ["the sign-in page", "/sign-in"],
  ]) {
    it(`${name} does not scroll sideways on a 320-pixel-wide screen`, async () => {
      const narrow = await newContext(chromium.browser, { viewport: { width: 320, height: 640 } });
      try {
        const page = await narrow.newPage();
        await visit(page, server.baseUrl + path);
        const { scrollWidth, clientWidth } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          clientWidth: document.documentElement.clientWidth,
        }));
        assert.ok(
          scrollWidth <= 320,
          `${path} is ${scrollWidth} pixels wide (viewport 320, client width ${clientWidth}): it scrolls horizontally`,
        );
      } finally {
        await narrow.close();
      }
    });
  }
});
