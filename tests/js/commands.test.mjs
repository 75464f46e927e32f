// The on-send check (addin/outlook/static/commands.js) in node: Office.js is office-addin-mock, the Sendwell
// backend a local HTTP server whose answers each test chooses. Run: node --test tests/js/
import assert from "node:assert/strict";
import { once } from "node:events";
import http from "node:http";
import { createRequire } from "node:module";
import { after, before, beforeEach, describe, test } from "node:test";

import { OfficeMockObject } from "office-addin-mock";

const require = createRequire(import.meta.url);
const COMMANDS = require.resolve("../../addin/outlook/static/commands.js");
const commands = require(COMMANDS);

const BODY = "<html><body><p>Hi Anna,</p><p>I can give you 20% off the first year.</p><p>Best, Tom</p></body></html>";

function finding(category, kind, text, severity = "warning") {
  return { category, kind, severity, start: 0, end: text.length, text, message: `About ${kind}` };
}

function review(overrides = {}) {
  return {
    text: "Hi Anna, ...",
    reviewed: [0, 10],
    scores: { politeness: 72, personalization: 60 },
    findings: [],
    commitments: [{ text: "I'll send the contract by Friday.", start: 0, end: 10, due: "2026-11-27", due_phrase: "by Friday" }],
    asks: [{ text: "Could we talk on Tuesday?", start: 0, end: 5 }],
    stats: { words: 42, sentences: 4, questions: 1, reading_grade: 6.2 },
    review_id: "rev-123",
    ...overrides,
  };
}

// --- a local stand-in for the Sendwell API ------------------------------------------------------------------
const backend = {
  server: null,
  base: "",
  reviewAnswer: () => ({ status: 200, body: review() }),
  delayMs: 0,
  reviews: [],
  activities: [],
  async start() {
    this.server = http.createServer((req, res) => {
      let raw = "";
      req.on("data", (chunk) => (raw += chunk));
      req.on("end", () => {
        const body = raw ? JSON.parse(raw) : null;
        const answer = (status, data) => {
          res.writeHead(status, { "Content-Type": "application/json" });
          res.end(JSON.stringify(data));
        };
        if (req.url === "/api/v1/review") {
          this.reviews.push({ headers: req.headers, body });
          const { status, body: data } = this.reviewAnswer(body);
          setTimeout(() => !res.destroyed && answer(status, data), this.delayMs);
        } else if (req.url === "/api/v1/activities") {
          this.activities.push({ headers: req.headers, body });
          answer(201, { id: 1 });
        } else {
          answer(404, { title: "Not Found" });
        }
      });
    });
    this.server.listen(0, "127.0.0.1");
    await once(this.server, "listening");
    this.base = `http://127.0.0.1:${this.server.address().port}`;
  },
  reset() {
    this.reviewAnswer = () => ({ status: 200, body: review() });
    this.delayMs = 0;
    this.reviews = [];
    this.activities = [];
  },
};

before(() => backend.start());
after(() => {
  backend.server.closeAllConnections();
  backend.server.close();
});
beforeEach(() => backend.reset());

/** An Outlook compose item, mocked with office-addin-mock; `calls` records what the handler did to it. */
function outlook({ body = BODY, subject = "Pilot for Northwind", to = [{ emailAddress: "anna@northwind.example", displayName: "Anna Lee" }],
  cc = [], composeType = "newMail", conversationId, headersFail = false } = {}) {
  const calls = { bodyOptions: null, headers: [] };
  const ok = (value) => ({ status: "succeeded", value });
  const item = {
    body: {
      getAsync(coercionType, options, callback) {
        calls.bodyOptions = { coercionType, options };
        callback(body === null ? { status: "failed", error: { message: "no body" } } : ok(body));
      },
    },
    subject: { getAsync: (callback) => callback(ok(subject)) },
    to: { getAsync: (callback) => callback(ok(to)) },
    cc: { getAsync: (callback) => callback(ok(cc)) },
    getComposeTypeAsync: (callback) => callback(composeType ? ok({ composeType, coercionType: "html" }) : { status: "failed", error: {} }),
    internetHeaders: {
      setAsync(headers, callback) {
        calls.headers.push(headers);
        callback(headersFail ? { status: "failed", error: { message: "nope" } } : ok(undefined));
      },
    },
  };
  if (conversationId) item.conversationId = conversationId;
  const office = new OfficeMockObject({
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    CoercionType: { Html: "html", Text: "text" },
    MailboxEnums: { BodyMode: { FullBody: "fullBody", HostConfig: "hostConfig" }, SendModeOverride: { PromptUser: "promptUser" } },
    context: { mailbox: { userProfile: { emailAddress: "tom@sendwell.example", displayName: "Tom Baker" }, item } },
  }, "outlook");
  return { office, calls };
}

function sendEvent() {
  const event = { calls: [] };
  event.completed = (options) => event.calls.push(options);
  return event;
}

async function send(mock, config = {}, deps = {}) {
  const event = sendEvent();
  const started = Date.now();
  const outcome = await commands.checkBeforeSend(event, { office: mock.office, config: { base: backend.base, ...config }, ...deps });
  return { event, outcome, elapsed: Date.now() - started, options: event.calls[0] };
}

/** Fire-and-forget posts land a moment after completion. */
async function settle(predicate, ms = 1000) {
  const until = Date.now() + ms;
  while (!predicate() && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
}

describe("on-send decision against the backend", () => {
  test("an unprompted discount stops the send with a PromptUser message that opens the pane", async () => {
    backend.reviewAnswer = () => ({ status: 200, body: review({ findings: [finding("discount", "discount.concession", "I can give you 20% off the first year.")] }) });
    const mock = outlook();
    const { event, outcome, options } = await send(mock);
    assert.equal(outcome, "warned");
    assert.equal(event.calls.length, 1, "completed exactly once");
    assert.equal(options.allowEvent, false);
    assert.match(options.errorMessage, /discount nobody asked for/i);
    assert.match(options.errorMessage, /20% off the first year/);
    assert.match(options.errorMessageMarkdown, /\*\*A discount nobody asked for\*\*/);
    assert.ok(options.errorMessage.length <= 500 && options.errorMessageMarkdown.length <= 500);
    assert.equal(options.cancelLabel, "Open Sendwell");
    assert.ok(options.cancelLabel.length <= 20);
    assert.equal(options.commandId, "msgComposeOpenPaneButton");
    assert.equal(options.sendModeOverride, "promptUser");
    // Stamped even when warned: a "Send anyway" email is then matched by capture; nothing reported yet.
    assert.deepEqual(mock.calls.headers, [{ "x-sendwell-review": "rev-123" }]);
    await settle(() => false, 50);
    assert.equal(backend.activities.length, 0);
  });

  test("a clean email is sent silently, stamped with the review id and reported as an activity", async () => {
    const mock = outlook({ cc: [{ emailAddress: "sam@northwind.example", displayName: "sam@northwind.example" }, { emailAddress: "Unresolved" }] });
    const { outcome, options } = await send(mock);
    assert.equal(outcome, "sent");
    assert.deepEqual(options, { allowEvent: true });
    assert.deepEqual(mock.calls.headers, [{ "x-sendwell-review": "rev-123" }]);

    const [sent] = backend.reviews;
    assert.equal(sent.body.body, BODY);
    assert.equal(sent.body.body_format, "html");
    assert.deepEqual(sent.body.to, [{ name: "Anna Lee", email: "anna@northwind.example" }]);
    assert.equal(sent.headers["x-sendwell-rep"], "tom@sendwell.example", "no sign-in: the mailbox owner is the rep");
    assert.deepEqual(mock.calls.bodyOptions, { coercionType: "html", options: { bodyMode: "hostConfig" } });

    await settle(() => backend.activities.length > 0);
    assert.equal(backend.activities.length, 1);
    const activity = backend.activities[0].body;
    assert.equal(activity.review_id, "rev-123");
    assert.equal(activity.source, "outlook");
    assert.match(activity.sent_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    assert.deepEqual(activity.to, [{ name: "Anna Lee", email: "anna@northwind.example" }]);
    assert.deepEqual(activity.cc, [{ email: "sam@northwind.example" }]);
    assert.deepEqual(activity.review.scores, { politeness: 72, personalization: 60 });
    assert.deepEqual(activity.review.commitments, [{ text: "I'll send the contract by Friday.", due: "2026-11-27", due_phrase: "by Friday" }]);
    assert.deepEqual(activity.review.asks, [{}], "asks are counted, their words not sent");
    assert.deepEqual(activity.review.stats, { words: 42 });
    assert.equal("body" in activity || "subject" in activity, false);
  });

  test("finding categories are reported, not their text", async () => {
    backend.reviewAnswer = () => ({ status: 200, body: review({ findings: [finding("politeness", "politeness.can_you", "Can you", "info")] }) });
    const { outcome } = await send(outlook());
    assert.equal(outcome, "sent");
    await settle(() => backend.activities.length > 0);
    assert.deepEqual(backend.activities[0].body.review.findings, [{ category: "politeness" }]);
  });

  test("backend down: the email is sent", async () => {
    const { outcome, options, elapsed } = await send(outlook(), { base: "http://127.0.0.1:9" });
    assert.equal(outcome, "failed");
    assert.deepEqual(options, { allowEvent: true });
    assert.ok(elapsed < 3000, `took ${elapsed} ms`);
  });

  test("backend slower than the budget: the email is sent within the budget", async () => {
    backend.delayMs = 2000;
    const mock = outlook();
    const { event, outcome, options, elapsed } = await send(mock, { budgetMs: 600 });
    assert.deepEqual(options, { allowEvent: true });
    assert.ok(["failed", "timeout"].includes(outcome), outcome);
    assert.ok(elapsed <= 600 + 400, `took ${elapsed} ms for a 600 ms budget`); // slack for a loaded machine
    assert.equal(mock.calls.headers.length, 0, "no review, no stamp");
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(event.calls.length, 1, "completed exactly once");
  });

  test("the default budget is 3 s, backend call included", async () => {
    assert.equal(commands.settings().budgetMs, 3000);
    backend.delayMs = 5000;
    const { options, elapsed } = await send(outlook()); // SENDWELL_CONFIG as shipped
    assert.deepEqual(options, { allowEvent: true });
    assert.ok(elapsed >= 2000 && elapsed <= 3400, `took ${elapsed} ms`);
  });

  test("a failing backend (500) or a non-review answer lets the email go", async () => {
    backend.reviewAnswer = () => ({ status: 500, body: { title: "Internal Server Error" } });
    assert.deepEqual((await send(outlook())).options, { allowEvent: true });
    backend.reviewAnswer = () => ({ status: 200, body: { hello: "world" } });
    assert.deepEqual((await send(outlook())).options, { allowEvent: true });
  });

  test("an unreadable body lets the email go without calling the backend", async () => {
    const { options } = await send(outlook({ body: null }));
    assert.deepEqual(options, { allowEvent: true });
    assert.equal(backend.reviews.length, 0);
  });

  test("a header that cannot be stamped does not stop a clean email", async () => {
    const { options } = await send(outlook({ headersFail: true }));
    assert.deepEqual(options, { allowEvent: true });
  });

  test("with sign-in on and no SSO available in the runtime, the email goes unchecked", async () => {
    const { outcome, options } = await send(outlook(), { authEnabled: true });
    assert.equal(outcome, "failed");
    assert.deepEqual(options, { allowEvent: true });
    assert.equal(backend.reviews.length, 0);
  });

  test("with sign-in on, the Office SSO token is sent as a bearer token", async () => {
    globalThis.OfficeRuntime = { auth: { getAccessToken: async (options) => {
      assert.equal(options.allowSignInPrompt, false);
      return "token-abc";
    } } };
    try {
      await send(outlook(), { authEnabled: true });
      assert.equal(backend.reviews[0].headers.authorization, "Bearer token-abc");
      assert.equal(backend.reviews[0].headers["x-sendwell-rep"], undefined);
    } finally {
      delete globalThis.OfficeRuntime;
    }
  });
});

describe("what is worth a warning", () => {
  const facts = { composeType: "newMail", subject: "Hello" };
  const cfg = commands.settings();
  const ids = (r, f = facts, c = cfg) => commands.findIssues(r, f, c).map((i) => i.id);

  test("discount, disparagement and a promise without a day each warn", () => {
    assert.deepEqual(ids(review({ findings: [finding("disparagement", "disparagement.competitor", "Zendesk is clunky")] })), ["disparagement"]);
    assert.deepEqual(ids(review({ findings: [finding("commitment", "commitment.vague_due", "I'll send it soon.")] })), ["vague_due"]);
    assert.deepEqual(ids(review({ findings: [finding("discount", "discount.concession", "20% off")] })), ["discount"]);
    assert.deepEqual(ids(review({ findings: [finding("discount", "discount.traded", "20% off")] })), [],
      "a concession traded for a commitment is noted in the pane, not stopped at send");
  });

  test("other hints do not", () => {
    assert.deepEqual(ids(review({ findings: [finding("politeness", "politeness.pressure", "ASAP"), finding("personalization", "personalization.generic", "Dear customer")] })), []);
  });

  test("politeness below the configurable threshold (default 40) warns", () => {
    assert.equal(cfg.politenessThreshold, 40);
    assert.deepEqual(ids(review({ scores: { politeness: 39, personalization: 80 } })), ["politeness"]);
    assert.deepEqual(ids(review({ scores: { politeness: 40, personalization: 80 } })), []);
    assert.deepEqual(ids(review({ scores: { politeness: 55, personalization: 80 } }), facts, commands.settings({ politenessThreshold: 60 })), ["politeness"]);
  });

  test("no next step warns only in a first email to a new contact", () => {
    const r = review({ findings: [finding("next_step", "next_step.missing", "Best, Tom")] });
    assert.deepEqual(ids(r, { composeType: "newMail", subject: "Pilot" }), ["next_step"]);
    assert.deepEqual(ids(r, { composeType: "reply", subject: "RE: Pilot" }), []);
    assert.deepEqual(ids(r, { composeType: "forward", subject: "FW: Pilot" }), []);
  });

  test("without getComposeTypeAsync, a first email has no conversation and no reply prefix", () => {
    assert.equal(commands.isFirstEmail({ composeType: null, conversationId: null, subject: "Pilot" }), true);
    assert.equal(commands.isFirstEmail({ composeType: null, conversationId: "AAQk123", subject: "Pilot" }), false);
    for (const subject of ["RE: Pilot", "Re:Pilot", "FW: Pilot", "Fwd: Pilot", "AW: Pilot", "WG: Pilot", "SV: Pilot", "Re[2]: Pilot"]) {
      assert.equal(commands.isFirstEmail({ composeType: null, conversationId: null, subject }), false, subject);
    }
    assert.equal(commands.isFirstEmail({ composeType: null, subject: "Reply options for you" }), true);
  });

  test("a reply without a next step is sent silently end to end", async () => {
    backend.reviewAnswer = () => ({ status: 200, body: review({ findings: [finding("next_step", "next_step.missing", "Best, Tom")] }) });
    assert.equal((await send(outlook({ composeType: "reply", subject: "RE: Pilot" }))).outcome, "sent");
    assert.equal((await send(outlook({ composeType: "newMail" }))).outcome, "warned");
  });
});

describe("the dialog message", () => {
  const long = "word ".repeat(400);
  const issues = [
    { id: "discount", label: "A discount nobody asked for", quote: long },
    { id: "disparagement", label: "Talking down a competitor", quote: long },
    { id: "vague_due", label: "A promise without a day", quote: long },
    { id: "politeness", label: "A tone that may read as pushy (politeness 12/100)", quote: null },
    { id: "next_step", label: "No next step: ask for a call, a date or a decision", quote: null },
  ];

  test("stays within 500 characters however long the quoted words are", () => {
    const message = commands.buildMessage(issues);
    assert.ok(message.plain.length <= commands.MESSAGE_LIMIT, message.plain.length);
    assert.ok(message.markdown.length <= commands.MESSAGE_LIMIT, message.markdown.length);
    for (const issue of issues) {
      assert.ok(message.plain.includes(issue.label), issue.label);
    }
  });

  test("lists each issue; markdown list items end with \\r and markdown characters are escaped", () => {
    const message = commands.buildMessage([{ id: "discount", label: "A discount nobody asked for", quote: "*free* [month](x)\n  on us" }]);
    assert.match(message.plain, /- A discount nobody asked for: “\*free\* \[month\]\(x\) on us”/);
    assert.match(message.markdown, /- \*\*A discount nobody asked for\*\*: “\\\*free\\\* \\\[month\\\]\\\(x\\\) on us”\r/);
  });

  test("a warning for a long email is still within the limits end to end", async () => {
    backend.reviewAnswer = () => ({ status: 200, body: review({
      scores: { politeness: 10, personalization: 10 },
      findings: [finding("discount", "discount.concession", long), finding("disparagement", "disparagement.competitor", long),
        finding("commitment", "commitment.vague_due", long), finding("next_step", "next_step.missing", long)],
    }) });
    const { options } = await send(outlook());
    assert.equal(options.allowEvent, false);
    assert.ok(options.errorMessage.length <= 500 && options.errorMessageMarkdown.length <= 500);
    assert.equal((options.errorMessage.match(/^- /gm) || []).length, 5);
  });
});

describe("registration", () => {
  test("commands.js associates onMessageSendHandler with Office.actions when Office is there", () => {
    const associated = {};
    globalThis.Office = new OfficeMockObject({ actions: { associate: (name, fn) => (associated[name] = fn) } }, "outlook");
    try {
      delete require.cache[COMMANDS];
      const fresh = require(COMMANDS);
      assert.equal(typeof associated.onMessageSendHandler, "function");
      assert.equal(associated.onMessageSendHandler, fresh.onMessageSendHandler);
    } finally {
      delete globalThis.Office;
      delete require.cache[COMMANDS];
    }
  });

  test("the file has no import/export statements and needs no DOM", async () => {
    const { readFile } = await import("node:fs/promises");
    const source = await readFile(COMMANDS, "utf8");
    assert.doesNotMatch(source, /^\s*(import|export)\s/m);
    assert.doesNotMatch(source, /\b(document|window)\./);
    assert.match(source, /^var SENDWELL_CONFIG = \{.*\};$/m, "the line the server rewrites");
  });
});
