// Browser tests of the statistics pages, in headless Chromium: the IOPC's view of a force
// beside its most similar force group and England and Wales (with its charts), a group chosen
// as the scope, and the administrator's page of groups, with a change made and confirmed.
// Every page visited is checked with axe-core (WCAG 2.2 A and AA).
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";
import { launchBrowser, assertAccessible, visit, signedInPage } from "./browser.mjs";

describe("statistics pages", { timeout: 180_000 }, () => {
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

  const url = (path) => server.baseUrl + path;

  async function signedIn(email) {
    const { context, page } = await signedInPage(chromium.browser, server.baseUrl, email);
    contexts.push(context);
    return page;
  }

  it("the IOPC sees the Met beside its group and England and Wales, and a group on its own", async () => {
    const page = await signedIn("caseworker@iopc.example");
    await visit(page, url("/statistics?force=met"));
    const headings = await page.locator("#a1-1 thead th").allInnerTexts();
    assert.deepEqual(headings.slice(3), ["Most similar forces: Large metropolitan forces", "England and Wales"]);
    assert.match(await page.locator("#compared-note").innerText(), /average per force/);
    assert.equal(await page.locator('#chart-timeliness [data-series="group"]').count(), 5);
    await assertAccessible(page, "the IOPC's view of the Met");

    await page.locator("#force").selectOption("msf:large-metropolitan");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Show statistics" }).click()]);
    assert.match(await page.locator("#return-heading").innerText(), /^Large metropolitan forces: /);
    const groupHeadings = await page.locator("#a1-1 thead th").allInnerTexts();
    assert.deepEqual(groupHeadings.slice(3), ["England and Wales"]);
    await assertAccessible(page, "a group's return");
  });

  it("an administrator moves a force to another group and confirms the group", async () => {
    const page = await signedIn("admin@iopc.example");
    await visit(page, url("/statistics/groups"));
    await assertAccessible(page, "the groups page");

    // Nothing chosen: the errors are beside the fields, and the page is still accessible.
    const [invalid] = await Promise.all([
      page.waitForNavigation(),
      page.getByRole("button", { name: "Change the force's group" }).click(),
    ]);
    assert.equal(invalid?.status(), 422);
    assert.match(await page.title(), /^Error: /);
    await assertAccessible(page, "the groups page with errors");

    await page.locator("#force").selectOption("cumbria");
    await page.locator("#group").selectOption("mixed-midlands-and-north");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Change the force's group" }).click()]);
    assert.match(await page.locator(".govuk-notification-banner").innerText(), /Force's group changed/);
    assert.match(await page.locator("#group-mixed-midlands-and-north").innerText(), /Cumbria Constabulary/);

    await Promise.all([
      page.waitForNavigation(),
      page.locator("#group-mixed-midlands-and-north").getByRole("button", { name: /Mark as confirmed/ }).click(),
    ]);
    assert.match(await page.locator("#group-mixed-midlands-and-north").innerText(), /Confirmed/);
    await assertAccessible(page, "the groups page after a change");
  });
});
