// Browser tests of the subject pages, in headless Chromium: the scenario S1 officers' pages,
// adding a subject to a case under local investigation (with errors, then correctly), and
// taking that officer through the investigation to the outcome form of a misconduct hearing,
// which offers each finding only the outcomes it allows. Every page visited is checked with
// axe-core (WCAG 2.2 A and AA), and the subject page also as a browser without JavaScript
// renders it.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";
import {
  launchBrowser,
  assertAccessible,
  assertAccessibleWithoutScripts,
  visit,
  signedInPage,
  CASE_S1_ID,
} from "./browser.mjs";

const OFFICER_A = "5ce00001-0004-4000-8000-000000000001";
const OFFICER_B = "5ce00001-0004-4000-8000-000000000002";

describe("subject pages", { timeout: 180_000 }, () => {
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

  /** Submits the form of a step on the subject page and waits for the next page. */
  async function submit(page, step) {
    const form = page.locator(`#action-${step}`);
    const [response] = await Promise.all([page.waitForNavigation(), form.getByRole("button").click()]);
    return response;
  }

  /** Fills a GOV.UK date input of a step's form. */
  async function fillDate(page, id, day, month, year) {
    await page.locator(`#${id}-day`).fill(day);
    await page.locator(`#${id}-month`).fill(month);
    await page.locator(`#${id}-year`).fill(year);
  }

  it("S1's officers: the track, the force's view beside the IOPC determination, no violations", async () => {
    const page = await signedIn("caseworker@iopc.example");
    await visit(page, url(`/cases/${CASE_S1_ID}`));
    const [response] = await Promise.all([
      page.waitForNavigation(),
      page.locator("#subjects ~ table").getByRole("link", { name: "Officer A" }).click(),
    ]);
    assert.equal(response?.status(), 200);
    assert.equal(new URL(page.url()).pathname, `/cases/${CASE_S1_ID}/subjects/${OFFICER_A}`);
    const main = await page.locator("main").innerText();
    assert.match(main, /Would have been dismissed/);
    assert.match(main, /The force's view\s+Disagreed/);
    await assertAccessible(page, "S1 Officer A");

    const psd = await signedIn("psd@met.example");
    await visit(psd, url(`/cases/${CASE_S1_ID}/subjects/${OFFICER_B}`));
    assert.equal(await psd.locator("#action-conclude").count(), 1, "the force may conclude reflective practice");
    await assertAccessible(psd, "S1 Officer B with the force's forms");
    await assertAccessibleWithoutScripts(chromium.browser, psd.context(), psd.url(), "S1 Officer B without JavaScript");
  });

  it("the force adds an officer to a local investigation and takes them to the outcome of a hearing", async () => {
    const page = await signedIn("psd@met.example");
    await visit(page, url("/cases?stage=under_investigation&mode=local"));
    const first = page.locator("table tbody tr").first().getByRole("link").first();
    await Promise.all([page.waitForNavigation(), first.click()]);
    const casePath = new URL(page.url()).pathname;
    await Promise.all([page.waitForNavigation(), page.getByRole("link", { name: "Add a subject" }).click()]);
    await assertAccessible(page, "the add-a-subject form");

    // Empty: 422, the summary links to the fields.
    const [invalid] = await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Add subject" }).click()]);
    assert.equal(invalid?.status(), 422);
    assert.match(await page.title(), /^Error: /);
    const targets = await page
      .locator(".govuk-error-summary a")
      .evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    for (const href of targets) {
      assert.equal(await page.locator(href).count(), 1, `summary link ${href} points at a field`);
    }
    await assertAccessible(page, "the add-a-subject form with errors");

    await page.getByLabel("Name or description").fill("Officer Q");
    await page.getByLabel("Police officer").check();
    await page.getByLabel("Rank or job title (optional)").fill("Sergeant");
    const allegations = page.locator('input[name="allegation"]');
    const count = await allegations.count();
    for (let i = 0; i < count; i++) await allegations.nth(i).check();
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Add subject" }).click()]);
    assert.match(new URL(page.url()).pathname, /\/subjects\/[0-9a-f-]{36}$/, `landed on ${page.url()}`);
    assert.match(await page.locator(".govuk-notification-banner--success").innerText(), /Subject added/);
    const subjectPath = new URL(page.url()).pathname;
    await assertAccessible(page, "a new subject's page");

    // The force's investigator assesses severity and serves the notice: a date in the future
    // first, kept and refused beside the field.
    // Each step is dated today, the day it happens, so the dates typed below are today's too.
    const now = new Date();
    const [day, month, year] = [now.getDate(), now.getMonth() + 1, now.getFullYear()].map(String);
    const severity = page.locator("#action-assess_severity");
    await severity.getByLabel("Gross misconduct").check();
    const standards = severity.getByRole("group", { name: /which Standards of Professional Behaviour does it concern\?/ });
    for (let i = 0; i < (await standards.count()); i++) {
      await standards.nth(i).getByLabel("Honesty and integrity").check();
    }
    await submit(page, "assess_severity");
    await fillDate(page, "serve_notice-served_on", "1", "1", "2099");
    const refused = await submit(page, "serve_notice");
    assert.equal(refused?.status(), 422);
    assert.equal(await page.locator("#serve_notice-served_on-year").inputValue(), "2099", "the year typed is kept");
    await page.locator('.govuk-error-summary a[href="#serve_notice-served_on-day"]').click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), "serve_notice-served_on-day");
    await assertAccessible(page, "the subject page with a date error");
    await fillDate(page, "serve_notice-served_on", day, month, year);
    await submit(page, "serve_notice");
    await fillDate(page, "interview-interviewed_on", day, month, year);
    await page.locator("#action-interview").getByLabel("Under criminal caution", { exact: true }).check();
    await submit(page, "interview");
    await page.locator("#action-give_opinion").getByLabel("Case to answer for gross misconduct").check();
    await submit(page, "give_opinion");

    // Every other subject of the case needs an opinion before the report.
    await visit(page, url(casePath));
    const others = await page
      .locator("#subjects ~ table a")
      .evaluateAll(
        (links, own) => links.map((a) => a.getAttribute("href")).filter((h) => h.includes("/subjects/") && h !== own),
        subjectPath,
      );
    for (const other of others) {
      await visit(page, url(other));
      if ((await page.locator("#action-give_opinion").count()) === 1) {
        await page.locator("#action-give_opinion").getByLabel("No case to answer").check();
        await submit(page, "give_opinion");
      }
    }
    await visit(page, url(casePath));
    await Promise.all([
      page.waitForNavigation(),
      page.locator("#action-submit_report").getByRole("button").click(),
    ]);

    // The force determines after its own investigation and arranges a hearing.
    await visit(page, url(subjectPath));
    await page.locator("#action-determine").getByLabel("Case to answer for gross misconduct").check();
    await submit(page, "determine");
    await page.locator("#action-bring_proceedings").getByLabel("Misconduct hearing", { exact: true }).check();
    await fillDate(page, "bring_proceedings-notice_given_on", day, month, year);
    await page.locator("#action-bring_proceedings").getByLabel("A panel chaired by a legally qualified chair").check();
    await submit(page, "bring_proceedings");
    assert.match(await page.locator(".govuk-notification-banner--success").innerText(), /Proceedings arranged/);

    // The outcome form: after the findings, the outcomes each finding allows.
    const outcome = page.locator("#action-record_proceedings_outcome");
    // The overall finding's first radio is "Gross misconduct proven" at a hearing.
    await page.locator("#record_proceedings_outcome-finding").check();
    const gross = outcome.locator("#record_proceedings_outcome-finding-follow-gross_misconduct_proven");
    assert.equal(await gross.getByLabel("Final written warning").count(), 1);
    assert.equal(await gross.getByLabel("Written warning", { exact: true }).count(), 0, "no written warning for gross misconduct");
    const notProven = outcome.locator("#record_proceedings_outcome-finding-follow-not_proven");
    assert.equal(await notProven.getByLabel("No action").count(), 1);
    assert.equal(await notProven.getByLabel("Dismissal without notice").count(), 0, "no dismissal when nothing is proven");
    await assertAccessible(page, "the outcome form with a finding chosen");
    await assertAccessibleWithoutScripts(chromium.browser, page.context(), page.url(), "the subject page without JavaScript");
  });
});
