// Browser test of logging a case, in headless Chromium: a force PSD user goes from the cases
// list to "Log a case", chooses a complaint, sends the empty form (errors), adds a second
// allegation with "Add another allegation", logs the complaint by pressing Enter in a field
// (which must send the form, not add another block), then adds a contact and an
// item of evidence from the new case's page. Every page visited is checked with axe-core
// (WCAG 2.2 A and AA): zero violations.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";
import { launchBrowser, assertAccessible, signedInPage } from "./browser.mjs";

describe("logging a case", { timeout: 120_000 }, () => {
  let server;
  let chromium;
  let context;

  before(async () => {
    [server, chromium] = await Promise.all([startServer(), launchBrowser()]);
  });

  after(async () => {
    await context?.close().catch(() => {});
    await chromium?.close();
    await server?.stop();
  });

  const url = (path) => server.baseUrl + path;

  /** Clicks something that submits or navigates, and waits for the page that follows. */
  async function go(page, locator) {
    const [response] = await Promise.all([page.waitForNavigation({ waitUntil: "load" }), locator.click()]);
    return response;
  }

  /** Types a date into the three boxes of a GOV.UK date input. */
  async function fillDate(page, id, date) {
    await page.locator(`#${id}-day`).fill(String(date.getDate()));
    await page.locator(`#${id}-month`).fill(String(date.getMonth() + 1));
    await page.locator(`#${id}-year`).fill(String(date.getFullYear()));
  }

  it("a force PSD user logs a complaint through the form, then a contact and evidence, and every page passes axe", async () => {
    let page;
    ({ context, page } = await signedInPage(chromium.browser, server.baseUrl, "psd@met.example"));

    // From the cases list to the choice of kind.
    await page.goto(url("/cases"));
    await go(page, page.getByRole("button", { name: "Log a case" }));
    assert.equal(new URL(page.url()).pathname, "/cases/new");
    assert.equal(await page.locator("h1").innerText(), "What are you logging?");
    await assertAccessible(page, "/cases/new");
    await page.getByLabel("Complaint", { exact: true }).check();
    await go(page, page.getByRole("button", { name: "Continue" }));
    assert.equal(new URL(page.url()).search, "?kind=complaint");
    assert.equal(await page.locator("h1").innerText(), "Log a complaint");
    assert.equal(await page.getByRole("button", { name: "Log the complaint" }).count(), 1, "one visible submit button");
    await assertAccessible(page, "/cases/new?kind=complaint");

    // Sent empty: the error summary names the required fields.
    const invalid = await go(page, page.getByRole("button", { name: "Log the complaint" }));
    assert.equal(invalid?.status(), 422);
    assert.match(await page.title(), /^Error: /);
    const summary = page.locator(".govuk-error-summary");
    assert.match(await summary.innerText(), /Enter the complainant's full name/);
    assert.match(await summary.innerText(), /Describe allegation 1/);
    await assertAccessible(page, "/cases/new with errors");

    // Filled in, with a second allegation added on the server.
    const incident = new Date();
    incident.setDate(incident.getDate() - 7);
    await page.locator("#complainant-name").fill("Robin Browser");
    await page.locator("#complainant-email").fill("robin.browser@example.com");
    await page.getByLabel("Email", { exact: true }).check();
    await page.locator("#summary").fill("An officer was rude to me when I reported a stolen bicycle.");
    await fillDate(page, "incident-date", incident);
    await page.locator("#incident-place").fill("Brixton police station");
    await page.locator("#allegation-1-category").selectOption({ label: "Delivery of duties and service" });
    await page.locator("#allegation-1-description").fill("The officer was rude");
    const added = await go(page, page.getByRole("button", { name: "Add another allegation" }));
    assert.equal(added?.status(), 200);
    assert.equal(await page.locator("#complainant-name").inputValue(), "Robin Browser", "the input is kept");
    assert.equal(await page.locator("#allegation-2-category").count(), 1, "a second allegation block");
    await assertAccessible(page, "/cases/new with two allegations");
    await page.locator("#allegation-2-category").selectOption({ label: "Police powers, policies and procedures" });
    await page.locator("#allegation-2-description").fill("The report was not recorded");
    await page.locator("#subject-1-kind").selectOption({ label: "Police officer" });
    await page.locator("#subject-1-name").fill("Officer at the front desk");
    await page.locator("#subject-1-allegations").check();

    // Enter in a field logs the case (it does not add another block).
    const [logged] = await Promise.all([
      page.waitForNavigation({ waitUntil: "load" }),
      page.locator("#subject-1-name").press("Enter"),
    ]);
    assert.equal(logged?.status(), 200);
    assert.match(new URL(page.url()).pathname, /^\/cases\/[0-9a-f-]{36}$/);
    const banner = page.locator(".govuk-notification-banner");
    assert.match(await banner.innerText(), /Complaint logged/);
    assert.match(await page.locator("#timeline ~ ol").innerText(), /Logged a complaint/);
    await assertAccessible(page, "the new case's page");
    const casePath = new URL(page.url()).pathname;

    // A contact with the complainant.
    await go(page, page.getByRole("link", { name: "Log a contact" }));
    await assertAccessible(page, "the contact form");
    await page.getByLabel("Telephone", { exact: true }).check();
    await page.locator("#summary").fill("Called to say the complaint has been logged.");
    await go(page, page.getByRole("button", { name: "Log the contact" }));
    assert.equal(new URL(page.url()).pathname, casePath);
    assert.match(await page.locator(".govuk-notification-banner").innerText(), /Contact logged/);

    // An item of evidence, sent first without a description.
    await go(page, page.getByRole("link", { name: "Add an item to the evidence log" }));
    await assertAccessible(page, "the evidence form");
    const missing = await go(page, page.getByRole("button", { name: "Add the item" }));
    assert.equal(missing?.status(), 422);
    await assertAccessible(page, "the evidence form with an error");
    await page.locator("#description").fill("Front desk CCTV");
    await go(page, page.getByRole("button", { name: "Add the item" }));
    assert.equal(new URL(page.url()).pathname, casePath);
    assert.match(await page.locator("#evidence ~ table").first().innerText(), /Front desk CCTV/);
    await assertAccessible(page, "the case page with a contact and evidence");
  });
});
