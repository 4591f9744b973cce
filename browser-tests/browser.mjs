// Launches Debian's Chromium through playwright-core, and the shared checks the browser tests
// make: axe-core (WCAG 2.2 A and AA) with zero violations, and signing in through the form.
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";

/** The demo accounts' password (see README). */
export const DEMO_PASSWORD = "demo-password-2026";

/** One demo account for each role. */
export const ROLES = [
  { role: "an IOPC caseworker", email: "caseworker@iopc.example" },
  { role: "an IOPC investigator", email: "investigator@iopc.example" },
  { role: "an IOPC administrator", email: "admin@iopc.example" },
  { role: "a force PSD user (Metropolitan Police Service)", email: "psd@met.example" },
  { role: "a force PSD user (West Midlands Police)", email: "psd@westmidlands.example" },
  { role: "a review body user (MOPAC)", email: "reviews@mopac.example" },
];

/** Scenario case S1 (Metropolitan Police Service). */
export const CASE_S1_ID = "5ce00001-0001-4000-8000-000000000001";

/** The WCAG 2.2 A and AA rule sets of axe-core. */
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** Playwright waits this long for an element or a page before the test fails (not 30 s). */
const ACTION_TIMEOUT_MS = 10_000;

/**
 * A new browser context (the only kind AxeBuilder works with) that gives up on a missing
 * element or page after 10 seconds, so a page that does not exist yet fails fast.
 */
export async function newContext(browser, options = {}) {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
  return context;
}

/**
 * Launches headless Chromium (CHROMIUM_PATH, default /usr/bin/chromium). Playwright gives each
 * launch a fresh temporary profile (it refuses a --user-data-dir argument) and removes it on
 * close. Returns { browser, close }.
 */
export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    timeout: 30_000,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-quic",
      "--no-first-run",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  async function close() {
    await browser.close().catch(() => {});
  }
  return { browser, close };
}

/** Formats axe violations for a failure message: rule id, help, and target selectors. */
export function describeViolations(violations) {
  return violations
    .map((v) => {
      const targets = v.nodes
        .map((n) => `      - ${n.target.join(" ")}${n.failureSummary ? `\n        ${n.failureSummary.replace(/\n/g, "\n        ")}` : ""}`)
        .join("\n");
      return `  [${v.impact ?? "?"}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${targets}`;
    })
    .join("\n");
}

/**
 * Runs axe-core (WCAG 2.2 A and AA) on the page as it is now and fails with the violations'
 * ids, help and target selectors if there are any.
 */
export async function assertAccessible(page, label = page.url()) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  assert.equal(
    results.violations.length,
    0,
    `axe-core found ${results.violations.length} WCAG 2.2 A/AA violation(s) on ${label}:\n${describeViolations(results.violations)}`,
  );
}

/** Goes to a URL and asserts the response status (default 200). Returns the response. */
export async function visit(page, url, expectedStatus = 200) {
  const response = await page.goto(url);
  assert.ok(response, `no response for ${url}`);
  assert.equal(
    response.status(),
    expectedStatus,
    `GET ${new URL(url).pathname}${new URL(url).search} answered ${response.status()}, expected ${expectedStatus}`,
  );
  return response;
}

/**
 * Signs in through the sign-in form (typing the email and password and pressing Enter) and
 * waits for the page that follows.
 */
export async function signIn(page, baseUrl, email, password = DEMO_PASSWORD, { pressEnter = true } = {}) {
  await visit(page, `${baseUrl}/sign-in`);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await Promise.all([
    page.waitForNavigation({ waitUntil: "load" }),
    pressEnter ? page.getByLabel("Password").press("Enter") : page.getByRole("button", { name: "Sign in" }).click(),
  ]);
}

/**
 * A new browser context (pass { javaScriptEnabled: false } for a browser without JavaScript)
 * with a page signed in as the given account. Returns { context, page }.
 */
export async function signedInPage(browser, baseUrl, email, contextOptions = {}) {
  const context = await newContext(browser, contextOptions);
  const page = await context.newPage();
  await signIn(page, baseUrl, email);
  assert.equal(new URL(page.url()).pathname, "/my-work", `after signing in as ${email} the browser is on ${page.url()}, not /my-work`);
  return { context, page };
}

/** The text of each cell of the given column (0-based) of the first table's body rows. */
export async function columnTexts(page, column) {
  return page
    .locator("table tbody tr")
    .evaluateAll((rows, i) => rows.map((row) => row.cells[i]?.innerText.replace(/\s+/g, " ").trim() ?? ""), column);
}

/**
 * Checks a page as a browser without JavaScript renders it. axe-core cannot run in a context
 * with JavaScript turned off, so this opens the same URL in a context that shares the
 * signed-in cookies but refuses every script the site serves (the page then renders exactly as
 * it does without JavaScript: GOV.UK Frontend's no-JavaScript styles), and runs axe there.
 */
export async function assertAccessibleWithoutScripts(browser, noScriptContext, pageUrl, label) {
  const context = await newContext(browser, { storageState: await noScriptContext.storageState() });
  try {
    await context.route(/\.m?js(\?.*)?$/, (route) => route.abort());
    const page = await context.newPage();
    await visit(page, pageUrl);
    const classes = await page.evaluate(() => document.body.className);
    assert.doesNotMatch(classes, /js-enabled/, "the site's scripts did not run");
    await assertAccessible(page, label);
  } finally {
    await context.close();
  }
}
