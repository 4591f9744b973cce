// Browser test of the second factor: an administrator adds an account; its holder signs in
// with the password, sets up an authenticator app from the key on the page (the test plays
// the app: RFC 6238, HMAC-SHA-1, 6 digits, 30-second steps), keeps the recovery codes, signs
// out, and signs in again with a fresh code. Every page is checked with axe-core.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { startServer } from "./server.mjs";
import { launchBrowser, newContext, assertAccessible, visit, signedInPage, signIn } from "./browser.mjs";

/** Decodes RFC 4648 base 32. */
function base32(text) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of text.replace(/[\s=]/g, "").toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

/** The code an authenticator app shows for the secret at a moment (RFC 6238). */
function totp(secret, at = Date.now()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac("sha1", secret).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, "0");
}

describe("the second factor", { timeout: 150_000 }, () => {
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
  const email = "robin.enrols@staff.example.org";
  const password = "three random words 2026";

  it("a new account sets up its app, signs out, and signs in again with a code", async () => {
    // The administrator adds the account.
    const admin = await signedInPage(chromium.browser, server.baseUrl, "admin@iopc.example");
    contexts.push(admin.context);
    await visit(admin.page, url("/admin/users/new"));
    await admin.page.getByLabel("Full name").fill("Robin Enrols");
    await admin.page.getByLabel("Email address").fill(email);
    await admin.page.getByLabel("IOPC caseworker").check();
    await admin.page.getByLabel("Initial password").fill(password);
    await Promise.all([admin.page.waitForNavigation(), admin.page.getByRole("button", { name: "Add user" }).click()]);

    // Its holder signs in with the password and is asked to set up an app.
    const context = await newContext(chromium.browser);
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, server.baseUrl, email, password);
    assert.equal(new URL(page.url()).pathname, "/sign-in/enrol");
    await assertAccessible(page, "setting up an authenticator app");
    const key = (await page.locator("#totp-key").innerText()).trim();
    const secret = base32(key);

    // A wrong code first, then the app's.
    await page.getByLabel("Code").fill("000000");
    const [wrong] = await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Continue" }).click()]);
    assert.equal(wrong?.status(), 422);
    await assertAccessible(page, "the enrolment page with a wrong code");
    await page.getByLabel("Code").fill(totp(secret));
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Continue" }).click()]);
    const codes = await page.locator("#recovery-codes li").allInnerTexts();
    assert.equal(codes.length, 10, "ten recovery codes");
    await assertAccessible(page, "the recovery codes");
    await Promise.all([page.waitForNavigation(), page.getByRole("link", { name: /continue/ }).click()]);
    assert.equal(new URL(page.url()).pathname, "/my-work");

    // Sign out, and back in with a fresh code (the enrolment's step is used up).
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Sign out" }).click()]);
    const used = totp(secret);
    while (totp(secret) === used) await new Promise((r) => setTimeout(r, 500));
    await signIn(page, server.baseUrl, email, password);
    assert.equal(new URL(page.url()).pathname, "/sign-in/code");
    await assertAccessible(page, "the code page");
    await page.getByLabel("Code").fill(totp(secret));
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Sign in" }).click()]);
    assert.equal(new URL(page.url()).pathname, "/my-work", "signed in with the second factor");
  });
});
