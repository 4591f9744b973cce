// Browser tests of learning recommendations, in headless Chromium: an IOPC caseworker makes
// one from case S1 (first with errors), the Metropolitan Police Service responds on its page
// (first with errors), the IOPC publishes it, and the list filters. Every page visited is
// checked with axe-core (WCAG 2.2 A and AA): zero violations.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";
import { launchBrowser, assertAccessible, visit, signedInPage, CASE_S1_ID } from "./browser.mjs";

/** Every link of the error summary leads to an element of the page with its own message. */
async function assertSummaryLinksToFields(page) {
  const summary = page.locator(".govuk-error-summary");
  assert.ok(await summary.isVisible(), "the error summary is shown");
  const targets = await summary.locator("a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  assert.ok(targets.length > 0, "the summary lists the problems");
  for (const href of targets) {
    assert.match(href, /^#[\w-]+$/, `summary link ${href} points at a field`);
    assert.equal(await page.locator(href).count(), 1, `summary link ${href} points at an element on the page`);
  }
  return targets;
}

describe("learning recommendations", { timeout: 120_000 }, () => {
  let server;
  let chromium;
  const contexts = [];
  const url = (path) => server.baseUrl + path;
  const title = `Overseeing firearms calls ${Date.now()}`;
  let recommendationPath;

  before(async () => {
    [server, chromium] = await Promise.all([startServer(), launchBrowser()]);
  });

  after(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    await chromium?.close();
    await server?.stop();
  });

  async function signedIn(email) {
    const { context, page } = await signedInPage(chromium.browser, server.baseUrl, email);
    contexts.push(context);
    return page;
  }

  it("an IOPC caseworker makes a recommendation from a case, after correcting the form", async () => {
    const page = await signedIn("caseworker@iopc.example");
    await visit(page, url(`/cases/${CASE_S1_ID}`));
    await Promise.all([page.waitForNavigation(), page.getByRole("link", { name: "Make a recommendation" }).click()]);
    assert.equal(new URL(page.url()).pathname, `/cases/${CASE_S1_ID}/recommendations/new`);
    await assertAccessible(page, "the make-a-recommendation form");

    // The force of the case is offered; leave the title and the text empty.
    const [invalid] = await Promise.all([
      page.waitForNavigation(),
      page.getByRole("button", { name: "Make the recommendation" }).click(),
    ]);
    assert.equal(invalid?.status(), 422);
    assert.match(await page.title(), /^Error: /);
    const targets = await assertSummaryLinksToFields(page);
    assert.deepEqual(targets, ["#title", "#text"]);
    await assertAccessible(page, "the make-a-recommendation form with errors");

    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Recommendation", { exact: true }).fill(
      "The force should make a named supervisor confirm that every firearms call assessed by a commander was investigated and recorded.",
    );
    const [made] = await Promise.all([
      page.waitForNavigation(),
      page.getByRole("button", { name: "Make the recommendation" }).click(),
    ]);
    assert.equal(made?.status(), 200);
    assert.equal(new URL(page.url()).pathname, `/cases/${CASE_S1_ID}`);
    assert.match(await page.locator(".govuk-notification-banner--success").innerText(), /Recommendation made/);
    const link = page.getByRole("link", { name: title });
    recommendationPath = await link.getAttribute("href");
    assert.match(recommendationPath, /^\/recommendations\/[0-9a-f-]{36}$/);
  });

  it("the force responds on the recommendation's page, after correcting the form", async () => {
    assert.ok(recommendationPath, "the recommendation was made");
    const page = await signedIn("psd@met.example");
    await visit(page, url(recommendationPath));
    await assertAccessible(page, "a recommendation awaiting the force's response");

    const [invalid] = await Promise.all([
      page.waitForNavigation(),
      page.getByRole("button", { name: "Send the response" }).click(),
    ]);
    assert.equal(invalid?.status(), 422);
    assert.deepEqual(await assertSummaryLinksToFields(page), ["#record_response-response", "#record_response-accepted_action"]);
    await assertAccessible(page, "the response form with errors");

    await page.getByLabel("Yes", { exact: true }).check();
    await page.getByLabel("Accepted action").fill("Supervisors now confirm each such call before it is closed.");
    const [sent] = await Promise.all([
      page.waitForNavigation(),
      page.getByRole("button", { name: "Send the response" }).click(),
    ]);
    assert.equal(sent?.status(), 200);
    assert.match(await page.locator(".govuk-notification-banner--success").innerText(), /Response recorded/);
    await assertAccessible(page, "a recommendation with the force's response");
  });

  it("the IOPC publishes it, and the list shows it among the published", async () => {
    assert.ok(recommendationPath, "the recommendation was made");
    const page = await signedIn("caseworker@iopc.example");
    await visit(page, url(recommendationPath));
    await page.getByLabel("Summary for publication").fill("The force accepted the recommendation and changed its procedure.");
    const [published] = await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Publish", exact: true }).click()]);
    assert.equal(published?.status(), 200);
    assert.match(await page.locator(".govuk-notification-banner--success").innerText(), /Recommendation published/);

    await visit(page, url("/recommendations"));
    await assertAccessible(page, "/recommendations");
    await page.getByLabel("Stage", { exact: true }).selectOption("published");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Apply filters" }).click()]);
    assert.equal(new URL(page.url()).searchParams.get("stage"), "published");
    const stages = await page
      .locator("table tbody tr")
      .evaluateAll((rows) => rows.map((row) => row.cells[4]?.innerText.trim()));
    assert.ok(stages.length > 0 && stages.every((s) => s === "Published"), `only published ones: ${stages.join(", ")}`);
    assert.ok(await page.getByRole("link", { name: title }).isVisible(), "the new one is listed");
    await assertAccessible(page, "/recommendations?stage=published");
  });
});
