// Browser tests of documents, in headless Chromium: a PSD user uploads a document on S1's
// documents page (a refused file first, then a PDF), opens its disclosure decision and sees
// the withholdings report; then the Welsh-speaking demo complainant opens their documents
// page, sends a supporting document and sees it listed. Every page is checked with axe-core
// (WCAG 2.2 A and AA): zero violations.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";
import { launchBrowser, newContext, assertAccessible, visit, signedInPage, CASE_S1_ID } from "./browser.mjs";

const PDF = Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n", "latin1");
const EXE = Buffer.from("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00", "latin1");
const UNDER_INVESTIGATION = { reference: "OV-DEM0-0001", code: "CYMR-AEG0-2026-0001" };

describe("documents", { timeout: 120_000 }, () => {
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

  it("a PSD user uploads a document on the case page and decides its disclosure", async () => {
    const { context, page } = await signedInPage(chromium.browser, server.baseUrl, "psd@met.example");
    contexts.push(context);
    await visit(page, `${server.baseUrl}/cases/${CASE_S1_ID}`);
    await Promise.all([page.waitForNavigation(), page.getByRole("link", { name: /documents/i }).first().click()]);
    assert.equal(new URL(page.url()).pathname, `/cases/${CASE_S1_ID}/documents`);
    // The demo's documents are listed; the published redacted report says so.
    assert.match(await page.locator("main").innerText(), /Investigation report \(redacted\)\.pdf/);
    await assertAccessible(page, "the documents page");

    // A renamed executable: refused beside the field, the description kept.
    await page.getByLabel("What is it? (optional)").fill("Statement of the complainant");
    await page.getByLabel("The file").setInputFiles({ name: "statement.pdf", mimeType: "application/pdf", buffer: EXE });
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Upload the document" }).click()]);
    assert.match(await page.locator(".govuk-error-summary").innerText(), /must be a PDF, an image/);
    assert.equal(await page.getByLabel("What is it? (optional)").inputValue(), "Statement of the complainant");
    await assertAccessible(page, "the documents page with an error");

    await page.getByLabel("The file").setInputFiles({ name: "Statement.pdf", mimeType: "application/pdf", buffer: PDF });
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Upload the document" }).click()]);
    assert.match(await page.locator(".govuk-notification-banner").innerText(), /Statement\.pdf is uploaded/);
    await assertAccessible(page, "the documents page after an upload");

    await Promise.all([
      page.waitForNavigation(),
      page.getByRole("link", { name: "Decide disclosure of Statement.pdf" }).click(),
    ]);
    await assertAccessible(page, "the disclosure decision");
    await page.getByLabel("No, it is withheld under the harm test").check();
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Save the decision" }).click()]);
    const errors = await page.locator(".govuk-error-summary").innerText();
    assert.match(errors, /Choose what disclosure would harm/);
    assert.match(errors, /real and its effect significant/);
    await assertAccessible(page, "the disclosure decision with errors");
    await page.getByLabel("Yes, it is disclosable to the complainant").check();
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Save the decision" }).click()]);
    assert.match(await page.locator(".govuk-notification-banner").innerText(), /disclosure decision is saved/);

    await visit(page, `${server.baseUrl}/documents/withholdings`);
    assert.match(await page.locator("main").innerText(), /Custody record\.pdf/);
    await assertAccessible(page, "the withholdings report");
  });

  it("the Welsh-speaking complainant sends a document from their status page", async () => {
    const context = await newContext(chromium.browser);
    contexts.push(context);
    const page = await context.newPage();
    await visit(page, `${server.baseUrl}/status`);
    await page.locator("#reference").fill(UNDER_INVESTIGATION.reference);
    await page.locator("#code").fill(UNDER_INVESTIGATION.code);
    await Promise.all([page.waitForNavigation(), page.locator("#code").press("Enter")]);
    assert.equal(await page.evaluate(() => document.documentElement.lang), "cy");
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole("link", { name: "Gweld y dogfennau a rannwyd â chi, neu anfon un atom" }).click(),
    ]);
    assert.equal(new URL(page.url()).pathname, "/status/documents");
    const main = await page.locator("main").innerText();
    assert.match(main, /Llythyr at yr achwynydd\.pdf/);
    assert.doesNotMatch(main, /Custody record/);
    await assertAccessible(page, "the complainant's documents, in Welsh");

    await page.getByLabel("Beth ydyw? (dewisol)").fill("Llun o fy anaf");
    await page.getByLabel("Dewiswch y ffeil").setInputFiles({ name: "llun.jpg", mimeType: "image/jpeg", buffer: EXE });
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Anfon y ddogfen" }).click()]);
    assert.match(await page.locator(".govuk-error-summary").innerText(), /Rhaid i'r ffeil fod yn PDF/);
    await assertAccessible(page, "the complainant's documents with an error, in Welsh");

    await page.getByLabel("Dewiswch y ffeil").setInputFiles({ name: "Llythyr.pdf", mimeType: "application/pdf", buffer: PDF });
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Anfon y ddogfen" }).click()]);
    assert.match(await page.locator(".govuk-notification-banner").innerText(), /Rydym wedi cael Llythyr\.pdf/);
    assert.match(await page.locator("main").innerText(), /Llythyr\.pdf/);
    await assertAccessible(page, "the complainant's documents after sending one, in Welsh");
  });
});
