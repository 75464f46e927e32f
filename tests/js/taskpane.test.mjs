// The task pane's logic (addin/outlook/static/pane-core.mjs) in node, with office-addin-mock for Office.js.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { OfficeMockObject } from "office-addin-mock";

import {
  DraftWatcher,
  SignInRequired,
  buildReviewRequest,
  byDayPhrase,
  createApi,
  createAuth,
  draftKey,
  insertText,
  nextWorkingDays,
  onRecipientsChanged,
  readDraft,
  workingDayChoices,
} from "../../addin/outlook/static/pane-core.mjs";

const ok = (value) => ({ status: "succeeded", value });

/** An Outlook compose item; `state` holds the draft, `calls` what the pane did to it. */
function outlook(state = {}) {
  const draft = { body: "<p>Hi Anna,</p>", subject: "Pilot", to: [{ emailAddress: "anna@northwind.example", displayName: "Anna Lee" }], cc: [], ...state };
  const calls = { body: [], inserted: [], handlers: [] };
  const office = new OfficeMockObject({
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    CoercionType: { Html: "html", Text: "text" },
    EventType: { RecipientsChanged: "olkRecipientsChanged" },
    MailboxEnums: { BodyMode: { FullBody: "fullBody", HostConfig: "hostConfig" } },
    context: {
      mailbox: {
        userProfile: { emailAddress: "tom@sendwell.example", displayName: "Tom Baker" },
        item: {
          body: {
            getAsync(coercionType, options, callback) {
              calls.body.push({ coercionType, options });
              callback(ok(draft.body));
            },
            setSelectedDataAsync(text, options, callback) {
              calls.inserted.push({ text, options });
              callback(ok(undefined));
            },
          },
          subject: { getAsync: (callback) => callback(ok(draft.subject)) },
          to: { getAsync: (callback) => callback(ok(draft.to)) },
          cc: { getAsync: (callback) => callback(ok(draft.cc)) },
          addHandlerAsync(eventType, handler, callback) {
            calls.handlers.push({ eventType, handler });
            callback(ok(undefined));
          },
        },
      },
    },
  }, "outlook");
  return { office, draft, calls };
}

describe("reading and writing the draft through Office.js", () => {
  test("readDraft asks for the body as HTML in the host's body mode, and reads subject, To, Cc and the sender", async () => {
    const { office, calls } = outlook({ cc: [{ emailAddress: "sam@northwind.example", displayName: "sam@northwind.example" }, { emailAddress: "Sam (unresolved)" }] });
    const draft = await readDraft(office);
    assert.deepEqual(calls.body, [{ coercionType: "html", options: { bodyMode: "hostConfig" } }]);
    assert.deepEqual(draft, {
      body: "<p>Hi Anna,</p>",
      subject: "Pilot",
      to: [{ name: "Anna Lee", email: "anna@northwind.example" }],
      cc: [{ email: "sam@northwind.example" }],
      from: { name: "Tom Baker", email: "tom@sendwell.example" },
    });
    assert.deepEqual(buildReviewRequest(draft, "2026-11-20T09:30:00+01:00"), {
      subject: "Pilot",
      body: "<p>Hi Anna,</p>",
      body_format: "html",
      to: [{ name: "Anna Lee", email: "anna@northwind.example" }],
      cc: [{ email: "sam@northwind.example" }],
      from: { name: "Tom Baker", email: "tom@sendwell.example" },
      sent_at: "2026-11-20T09:30:00+01:00",
    });
  });

  test("a failed Office call rejects with its message", async () => {
    const { office } = outlook();
    office.context.mailbox.item.subject.getAsync = (callback) => callback({ status: "failed", error: { message: "Item gone", code: 9041 } });
    await assert.rejects(readDraft(office), /Item gone/);
  });

  test("insertText puts plain text at the cursor", async () => {
    const { office, calls } = outlook();
    await insertText("by Tuesday, 25 November", office);
    assert.deepEqual(calls.inserted, [{ text: "by Tuesday, 25 November", options: { coercionType: "text" } }]);
  });

  test("onRecipientsChanged registers for Office.EventType.RecipientsChanged", async () => {
    const { office, calls } = outlook();
    const handler = () => {};
    assert.equal(await onRecipientsChanged(handler, office), true);
    assert.deepEqual(calls.handlers, [{ eventType: "olkRecipientsChanged", handler }]);
  });

  test("draftKey changes with the body, subject or recipients, not with the recipients' display names", () => {
    const base = { body: "a", subject: "s", to: [{ email: "a@x.example" }], cc: [] };
    assert.equal(draftKey(base), draftKey({ ...base, to: [{ name: "A", email: "A@x.example" }] }));
    assert.notEqual(draftKey(base), draftKey({ ...base, body: "b" }));
    assert.notEqual(draftKey(base), draftKey({ ...base, subject: "t" }));
    assert.notEqual(draftKey(base), draftKey({ ...base, cc: [{ email: "c@x.example" }] }));
  });
});

/** A watcher on a fake clock: `run()` fires the next scheduled poll and waits for it. */
function watched({ hidden = false, failReview = false, ...options } = {}) {
  const mock = outlook();
  const reviewed = [];
  const delays = [];
  let pending = null;
  const state = { hidden, failReview };
  const watcher = new DraftWatcher({
    read: () => readDraft(mock.office),
    review: async (draft) => {
      if (state.failReview) throw new Error("down");
      reviewed.push(draft.body);
    },
    isHidden: () => state.hidden,
    schedule: (fn, ms) => {
      delays.push(ms);
      pending = fn;
      return delays.length;
    },
    cancel: () => {},
    ...options,
  });
  async function run() {
    const fn = pending;
    pending = null;
    fn();
    while (watcher.busy) await new Promise((r) => setImmediate(r));
  }
  return { watcher, mock, reviewed, delays, state, run };
}

describe("DraftWatcher: when the pane reviews", () => {
  test("the first read is reviewed at once; an unchanged draft is not reviewed again", async () => {
    const w = watched();
    w.watcher.start();
    await w.run();
    assert.deepEqual(w.reviewed, ["<p>Hi Anna,</p>"]);
    await w.run();
    await w.run();
    assert.equal(w.reviewed.length, 1, "no API call while nothing changed");
    assert.deepEqual(w.delays, [0, 2000, 2000, 2000]);
  });

  test("a change is reviewed once typing pauses: the next poll that reads it unchanged", async () => {
    const w = watched();
    w.watcher.start();
    await w.run();
    w.mock.draft.body = "<p>Hi Anna, I will</p>";
    await w.run(); // changed since the last poll: still typing
    assert.equal(w.reviewed.length, 1);
    w.mock.draft.body = "<p>Hi Anna, I will send it.</p>";
    await w.run(); // changed again
    assert.equal(w.reviewed.length, 1);
    await w.run(); // steady: review
    assert.deepEqual(w.reviewed.at(-1), "<p>Hi Anna, I will send it.</p>");
    assert.equal(w.reviewed.length, 2);
  });

  test("recipients and subject changes count as changes", async () => {
    const w = watched();
    w.watcher.start();
    await w.run();
    w.mock.draft.to = [{ emailAddress: "priya@northwind.example", displayName: "Priya" }];
    await w.run();
    await w.run();
    assert.equal(w.reviewed.length, 2);
    w.mock.draft.subject = "Pilot, revised";
    await w.run();
    await w.run();
    assert.equal(w.reviewed.length, 3);
  });

  test("poke() (recipients changed, text inserted) reviews a change at once; force re-reviews an unchanged draft", async () => {
    const w = watched();
    w.watcher.start();
    await w.run();
    w.mock.draft.body = "<p>Changed</p>";
    w.watcher.poke();
    assert.equal(w.delays.at(-1), 0);
    await w.run();
    assert.equal(w.reviewed.length, 2);
    w.watcher.poke({ force: true });
    await w.run();
    assert.equal(w.reviewed.length, 3);
  });

  test("never polls faster than every 2 s, whatever the configuration says", async () => {
    const w = watched({ visibleMs: 500, hiddenMs: [100] });
    w.watcher.start();
    await w.run();
    await w.run();
    assert.ok(w.delays.slice(1).every((ms) => ms >= 2000), String(w.delays));
  });

  test("backs off while the pane is hidden: 10 s, then 30 s; back to 2 s when visible", async () => {
    const w = watched({ hidden: true });
    w.watcher.start();
    await w.run();
    await w.run();
    await w.run();
    assert.deepEqual(w.delays, [0, 10000, 30000, 30000]);
    w.state.hidden = false;
    await w.run();
    assert.equal(w.delays.at(-1), 2000);
  });

  test("a failing review is retried later, backing off up to 30 s", async () => {
    const w = watched({ failReview: true });
    w.watcher.start();
    for (let i = 0; i < 6; i++) await w.run();
    assert.deepEqual(w.delays, [0, 4000, 8000, 16000, 30000, 30000, 30000]);
    w.state.failReview = false;
    await w.run();
    assert.equal(w.reviewed.length, 1);
    assert.equal(w.delays.at(-1), 2000);
  });
});

describe("add a day to a promise", () => {
  test("offers the next three working days, skipping the weekend", () => {
    const friday = new Date(2025, 10, 21); // Friday 21 November 2025
    assert.deepEqual(nextWorkingDays(friday).map((d) => d.getDate()), [24, 25, 26]);
    const choices = workingDayChoices(friday);
    assert.deepEqual(choices.map((c) => c.text), ["by Monday, 24 November", "by Tuesday, 25 November", "by Wednesday, 26 November"]);
    const sunday = new Date(2026, 10, 22);
    assert.deepEqual(workingDayChoices(sunday).map((c) => c.text), ["by Monday, 23 November", "by Tuesday, 24 November", "by Wednesday, 25 November"]);
    assert.equal(byDayPhrase(new Date(2026, 11, 31)), "by Thursday, 31 December");
    assert.deepEqual(nextWorkingDays(new Date(2026, 11, 31)).map((d) => d.toDateString()), ["Fri Jan 01 2027", "Mon Jan 04 2027", "Tue Jan 05 2027"]);
  });
});

describe("authHeaders: the one place API calls get credentials", () => {
  function fakeMsal({ silent = true, popup = true } = {}) {
    const calls = { created: [], silent: 0, popup: 0 };
    const msal = {
      createNestablePublicClientApplication: async (config) => {
        calls.created.push(config);
        return {
          acquireTokenSilent: async (request) => {
            calls.silent++;
            assert.deepEqual(request.scopes, ["api://abc/access_as_user"]);
            if (!silent) throw new Error("interaction_required");
            return { accessToken: "silent-token" };
          },
          acquireTokenPopup: async () => {
            calls.popup++;
            if (!popup) throw new Error("popup_window_error");
            return { accessToken: "popup-token" };
          },
        };
      },
    };
    return { msal, calls };
  }
  const enabled = { auth: { enabled: true, client_id: "abc", authority: "https://login.microsoftonline.com/organizations", scopes: ["api://abc/access_as_user"], msal_url: "/msal.js" } };

  test("sign-in off: no token and no MSAL; the mailbox owner is named in development", async () => {
    let loaded = 0;
    const authHeaders = createAuth({ auth: { enabled: false }, dev_rep_header: true }, { userEmail: () => "tom@sendwell.example", loadMsal: async () => loaded++ });
    assert.deepEqual(await authHeaders(), { "X-Sendwell-Rep": "tom@sendwell.example" });
    assert.deepEqual(await createAuth({ auth: { enabled: false }, dev_rep_header: false }, { userEmail: () => "x@y.example" })(), {});
    assert.equal(loaded, 0);
  });

  test("sign-in on: MSAL loads lazily, once, with nested app authentication; silent token first", async () => {
    const { msal, calls } = fakeMsal();
    const urls = [];
    const authHeaders = createAuth(enabled, { loadMsal: async (url) => (urls.push(url), msal) });
    assert.deepEqual(urls, [], "nothing loaded before the first call");
    assert.deepEqual(await authHeaders(), { Authorization: "Bearer silent-token" });
    assert.deepEqual(await authHeaders(), { Authorization: "Bearer silent-token" });
    assert.deepEqual(urls, ["/msal.js"]);
    assert.deepEqual(calls.created, [{ auth: { clientId: "abc", authority: "https://login.microsoftonline.com/organizations" } }]);
    assert.equal(calls.popup, 0);
  });

  test("popup when the silent attempt fails; a failed popup waits for the rep's click", async () => {
    const first = fakeMsal({ silent: false });
    assert.deepEqual(await createAuth(enabled, { loadMsal: async () => first.msal })(), { Authorization: "Bearer popup-token" });

    const blocked = fakeMsal({ silent: false, popup: false });
    const authHeaders = createAuth(enabled, { loadMsal: async () => blocked.msal });
    await assert.rejects(authHeaders(), SignInRequired);
    await assert.rejects(authHeaders(), SignInRequired);
    assert.equal(blocked.calls.popup, 1, "no popup storm from polling");
    await assert.rejects(authHeaders({ interactive: true }), SignInRequired);
    assert.equal(blocked.calls.popup, 2, "the Sign in button tries again");
  });

  test("createApi sends every call through authHeaders", async () => {
    const seen = [];
    const api = createApi("https://sendwell.example/", async () => ({ Authorization: "Bearer t" }), {
      fetch: async (url, init) => {
        seen.push({ url, init });
        return { ok: true, status: 200, json: async () => ({ dismissed: ["politeness.pressure"] }) };
      },
    });
    assert.deepEqual(await api.get("/api/v1/dismissals"), { dismissed: ["politeness.pressure"] });
    await api.post("/api/v1/dismissals", { kind: "politeness.pressure" });
    assert.equal(seen[0].url, "https://sendwell.example/api/v1/dismissals");
    assert.equal(seen[0].init.headers.Authorization, "Bearer t");
    assert.equal(seen[1].init.method, "POST");
    assert.equal(seen[1].init.body, JSON.stringify({ kind: "politeness.pressure" }));
    assert.equal(seen[1].init.headers["Content-Type"], "application/json");
  });
});
