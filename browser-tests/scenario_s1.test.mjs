// Scenario S1 of the acceptance scenarios, end to end in headless Chromium, entered from
// nothing through the pages by the people who do each step, in the order the case took:
//
//  1. The Metropolitan Police Service's PSD logs a recordable conduct matter (two allegations,
//     Officers A and B), records it and refers it on the discrimination ground.
//  2. An IOPC caseworker finds it in the assessment queue and decides on an independent
//     investigation, with a rationale.
//  3. An IOPC investigator logs the evidence, takes each officer through severity, notice,
//     interview under caution and opinion, and submits the report.
//  4. The caseworker determines: Officer A case to answer for gross misconduct, Officer B for
//     misconduct; and completes the determinations.
//  5. The force records its view on each (agreed for A, disagreed for B), brings a misconduct
//     hearing for A, records that A has left, and records the outcome: gross misconduct
//     proven, would have been dismissed, barred list. In an investigation the IOPC controls,
//     the reflective practice review process for B is the IOPC's decision, so the force is not
//     offered it and the caseworker directs it.
//  6. The caseworker makes two learning recommendations to the force; each response is due 56
//     days after today.
//  7. The case page shows the stage, both officers' outcomes, the timeline in plain English
//     and the recommendations.
//
// Users change by the "Sign out" button. Each distinct page (and each state of a page whose
// forms change) is checked once with axe-core (WCAG 2.2 A and AA): zero violations. A step the
// workflow refuses fails the test with the message the page shows.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";
import { launchBrowser, newContext, assertAccessible, DEMO_PASSWORD } from "./browser.mjs";

const PSD = "psd@met.example";
const CASEWORKER = "caseworker@iopc.example";
const INVESTIGATOR = "investigator@iopc.example";

const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

/** Today's date in London (the server's "today"), as { day, month, year } numbers. */
function londonToday() {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London",
    year: "numeric",
    month: "numeric",
    day: "numeric",
  }).formatToParts(new Date());
  const get = (type) => Number(parts.find((p) => p.type === type).value);
  return { day: get("day"), month: get("month"), year: get("year") };
}

/** A { day, month, year } date moved by a number of calendar days. */
function addDays({ day, month, year }, days) {
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return { day: d.getUTCDate(), month: d.getUTCMonth() + 1, year: d.getUTCFullYear() };
}

/** "4 March 2026", as the pages write dates. */
function inWords({ day, month, year }) {
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

describe("scenario S1: a conduct matter from logging to the barred list and recommendations", { timeout: 240_000 }, () => {
  let server;
  let chromium;
  let context;
  let page;
  const url = (path) => server.baseUrl + path;
  const today = londonToday();
  const incident = addDays(today, -30);
  const checked = new Set();

  // What the steps find out and later steps use.
  let casePath;
  let reference;
  let officerAPath;
  let officerBPath;

  before(async () => {
    [server, chromium] = await Promise.all([startServer(), launchBrowser()]);
    context = await newContext(chromium.browser);
    page = await context.newPage();
  });

  after(async () => {
    await context?.close().catch(() => {});
    await chromium?.close();
    await server?.stop();
  });

  /** Runs axe-core on the page once per distinct page or state, named by `label`. */
  async function accessible(label) {
    if (checked.has(label)) return;
    checked.add(label);
    await assertAccessible(page, label);
  }

  /** The problems a page shows: the error summary and the error beside the step forms. */
  async function problemsShown() {
    const texts = await page
      .locator(".govuk-error-summary, #actions .govuk-error-message")
      .evaluateAll((els) => els.map((e) => e.innerText.replace(/\s+/g, " ").trim()));
    return texts.join(" | ");
  }

  /**
   * Clicks something that sends a form or follows a link, waits for the page that follows,
   * and fails with the page's own words if it is not a 200 without errors.
   */
  async function go(locator, what) {
    const [response] = await Promise.all([page.waitForNavigation({ waitUntil: "load" }), locator.click()]);
    const status = response?.status();
    const problems = await problemsShown();
    assert.ok(
      status === 200 && problems === "",
      `${what}: the page answered ${status} at ${page.url()}${problems ? `, saying: ${problems}` : ""}`,
    );
    return response;
  }

  /** The confirmation banner's text. */
  async function banner() {
    return page.locator(".govuk-notification-banner--success").innerText();
  }

  /** Types a date into a GOV.UK date input found by its question, within `scope`. */
  async function fillDate(scope, question, { day, month, year }) {
    const group = scope.getByRole("group", { name: question });
    await group.getByLabel("Day").fill(String(day));
    await group.getByLabel("Month").fill(String(month));
    await group.getByLabel("Year").fill(String(year));
  }

  /** Signs out whoever is signed in (by the button) and signs in as `email`. */
  async function signInAs(email) {
    const signOut = page.getByRole("button", { name: "Sign out" });
    if ((await signOut.count()) === 1) {
      await go(signOut, "signing out");
      assert.equal(new URL(page.url()).pathname, "/sign-in");
    } else {
      const response = await page.goto(url("/sign-in"));
      assert.equal(response?.status(), 200);
    }
    await accessible("the sign-in page");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await go(page.getByRole("button", { name: "Sign in" }), `signing in as ${email}`);
    assert.equal(new URL(page.url()).pathname, "/my-work", `${email} lands on My work`);
    await accessible(`My work for ${email}`);
  }

  /** Finds the case through the cases list's search by its IOPC reference, and opens it. */
  async function openCaseFromList(who) {
    await go(page.getByRole("link", { name: "Cases", exact: true }), "opening the cases list");
    await page.getByLabel("Search cases").fill(reference);
    await go(page.getByRole("button", { name: "Apply filters" }), "searching the cases");
    await accessible(`the cases list searched by ${who}`);
    await go(page.locator("table tbody").getByRole("link", { name: reference, exact: true }), "opening the case");
    assert.equal(new URL(page.url()).pathname, casePath);
  }

  /** Sends the form of a case step from the case page and checks its banner. */
  async function caseStep(code, what) {
    const form = page.locator(`#action-${code}`);
    assert.equal(await form.count(), 1, `the case page offers "${what}" to this user`);
    await go(form.getByRole("button"), what);
    assert.equal(new URL(page.url()).pathname, casePath, `after "${what}" the browser is back on the case page`);
    assert.equal(await page.locator(".govuk-notification-banner--success").count(), 1, `a confirmation after "${what}"`);
  }

  /** Opens a subject's page from the case page's table of subjects. */
  async function openSubject(name) {
    await go(page.locator("#subjects + table").getByRole("link", { name, exact: true }), `opening ${name}'s page`);
    assert.match(new URL(page.url()).pathname, /^\/cases\/[0-9a-f-]{36}\/subjects\/[0-9a-f-]{36}$/);
    return new URL(page.url()).pathname;
  }

  /** The form of a subject step, asserted to be offered. */
  async function subjectForm(code, what) {
    const form = page.locator(`#action-${code}`);
    assert.equal(await form.count(), 1, `the subject page offers "${what}" to this user`);
    return form;
  }

  /** Sends the form of a subject step and checks the banner's heading. */
  async function subjectStep(form, what, bannerHeading) {
    const before = new URL(page.url()).pathname;
    await go(form.getByRole("button"), what);
    assert.equal(new URL(page.url()).pathname, before, `after "${what}" the browser is back on the subject page`);
    assert.match(await banner(), new RegExp(bannerHeading));
  }

  /** Back to the case page by the subject page's back link. */
  async function backToCase() {
    await go(page.getByRole("link", { name: /^Back to case / }), "going back to the case");
    assert.equal(new URL(page.url()).pathname, casePath);
  }

  it("1. the force logs the conduct matter, records it and refers it on the discrimination ground", async () => {
    await signInAs(PSD);
    await go(page.getByRole("link", { name: "Cases", exact: true }), "opening the cases list");
    await accessible("the cases list (force)");
    await go(page.getByRole("button", { name: "Log a case" }), "starting to log a case");
    assert.equal(new URL(page.url()).pathname, "/cases/new");
    await accessible("what are you logging?");
    await page.getByLabel("Recordable conduct matter").check();
    await go(page.getByRole("button", { name: "Continue" }), "choosing a conduct matter");
    assert.equal(await page.locator("h1").innerText(), "Log a recordable conduct matter");
    await accessible("the conduct matter form");

    await page
      .getByLabel("What happened")
      .fill(
        "Two officers attending a call about a man said to have a firearm passed incorrect information to the control room and made offensive comments about the callers.",
      );
    await fillDate(page, "Date of the incident", incident);
    await page.getByLabel("Where it happened").fill("A residential street in south London");
    await page
      .getByLabel("How the matter came to light")
      .fill("Another team reviewing body-worn video for a linked shooting saw the officers' conduct.");
    const first = page.locator("#allegation-1");
    await first.getByLabel("Category", { exact: true }).selectOption({ label: "Discriminatory behaviour" });
    await first.getByLabel("What is alleged").fill("Discriminatory comments about the callers");
    await go(page.getByRole("button", { name: "Add another allegation" }), "adding a second allegation");
    assert.equal(
      await page.locator("#allegation-1").getByLabel("What is alleged").inputValue(),
      "Discriminatory comments about the callers",
      "what was typed is kept",
    );
    await accessible("the conduct matter form with two allegations");
    const second = page.locator("#allegation-2");
    await second.getByLabel("Category", { exact: true }).selectOption({ label: "Delivery of duties and service" });
    await second.getByLabel("What is alleged").fill("Inaccurate information passed to the control room");

    const officerA = page.locator("#subject-1");
    await officerA.getByLabel("What kind of person?").selectOption({ label: "Police officer" });
    await officerA.getByLabel("Name or description (optional)").fill("Officer A");
    await officerA.getByLabel("Allegation 1").check();
    await officerA.getByLabel("Allegation 2").check();
    await go(page.getByRole("button", { name: "Add another subject" }), "adding a second subject");
    await accessible("the conduct matter form with two subjects");
    const officerB = page.locator("#subject-2");
    await officerB.getByLabel("What kind of person?").selectOption({ label: "Police officer" });
    await officerB.getByLabel("Name or description (optional)").fill("Officer B");
    await officerB.getByLabel("Allegation 1").check();
    await officerB.getByLabel("Allegation 2").check();
    await go(page.getByRole("button", { name: "Log the conduct matter" }), "logging the conduct matter");
    assert.match(new URL(page.url()).pathname, /^\/cases\/[0-9a-f-]{36}$/);
    casePath = new URL(page.url()).pathname;
    assert.match(await banner(), /Conduct matter logged/);
    await accessible("the case page, logged");

    // Recording asks the mandatory-referral grounds (CMR 2020 reg 7).
    await page.locator("#action-record").getByLabel("Aggravated by discriminatory behaviour").check();
    await caseStep("record", "Record");
    await accessible("the case page, recorded");
    const refer = page.locator("#action-refer");
    // The referral starts with the grounds found at recording ticked.
    assert.ok(await refer.getByLabel("Aggravated by discriminatory behaviour").isChecked());
    await caseStep("refer", "Refer to the IOPC");
    assert.match(await page.locator("h1").innerText(), /Referred to the IOPC/);
    await accessible("the case page, referred (force)");
    // The referral gave the case its IOPC reference (year/serial), which the IOPC searches by.
    const heading = await page.locator("h1").innerText();
    const match = heading.match(/Case (\d{4}\/\d+)/);
    assert.ok(match, `the case has an IOPC reference after the referral: ${heading}`);
    reference = match[1];
  });

  it("2. an IOPC caseworker finds it in the assessment queue and decides on an independent investigation", async () => {
    assert.ok(reference, "the case was referred");
    await signInAs(CASEWORKER);
    await go(page.getByRole("link", { name: "Assessment", exact: true }), "opening the assessment queue");
    await accessible("the assessment queue");
    const row = page.locator("table tbody tr").filter({ has: page.getByRole("link", { name: reference, exact: true }) });
    assert.equal(await row.count(), 1, `the referral ${reference} waits in the assessment queue`);
    assert.match(await row.innerText(), /Aggravated by discriminatory behaviour/);
    await go(row.getByRole("link", { name: reference, exact: true }), "opening the referral");
    assert.equal(new URL(page.url()).pathname, casePath);
    await accessible("the case page, referred (IOPC)");

    const decide = page.locator("#action-decide_investigation");
    await decide.getByLabel("Independent", { exact: true }).check();
    await decide
      .getByLabel("Rationale")
      .fill(
        "Discriminatory comments by officers responding to a firearms call are a matter of serious public concern; whether race or mental ill health influenced them needs an investigation independent of the force.",
      );
    await caseStep("decide_investigation", "Decide to investigate and the mode");
    assert.match(await page.locator("h1").innerText(), /Under investigation/);
    await accessible("the case page, under investigation (IOPC caseworker)");
  });

  it("3. the IOPC investigator logs the evidence, takes each officer to an opinion and submits the report", async () => {
    assert.ok(reference, "the case is under investigation");
    await signInAs(INVESTIGATOR);
    await openCaseFromList("the investigator");
    await accessible("the case page, under investigation (investigator)");

    for (const [item, source] of [
      ["Body-worn video of both officers at the address", "Metropolitan Police Service"],
      ["Recordings of the 999 calls", "Metropolitan Police Service control room"],
    ]) {
      await go(page.getByRole("link", { name: "Add an item to the evidence log" }), "opening the evidence form");
      await accessible("the evidence form");
      await page.getByLabel("What is the item?").fill(item);
      await page.getByLabel("Where or whom did it come from? (optional)").fill(source);
      await go(page.getByRole("button", { name: "Add the item" }), `logging "${item}"`);
      assert.equal(new URL(page.url()).pathname, casePath);
      assert.match(await page.locator("#evidence ~ table").first().innerText(), new RegExp(item));
    }

    for (const officer of [
      { name: "Officer A", severity: "Gross misconduct", opinion: "Case to answer for gross misconduct" },
      { name: "Officer B", severity: "Misconduct", opinion: "Case to answer for misconduct" },
    ]) {
      const path = await openSubject(officer.name);
      if (officer.name === "Officer A") officerAPath = path;
      else officerBPath = path;
      assert.match(await page.locator("h1").innerText(), /Identified/);
      await accessible("a subject page, identified (investigator)");

      const severity = await subjectForm("assess_severity", "Assess severity");
      await severity.getByLabel(officer.severity, { exact: true }).check();
      // PCR 2020 Sch 2: the standards each allegation concerns.
      const standards = severity.getByRole("group", { name: /which Standards of Professional Behaviour does it concern\?/ });
      assert.equal(await standards.count(), 2, "the standards are asked for each allegation");
      for (let i = 0; i < 2; i++) {
        await standards.nth(i).getByLabel("Authority, respect and courtesy").check();
      }
      await subjectStep(severity, `${officer.name}: assess severity`, "Severity assessed");
      await accessible("a subject page, severity assessed");

      const notice = await subjectForm("serve_notice", "Serve notice of investigation");
      await fillDate(notice, "When was the written notice of investigation served?", today);
      await subjectStep(notice, `${officer.name}: serve notice`, "Notice of investigation recorded");
      await accessible("a subject page, notice served");

      const interview = await subjectForm("interview", "Record interview");
      await fillDate(interview, "When was the interview?", today);
      await interview.getByRole("group", { name: "What kind of interview was it?" }).getByLabel("Under criminal caution", { exact: true }).check();
      await subjectStep(interview, `${officer.name}: interview under caution`, "Interview recorded");
      await accessible("a subject page, interviewed");

      const opinion = await subjectForm("give_opinion", "Give the investigator's opinion");
      await opinion.getByLabel(officer.opinion, { exact: true }).check();
      await subjectStep(opinion, `${officer.name}: opinion`, "Opinion recorded");
      assert.match(await page.locator("main").innerText(), /Interviewed under criminal caution on/);
      await accessible("a subject page, opinion given");
      await backToCase();
    }

    await caseStep("submit_report", "Submit the investigation report");
    assert.match(await page.locator("h1").innerText(), /Investigation report received/);
    await accessible("the case page, report received (investigator)");
  });

  it("4. the caseworker determines: A case to answer for gross misconduct, B for misconduct", async () => {
    assert.ok(officerAPath && officerBPath, "the report was submitted");
    await signInAs(CASEWORKER);
    await openCaseFromList("the caseworker");
    await accessible("the case page, report received (IOPC caseworker)");

    for (const [name, determination, opinion] of [
      ["Officer A", "Case to answer for gross misconduct", "case to answer for gross misconduct"],
      ["Officer B", "Case to answer for misconduct", "case to answer for misconduct"],
    ]) {
      await openSubject(name);
      const form = await subjectForm("determine", "Make the determination");
      assert.match(await form.innerText(), new RegExp(`The investigator's opinion: ${opinion}\\.`));
      await accessible("a subject page, awaiting the determination");
      await form.getByLabel(determination, { exact: true }).check();
      await subjectStep(form, `${name}: determination`, "Determination made");
      await accessible("a subject page, case to answer (IOPC caseworker)");
      await backToCase();
    }

    await caseStep("complete_determinations", "Complete the determinations");
    assert.match(await page.locator("h1").innerText(), /Determinations made/);
    await accessible("the case page, determinations made (IOPC caseworker)");
  });

  it("5. the force gives its views, brings a hearing for A, records that A left and the outcome", async () => {
    assert.ok(officerAPath && officerBPath, "the determinations were made");
    await signInAs(PSD);
    await openCaseFromList("the force");
    await accessible("the case page, determinations made (force)");

    // Officer A: the force agrees; it brings a gross misconduct hearing.
    await openSubject("Officer A");
    assert.equal(new URL(page.url()).pathname, officerAPath);
    await accessible("a subject page, case to answer (force)");
    const viewA = await subjectForm("record_authority_view", "Record the force's view");
    assert.match(await viewA.innerText(), /The IOPC's determination: case to answer for gross misconduct\./);
    // S1: the force agreed on failing to investigate and disagreed on the offensive comments.
    await viewA.getByRole("group", { name: /^Does the force agree/ }).getByLabel("Agreed", { exact: true }).check();
    await viewA.getByRole("group", { name: /^Allegation 1 / }).getByLabel("Disagreed", { exact: true }).check();
    await viewA.getByRole("group", { name: /^Allegation 2 / }).getByLabel("Agreed", { exact: true }).check();
    await subjectStep(viewA, "Officer A: the force's view", "The force's view recorded");
    await accessible("a subject page, the force's view recorded");

    const bring = await subjectForm("bring_proceedings", "Bring misconduct proceedings");
    const forms = await bring.getByRole("group", { name: "What form of proceedings?" }).getByRole("radio").evaluateAll(
      (radios) => radios.map((r) => r.labels[0]?.innerText.trim()),
    );
    assert.deepEqual(forms, ["Misconduct hearing", "Accelerated misconduct hearing"], "only the hearings fit gross misconduct");
    await bring.getByLabel("Misconduct hearing", { exact: true }).check();
    await fillDate(bring, "When was the officer given written notice of the proceedings? (optional)", today);
    await bring.getByRole("group", { name: "Who will conduct it?" }).getByLabel("A panel chaired by a legally qualified chair").check();
    await bring.getByLabel("Who are the panel members or the person conducting it? (optional)").fill("Legally qualified chair and two panel members");
    await subjectStep(bring, "Officer A: bring the hearing", "Proceedings arranged");
    await accessible("a subject page, proceedings arranged");

    // Officer A has left the force: record it, so that the hearing can find they would have
    // been dismissed.
    const left = await subjectForm("record_left_force", "Record that they have left the force");
    await subjectStep(left, "Officer A: left the force", "Recorded as having left the force");
    await accessible("a subject page, proceedings arranged, left the force");

    const outcome = await subjectForm("record_proceedings_outcome", "Record the outcome of proceedings");
    const perAllegation = outcome.getByRole("group", { name: /^Allegation \d.*what was found\?$/ });
    assert.equal(await perAllegation.count(), 2, "a finding on each allegation");
    for (let i = 0; i < 2; i++) {
      await perAllegation.nth(i).getByLabel("Gross misconduct proven").check();
    }
    // PCR 2020 Sch 2: the finding on each standard each allegation concerns.
    const perStandard = outcome.getByRole("group", { name: /^Allegation \d.*: Authority, respect and courtesy$/ });
    assert.equal(await perStandard.count(), 2, "a finding on each standard");
    for (let i = 0; i < 2; i++) {
      await perStandard.nth(i).getByLabel("Breach proven").check();
    }
    await outcome.getByRole("group", { name: "Overall finding" }).getByLabel("Gross misconduct proven").check();
    const follow = outcome.getByRole("group", { name: "Outcome if the finding is: gross misconduct proven" });
    assert.equal(await follow.getByLabel("Dismissal without notice").count(), 0, "no dismissal for someone who has left");
    await follow.getByLabel("Would have been dismissed").check();
    await outcome.getByLabel("Place on the barred list").check();
    await fillDate(outcome, "When was the meeting or hearing held?", today);
    await fillDate(outcome, "When was the outcome decided?", today);
    await subjectStep(outcome, "Officer A: the hearing's outcome", "Outcome of proceedings recorded");
    assert.match(await page.locator("h1").innerText(), /Concluded/);
    const mainA = await page.locator("main").innerText();
    assert.match(mainA, /Would have been dismissed/);
    await accessible("a subject page, concluded");
    await backToCase();

    // Officer B: the force disagrees. After an investigation the IOPC controls, the IOPC
    // decides on the reflective practice review process (Sch 3 paras 23, 27), so the force is
    // not offered it.
    await openSubject("Officer B");
    assert.equal(new URL(page.url()).pathname, officerBPath);
    const viewB = await subjectForm("record_authority_view", "Record the force's view");
    assert.match(await viewB.innerText(), /The IOPC's determination: case to answer for misconduct\./);
    await viewB.getByRole("group", { name: /^Does the force agree/ }).getByLabel("Disagreed", { exact: true }).check();
    await subjectStep(viewB, "Officer B: the force's view", "The force's view recorded");
    assert.equal(
      await page.locator("#action-direct_reflective_practice").count(),
      0,
      "the force does not direct reflective practice after an independent investigation",
    );
    await accessible("a subject page, misconduct, the force's view recorded");
  });

  it("6. the caseworker sends Officer B to reflective practice and makes two recommendations", async () => {
    assert.ok(officerBPath, "the force gave its view");
    await signInAs(CASEWORKER);
    await openCaseFromList("the caseworker");
    await openSubject("Officer B");
    assert.match(await page.locator("main").innerText(), /Disagreed/);
    const reflective = await subjectForm("direct_reflective_practice", "Deal with through reflective practice");
    await subjectStep(reflective, "Officer B: reflective practice", "Reflective practice review process directed");
    assert.match(await page.locator("h1").innerText(), /Reflective practice/);
    await accessible("a subject page, reflective practice");
    await backToCase();

    const due = inWords(addDays(today, 56));
    for (const [title, text] of [
      [
        "Firearms-response assessment procedures",
        "The Metropolitan Police Service should review how calls that may need a firearms response are assessed, so that the information passed to the control room is checked and recorded.",
      ],
      [
        "Oversight of incidents assessed by a firearms commander",
        "The Metropolitan Police Service should make sure that incidents assessed by a firearms commander but not declared firearms incidents are overseen until they are closed.",
      ],
    ]) {
      await go(page.getByRole("link", { name: "Make a recommendation" }), "opening the recommendation form");
      assert.equal(new URL(page.url()).pathname, `${casePath}/recommendations/new`);
      await accessible("the make-a-recommendation form");
      await page.getByLabel("A police force").check();
      await page.getByLabel("Force", { exact: true }).selectOption({ label: "Metropolitan Police Service" });
      await page.getByLabel("Title").fill(title);
      await page.getByLabel("Recommendation", { exact: true }).fill(text);
      await go(page.getByRole("button", { name: "Make the recommendation" }), `making "${title}"`);
      assert.equal(new URL(page.url()).pathname, casePath);
      assert.match(await banner(), /Recommendation made/);

      const heading = page.locator("#recommendations ~ h3").filter({ hasText: title });
      assert.equal(await heading.count(), 1, `"${title}" is listed on the case page`);
      const rows = heading.locator("xpath=following-sibling::dl[1]");
      const shown = await rows.innerText();
      assert.match(shown, /Made to\s+Metropolitan Police Service/);
      assert.match(shown, new RegExp(`Made on\\s+${inWords(today)}`));
      assert.match(shown, new RegExp(`Response due\\s+${due}`), `the response is due 56 days after today, ${due}`);
    }
    await accessible("the case page with recommendations (IOPC caseworker)");
  });

  it("7. the case page shows the stage, both officers' outcomes, the timeline and the recommendations", async () => {
    assert.ok(officerAPath && officerBPath, "the scenario ran");
    // The case page as drawn afresh, without the last step's banner.
    const response = await page.goto(url(casePath));
    assert.equal(response?.status(), 200);
    const heading = await page.locator("h1").innerText();
    assert.match(heading, new RegExp(`Case ${reference.replace("/", "\\/")}`));
    assert.match(heading, /Determinations made/);

    const subjects = await page
      .locator("#subjects + table tbody tr")
      .evaluateAll((rows) => rows.map((r) => Array.from(r.cells, (c) => c.innerText.replace(/\s+/g, " ").trim())));
    const byName = Object.fromEntries(subjects.map((cells) => [cells[0].split(" Police officer")[0], cells]));
    assert.deepEqual(Object.keys(byName).sort(), ["Officer A", "Officer B"]);
    const [, stageA, severityA, determinationA, proceedingsA, barredA] = byName["Officer A"];
    assert.equal(stageA, "Concluded");
    assert.match(severityA, /Gross misconduct/);
    assert.match(determinationA, /Case to answer for gross misconduct/);
    assert.match(proceedingsA, /Misconduct hearing/);
    assert.match(proceedingsA, /Would have been dismissed/);
    assert.equal(barredA, "Yes");
    const [, stageB, severityB, determinationB, , barredB] = byName["Officer B"];
    assert.equal(stageB, "Reflective practice review");
    assert.match(severityB, /Misconduct/);
    assert.match(determinationB, /Case to answer for misconduct/);
    assert.equal(barredB, "No");

    const investigation = await page.locator("#investigation + dl").innerText();
    assert.match(investigation, new RegExp(`Referral\\s+Mandatory referral on ${inWords(today)}\\. Grounds: aggravated by discriminatory behaviour\\. Must be investigated \\(independent investigation\\)`));
    assert.match(investigation, /Investigation\s+Independent investigation, started/);

    const timeline = await page.locator("#timeline ~ ol").innerText();
    for (const expected of [
      "Logged a recordable conduct matter",
      "Record — stage changed from Logged to Recorded",
      "Refer to the IOPC — stage changed from Recorded to Referred to the IOPC",
      "Decide to investigate and the mode: independent investigation — stage changed from Referred to the IOPC to Under investigation",
      "Evidence logged",
      "Written notice of the investigation served on",
      "Officer A: Assess severity — stage changed from Identified to Severity assessed",
      "The conduct would amount to gross misconduct if proved.",
      "Interviewed under criminal caution on",
      "Submit the investigation report — stage changed from Under investigation to Investigation report received",
      "IOPC determination: case to answer for gross misconduct.",
      "IOPC determination: case to answer for misconduct.",
      "Complete the determinations — stage changed from Investigation report received to Determinations made",
      "The force agreed with the IOPC's determination on 1 of 2 allegations and disagreed on the others.",
      "The force disagreed with the IOPC's determination.",
      "Officer A: Bring misconduct proceedings — stage changed from Case to answer to Proceedings arranged",
      "Officer A: Recorded as having left the force",
      "Officer A: Record the outcome of proceedings — stage changed from Proceedings arranged to Concluded",
      "gross misconduct proven; outcome: would have been dismissed. Standards breached: authority, respect and courtesy. Placed on the barred list.",
      "Officer B: Deal with through reflective practice — stage changed from Case to answer to Reflective practice review",
      `“Firearms-response assessment procedures” made to Metropolitan Police Service; the response is due on ${inWords(addDays(today, 56))}.`,
    ]) {
      assert.ok(timeline.includes(expected), `the timeline says "${expected}":\n${timeline}`);
    }
    assert.doesNotMatch(timeline, /\b[a-z]+_[a-z_]+\b/, "the timeline has no internal codes");

    const recommendations = await page.locator("#recommendations ~ h3").allInnerTexts();
    assert.deepEqual(recommendations.sort(), [
      "Firearms-response assessment procedures",
      "Oversight of incidents assessed by a firearms commander",
    ]);
  });
});
