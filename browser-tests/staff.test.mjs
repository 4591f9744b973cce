// Browser tests of the staff pages, in headless Chromium: signing in as every role, the cases
// list and its filters, a case page, a form submitted with errors and then correctly, the
// keyboard (skip link, reaching a case with Tab and Enter), and the same pages without
// JavaScript. Every page visited is checked with axe-core (WCAG 2.2 A and AA): zero violations.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";
import {
  launchBrowser,
  newContext as newBrowserContext,
  assertAccessible,
  assertAccessibleWithoutScripts,
  visit,
  signIn,
  signedInPage,
  columnTexts,
  ROLES,
  CASE_S1_ID,
} from "./browser.mjs";

const KIND_COLUMN = 1;
const STAGE_COLUMN = 3;

describe("staff pages", { timeout: 100_000 }, () => {
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

  /** A fresh context, closed at the end. */
  async function newContext(options = {}) {
    const context = await newBrowserContext(chromium.browser, options);
    contexts.push(context);
    return context;
  }

  /**
   * A page signed in as the account. Signing in is slow in a debug build (argon2id), so each
   * account signs in once per kind of browser and later tests get a new tab in that context.
   */
  const sessions = new Map();
  async function signedIn(email, options = {}) {
    const key = JSON.stringify([email, options]);
    const session = sessions.get(key);
    if (session && !session.page.isClosed() && !session.used) {
      session.used = true;
      return session.page;
    }
    if (session) return session.context.newPage();
    const { context, page } = await signedInPage(chromium.browser, server.baseUrl, email, options);
    contexts.push(context);
    sessions.set(key, { context, page, used: true });
    return page;
  }

  const url = (path) => server.baseUrl + path;

  describe("signing in", () => {
    for (const [index, { role, email }] of ROLES.entries()) {
      // Half press Enter in the password field, half click the button.
      const how = index % 2 === 0 ? "pressing Enter" : "clicking Sign in";
      it(`${role} signs in through the form (${how}) and lands on My work`, async () => {
        const context = await newContext();
        const page = await context.newPage();
        await visit(page, url("/sign-in"));
        if (index === 0) await assertAccessible(page, "/sign-in"); // the same page for everyone
        await page.getByLabel("Email address").fill(email);
        await page.getByLabel("Password").fill("demo-password-2026");
        const [response] = await Promise.all([
          page.waitForNavigation({ waitUntil: "load" }),
          index % 2 === 0
            ? page.getByLabel("Password").press("Enter")
            : page.getByRole("button", { name: "Sign in" }).click(),
        ]);
        assert.equal(new URL(page.url()).pathname, "/my-work", `landed on ${page.url()}`);
        assert.equal(response?.status(), 200, "My work answers 200");
        assert.match(await page.locator("h1").first().innerText(), /\S/, "My work has a heading");
        await assertAccessible(page, `/my-work as ${email}`);

        // Only administrators see the Users item in the navigation.
        const usersLinks = await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Users" }).count();
        assert.equal(usersLinks, email.startsWith("admin@") ? 1 : 0, "the Users menu item is shown to administrators only");

        await context.close();
      });
    }

    it("a wrong password shows the error summary, linked to the email field", async () => {
      const context = await newContext();
      const page = await context.newPage();
      await visit(page, url("/sign-in"));
      await page.getByLabel("Email address").fill("caseworker@iopc.example");
      await page.getByLabel("Password").fill("not-the-password");
      await Promise.all([page.waitForNavigation(), page.getByLabel("Password").press("Enter")]);
      assert.equal(new URL(page.url()).pathname, "/sign-in", "stays on the sign-in page");
      assert.match(await page.title(), /^Error: /, "the title starts with 'Error: '");
      const summary = page.locator(".govuk-error-summary");
      assert.ok(await summary.isVisible(), "the error summary is shown");
      assert.match(await summary.innerText(), /There is a problem/);
      assert.equal(await summary.locator('a[href="#email"]').count(), 1, "the summary links to the email field");
      assert.equal(await page.getByLabel("Email address").inputValue(), "caseworker@iopc.example", "the email typed is kept");
      await assertAccessible(page, "/sign-in with an error");
      await context.close();
    });
  });

  describe("the cases list", () => {
    it("filters by kind through the filter form, and the URL carries the filter", async () => {
      const page = await signedIn("caseworker@iopc.example");
      await visit(page, url("/cases"));
      await assertAccessible(page, "/cases");
      const allKinds = await columnTexts(page, KIND_COLUMN);
      assert.ok(allKinds.length > 0, "the unfiltered list shows cases");

      const option = page.locator("#kind option[value='dsi_matter']");
      const label = (await option.innerText()).trim();
      assert.ok(
        allKinds.some((k) => k !== label),
        "the unfiltered list has cases of other kinds, so filtering changes it",
      );
      await page.getByLabel("Kind", { exact: true }).selectOption("dsi_matter");
      await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Apply filters" }).click()]);

      const filtered = new URL(page.url());
      assert.equal(filtered.pathname, "/cases");
      assert.equal(filtered.searchParams.get("kind"), "dsi_matter", `the URL ${filtered.search} carries kind=dsi_matter`);
      const kinds = await columnTexts(page, KIND_COLUMN);
      assert.ok(kinds.length > 0, `some cases are of kind "${label}"`);
      assert.ok(kinds.every((k) => k === label), `every case shown is a ${label}: ${kinds.join(", ")}`);
      assert.notDeepEqual(kinds, allKinds, "the results changed");
      assert.equal(await page.locator("#kind").inputValue(), "dsi_matter", "the filter keeps its value");
      await assertAccessible(page, filtered.pathname + filtered.search);
    });

    it("filters by stage, and a shared filtered URL shows the same results", async () => {
      const page = await signedIn("caseworker@iopc.example");
      await visit(page, url("/cases"));
      await page.getByLabel("Stage", { exact: true }).selectOption("under_investigation");
      await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Apply filters" }).click()]);
      assert.equal(new URL(page.url()).searchParams.get("stage"), "under_investigation");
      const stages = await columnTexts(page, STAGE_COLUMN);
      assert.ok(stages.length > 0, "some cases are under investigation");
      assert.ok(stages.every((s) => s === "Under investigation"), `every case shown is under investigation: ${stages.join(", ")}`);
      const references = await columnTexts(page, 0);

      // The same URL opened afresh (a bookmark, a link in an email) gives the same list.
      const shared = page.url();
      await visit(page, url("/cases"));
      await visit(page, shared);
      assert.deepEqual(await columnTexts(page, 0), references);
      await assertAccessible(page, new URL(shared).pathname + new URL(shared).search);
    });

    it("opens a case from the list", async () => {
      const page = await signedIn("caseworker@iopc.example");
      await visit(page, url("/cases"));
      const firstLink = page.locator("table tbody tr").first().getByRole("link").first();
      const reference = (await firstLink.innerText()).trim();
      const [response] = await Promise.all([page.waitForNavigation(), firstLink.click()]);
      assert.equal(response?.status(), 200);
      assert.match(new URL(page.url()).pathname, /^\/cases\/[0-9a-f-]{36}$/, `opened ${page.url()}`);
      const heading = await page.locator("h1").first().innerText();
      assert.ok(heading.includes(reference) || reference.startsWith("View case"), `the case page's heading "${heading}" names ${reference}`);
      await assertAccessible(page, new URL(page.url()).pathname);
    });

    it("scenario case S1 (Metropolitan Police Service) opens for an IOPC caseworker", async () => {
      const page = await signedIn("caseworker@iopc.example");
      await visit(page, url(`/cases/${CASE_S1_ID}`));
      assert.match(await page.locator("h1").first().innerText(), /\S/);
      await assertAccessible(page, `/cases/${CASE_S1_ID}`);
    });
  });

  describe("a form submitted with errors, then correctly", () => {
    it("adding a user: empty form shows linked errors, the completed form adds the user", async () => {
      const page = await signedIn("admin@iopc.example");
      await visit(page, url("/admin/users/new"));
      await assertAccessible(page, "/admin/users/new");

      // Empty: 422 with an error summary whose links lead to the fields.
      const [invalid] = await Promise.all([
        page.waitForNavigation(),
        page.getByRole("button", { name: "Add user" }).click(),
      ]);
      assert.equal(invalid?.status(), 422, "an invalid form answers 422");
      assert.match(await page.title(), /^Error: /, "the title starts with 'Error: '");
      const summary = page.locator(".govuk-error-summary");
      assert.ok(await summary.isVisible(), "the error summary is shown");
      const targets = await summary.locator("a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
      assert.ok(targets.length >= 3, `the summary lists the missing fields (${targets.join(", ")})`);
      for (const href of targets) {
        assert.match(href, /^#[\w-]+$/, `summary link ${href} points at a field`);
        const field = page.locator(href);
        assert.equal(await field.count(), 1, `summary link ${href} points at an element on the page`);
        assert.ok(
          await page.locator(`${href}-error, [aria-describedby~="${href.slice(1)}-error"]`).count(),
          `the field ${href} shows its own error message`,
        );
      }
      await assertAccessible(page, "/admin/users with errors");

      // Following the first link of the summary moves focus to its field.
      await summary.locator("a").first().click();
      const focused = await page.evaluate(() => document.activeElement?.id);
      assert.equal(`#${focused}`, targets[0], "the first summary link moves focus to its field");

      // Completed correctly: 303 to the users list with a success banner.
      const email = `browser-test-${Date.now()}@iopc.example`;
      await page.getByLabel("Full name").fill("Browser Test User");
      await page.getByLabel("Email address").fill(email);
      await page.getByLabel("IOPC caseworker").check();
      await page.getByLabel("Initial password").fill("violet kettle harbour 71");
      const [created] = await Promise.all([
        page.waitForNavigation(),
        page.getByRole("button", { name: "Add user" }).click(),
      ]);
      assert.equal(created?.status(), 200);
      assert.equal(new URL(page.url()).pathname, "/admin/users", `after adding, the browser is on ${page.url()}`);
      const banner = page.locator(".govuk-notification-banner--success");
      assert.ok(await banner.isVisible(), "a success banner is shown");
      assert.ok((await page.locator("main").innerText()).includes(email), "the new user is listed");
      await assertAccessible(page, "/admin/users after adding a user");

      // The new account signs in with its password and is asked to set up its second factor
      // (browser-tests/second_factor.test.mjs follows it through).
      const context = await newContext();
      const fresh = await context.newPage();
      await signIn(fresh, server.baseUrl, email, "violet kettle harbour 71");
      assert.equal(new URL(fresh.url()).pathname, "/sign-in/enrol", "the new user goes on to set up an authenticator app");
    });
  });

  describe("keyboard", () => {
    for (const path of ["/my-work", "/cases", `/cases/${CASE_S1_ID}`]) {
      it(`on ${path.replace(CASE_S1_ID, "S1")} the first Tab reaches the skip link, which moves focus to the main content`, async () => {
        const page = await signedIn("caseworker@iopc.example");
        await visit(page, url(path));
        await page.keyboard.press("Tab");
        const first = await page.evaluate(() => ({
          text: document.activeElement?.textContent?.trim(),
          href: document.activeElement?.getAttribute("href"),
        }));
        assert.deepEqual(first, { text: "Skip to main content", href: "#main-content" }, "the first Tab stop is the skip link");
        assert.ok(await page.locator(".govuk-skip-link").isVisible(), "the skip link is visible when focused");
        await page.keyboard.press("Enter");
        assert.equal(await page.evaluate(() => document.activeElement?.id), "main-content", "focus is on <main>");
        assert.equal(new URL(page.url()).hash, "#main-content");
      });
    }

    it("a case can be reached from the cases list with Tab and Enter alone", async () => {
      const page = await signedIn("caseworker@iopc.example");
      await visit(page, url("/cases"));
      let onCaseLink = false;
      for (let i = 0; i < 120 && !onCaseLink; i++) {
        await page.keyboard.press("Tab");
        onCaseLink = await page.evaluate(() => Boolean(document.activeElement?.closest("table tbody a")));
      }
      assert.ok(onCaseLink, "Tab reaches the first case link");
      await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
      assert.match(new URL(page.url()).pathname, /^\/cases\/[0-9a-f-]{36}$/, `Enter opened ${page.url()}`);
    });
  });

  describe("without JavaScript", () => {
    const noScript = { javaScriptEnabled: false };
    // axe-core needs JavaScript: the same page is checked in a context that refuses the site's
    // scripts instead, which renders it as a browser without JavaScript does.
    const checkWithoutScripts = (page, pageUrl, label) =>
      assertAccessibleWithoutScripts(chromium.browser, page.context(), pageUrl, label);

    it("signs in, lists and filters cases, and opens case S1", async () => {
      const page = await signedIn("psd@met.example", noScript);
      assert.match(await page.locator("h1").first().innerText(), /\S/, "My work shows");

      await visit(page, url("/cases"));
      assert.ok((await columnTexts(page, 0)).length > 0, "the cases list shows cases");
      const forces = await columnTexts(page, 2);
      assert.ok(forces.every((f) => f === "Metropolitan Police Service"), `a Met PSD user sees only Met cases: ${[...new Set(forces)].join(", ")}`);
      await page.getByLabel("Kind", { exact: true }).selectOption("complaint");
      await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Apply filters" }).click()]);
      assert.equal(new URL(page.url()).searchParams.get("kind"), "complaint", "the filter form works without JavaScript");
      assert.ok((await columnTexts(page, KIND_COLUMN)).every((k) => k === "Complaint"));
      await checkWithoutScripts(page, page.url(), "/cases?kind=complaint without JavaScript");

      await visit(page, url(`/cases/${CASE_S1_ID}`));
      assert.match(await page.locator("h1").first().innerText(), /\S/, "the case page shows");
      await checkWithoutScripts(page, page.url(), "case S1 without JavaScript");
    });

    it("the add-user form shows its errors and the skip link still works", async () => {
      const page = await signedIn("admin@iopc.example", noScript);
      await visit(page, url("/admin/users/new"));
      const [invalid] = await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Add user" }).click()]);
      assert.equal(invalid?.status(), 422);
      assert.ok(await page.locator(".govuk-error-summary").isVisible(), "the error summary is shown");

      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("href")), "#main-content");
      await page.keyboard.press("Enter");
      assert.equal(new URL(page.url()).hash, "#main-content", "the skip link goes to the main content");
    });

    it("signs out with the Sign out button", async () => {
      const page = await signedIn("reviews@mopac.example", noScript);
      await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Sign out" }).click()]);
      assert.equal(new URL(page.url()).pathname, "/sign-in");
      assert.ok(await page.locator(".govuk-notification-banner--success").isVisible(), "'You have signed out' is shown");
      await checkWithoutScripts(page, page.url(), "/sign-in after signing out, without JavaScript");
      const response = await page.goto(url("/my-work"));
      assert.equal(new URL(page.url()).pathname, "/sign-in", `after signing out, /my-work leads to the sign-in page (${response?.status()})`);
    });
  });
});
