/* Sendwell on-send check: Outlook Smart Alerts (OnMessageSend).
 *
 * ONE classic script, no imports, for every event runtime: classic Outlook on Windows runs it in a
 * JavaScript-only runtime (no DOM, no modules); the web, new Outlook and Mac load it from commands.html.
 * The server rewrites the SENDWELL_CONFIG line below with its own origin and settings (absolute URLs: the
 * runtime has no page to resolve relative ones against). Node's unit tests require() this file.
 *
 * Before an email goes, the draft is reviewed (POST /api/v1/review) and the rep is warned (PromptUser:
 * "Send anyway", "Don't send", or "Open Sendwell") when the review finds:
 *   - a discount nobody asked for            (finding category "discount", except "discount.traded")
 *   - talking down a competitor               (category "disparagement")
 *   - a promise without a day                 (kind "commitment.vague_due")
 *   - politeness below the threshold          (scores.politeness < politenessThreshold, default 40)
 *   - no next step in a first email           (kind "next_step.missing" and isFirstEmail(): see there)
 * Otherwise the email goes silently. Hints the rep dismissed never come back: the server leaves them out.
 *
 * Never block a rep because Sendwell is down: the whole check has budgetMs (3 s, backend call included);
 * unreachable, slow, failing or out of time, the email is sent.
 *
 * A reviewed email carries the review id in the x-sendwell-review internet header (capture from Sent Items
 * uses it to merge with the add-in's report), and a sent one is reported with recordActivity(): fired, not
 * awaited, so it never delays sending.
 */
var SENDWELL_CONFIG = {"base": "", "authEnabled": false, "politenessThreshold": 40, "budgetMs": 3000, "paneCommandId": "msgComposeOpenPaneButton"};

(function (root) {
  "use strict";

  var REVIEW_HEADER = "x-sendwell-review";
  var MESSAGE_LIMIT = 500; // Smart Alerts: errorMessage and errorMessageMarkdown, 500 characters at most
  var CANCEL_LABEL = "Open Sendwell"; // the dialog's action button: 20 characters at most
  var FINISH_RESERVE_MS = 400; // kept from the review call for stamping the header and completing
  var REPLY_PREFIX = /^\s*(re|fw|fwd|aw|wg|sv|vs|tr|rv|antw)\s*(\[\d+\])?\s*:/i;

  function settings(overrides) {
    var out = {};
    var key;
    for (key in SENDWELL_CONFIG) out[key] = SENDWELL_CONFIG[key];
    for (key in overrides || {}) out[key] = overrides[key];
    out.base = String(out.base || "").replace(/\/+$/, "");
    return out;
  }

  // --- Office.js, as promises that never reject: a failed call is a null value --------------------------

  function officeValue(office, call) {
    var failed = (office.AsyncResultStatus && office.AsyncResultStatus.Failed) || "failed";
    return new Promise(function (resolve) {
      try {
        call(function (result) {
          resolve(result && result.status !== failed ? result.value : null);
        });
      } catch (err) {
        resolve(null);
      }
    });
  }

  function parties(recipients) {
    var out = [];
    for (var i = 0; recipients && i < recipients.length; i++) {
      var r = recipients[i];
      if (!r || typeof r.emailAddress !== "string" || r.emailAddress.indexOf("@") < 0) continue;
      out.push(r.displayName && r.displayName !== r.emailAddress ? { name: r.displayName, email: r.emailAddress } : { email: r.emailAddress });
    }
    return out;
  }

  /** What the check needs from the item: body (HTML, the rep's new words where the client can), subject, To/Cc, compose type. */
  function readItem(office) {
    var mailbox = office.context.mailbox;
    var item = mailbox.item;
    var modes = office.MailboxEnums && office.MailboxEnums.BodyMode;
    var bodyOptions = modes && modes.HostConfig !== undefined ? { bodyMode: modes.HostConfig } : {};
    return Promise.all([
      officeValue(office, function (cb) { item.body.getAsync(office.CoercionType.Html, bodyOptions, cb); }),
      officeValue(office, function (cb) { item.subject.getAsync(cb); }),
      officeValue(office, function (cb) { item.to.getAsync(cb); }),
      officeValue(office, function (cb) { item.cc.getAsync(cb); }),
      typeof item.getComposeTypeAsync === "function"
        ? officeValue(office, function (cb) { item.getComposeTypeAsync(cb); })
        : Promise.resolve(null),
    ]).then(function (v) {
      var profile = mailbox.userProfile || {};
      return {
        body: v[0],
        subject: v[1] || "",
        to: parties(v[2]),
        cc: parties(v[3]),
        composeType: v[4] && v[4].composeType ? String(v[4].composeType) : null,
        conversationId: item.conversationId || null,
        from: profile.emailAddress ? { name: profile.displayName || null, email: profile.emailAddress } : null,
      };
    });
  }

  // --- the decision -----------------------------------------------------------------------------------------

  /**
   * Is this a first email to a new contact? The event runtime knows no contact history, so it judges the
   * item: a new message (not a reply or forward) counts as first. getComposeTypeAsync (Mailbox 1.10) says
   * "newMail"; without it, a new message has no conversationId yet and no "RE:"/"FW:"-style subject prefix
   * (a saved draft may have a conversationId, so the compose type is preferred). A new message to somebody
   * already known also counts: the check only prompts, and a clear ask never hurts a cold email.
   */
  function isFirstEmail(facts) {
    if (facts.composeType) return facts.composeType === "newMail";
    return !facts.conversationId && !REPLY_PREFIX.test(facts.subject || "");
  }

  /** The issues worth a prompt, worst first: [{id, label, quote}]. */
  function findIssues(review, facts, cfg) {
    var findings = (review && review.findings) || [];
    var issues = [];
    function first(test) {
      for (var i = 0; i < findings.length; i++) if (findings[i] && test(findings[i])) return findings[i];
      return null;
    }
    var f = first(function (x) { return x.category === "discount" && x.kind !== "discount.traded"; });
    if (f) issues.push({ id: "discount", label: "A discount nobody asked for", quote: f.text });
    f = first(function (x) { return x.category === "disparagement"; });
    if (f) issues.push({ id: "disparagement", label: "Talking down a competitor", quote: f.text });
    f = first(function (x) { return x.kind === "commitment.vague_due"; });
    if (f) issues.push({ id: "vague_due", label: "A promise without a day", quote: f.text });
    var politeness = review && review.scores ? review.scores.politeness : null;
    if (typeof politeness === "number" && politeness < cfg.politenessThreshold) {
      issues.push({ id: "politeness", label: "A tone that may read as pushy (politeness " + politeness + "/100)", quote: null });
    }
    f = first(function (x) { return x.kind === "next_step.missing"; });
    if (f && isFirstEmail(facts)) issues.push({ id: "next_step", label: "No next step: ask for a call, a date or a decision", quote: null });
    return issues;
  }

  function oneLine(text) {
    return String(text || "").replace(/\s+/g, " ").trim();
  }

  function clip(text, max) {
    return text.length <= max ? text : text.slice(0, Math.max(0, max - 1)).replace(/\s+\S*$/, "") + "\u2026";
  }

  function escapeMarkdown(text) {
    return text.replace(/([\\`*_\[\]()#])/g, "\\$1");
  }

  /**
   * The dialog text: {plain, markdown}, each at most 500 characters. Quotes of the rep's words are shortened
   * (then dropped) until both fit. Markdown list items end with "\r", as Smart Alerts wants.
   */
  function buildMessage(issues) {
    var head = "Before this goes, Sendwell noticed:";
    var tail = "Choose Open Sendwell to fix it, or send it anyway.";
    var widths = [90, 60, 40, 0];
    for (var w = 0; w < widths.length; w++) {
      var plain = [head];
      var markdown = [head, ""];
      var items = [];
      for (var i = 0; i < issues.length; i++) {
        var quote = issues[i].quote && widths[w] ? clip(oneLine(issues[i].quote), widths[w]) : "";
        plain.push("- " + issues[i].label + (quote ? ": \u201c" + quote + "\u201d" : ""));
        items.push("- **" + escapeMarkdown(issues[i].label) + "**" + (quote ? ": \u201c" + escapeMarkdown(quote) + "\u201d" : "") + "\r");
      }
      plain.push(tail);
      markdown.push(items.join(""), "", "Choose **Open Sendwell** to fix it, or send it anyway.");
      var message = { plain: plain.join("\n"), markdown: markdown.join("\n") };
      if (message.plain.length <= MESSAGE_LIMIT && message.markdown.length <= MESSAGE_LIMIT) return message;
    }
    return { plain: clip(message.plain, MESSAGE_LIMIT), markdown: clip(message.markdown, MESSAGE_LIMIT) };
  }

  /** The event.completed options of a warning: a PromptUser dialog whose action button opens the pane. */
  function warningOptions(issues, office, cfg) {
    var message = buildMessage(issues);
    var options = {
      allowEvent: false,
      errorMessage: message.plain,
      errorMessageMarkdown: message.markdown,
      cancelLabel: CANCEL_LABEL,
      commandId: cfg.paneCommandId,
    };
    var override = office && office.MailboxEnums && office.MailboxEnums.SendModeOverride;
    if (override && override.PromptUser) options.sendModeOverride = override.PromptUser; // advice, never a block
    return options;
  }

  // --- HTTP: fetch with an AbortController where there is one, else XMLHttpRequest --------------------------

  function withTimeout(promise, ms) {
    return new Promise(function (resolve, reject) {
      var timer = setTimeout(function () { reject(new Error("timed out")); }, Math.max(0, ms));
      promise.then(
        function (value) { clearTimeout(timer); resolve(value); },
        function (err) { clearTimeout(timer); reject(err); }
      );
    });
  }

  /** Send JSON, resolve {ok, status, data}; rejects when unreachable or later than timeoutMs. */
  function requestJson(method, url, body, headers, timeoutMs, options) {
    options = options || {};
    var fetchImpl = options.fetch || (typeof root.fetch === "function" ? root.fetch.bind(root) : null);
    var allHeaders = { "Content-Type": "application/json", Accept: "application/json" };
    for (var key in headers || {}) allHeaders[key] = headers[key];
    var payload = body === undefined ? undefined : JSON.stringify(body);
    if (fetchImpl) {
      var controller = typeof root.AbortController === "function" ? new root.AbortController() : null;
      var abortTimer = setTimeout(function () { if (controller) controller.abort(); }, Math.max(0, timeoutMs));
      var sent = fetchImpl(url, {
        method: method,
        headers: allHeaders,
        body: payload,
        signal: controller ? controller.signal : undefined,
        keepalive: Boolean(options.keepalive), // lets a report outlive the runtime closing after send
      }).then(function (response) {
        return response.json().then(
          function (data) { return { ok: response.ok, status: response.status, data: data }; },
          function () { return { ok: response.ok, status: response.status, data: null }; }
        );
      });
      // Without AbortController the race still returns on time; the request is merely left running.
      return withTimeout(sent, timeoutMs).then(
        function (value) { clearTimeout(abortTimer); return value; },
        function (err) { clearTimeout(abortTimer); throw err; }
      );
    }
    return new Promise(function (resolve, reject) {
      var xhr = new root.XMLHttpRequest();
      xhr.open(method, url, true);
      for (var name in allHeaders) xhr.setRequestHeader(name, allHeaders[name]);
      xhr.timeout = Math.max(1, timeoutMs);
      xhr.onload = function () {
        var data = null;
        try { data = JSON.parse(xhr.responseText); } catch (err) { data = null; }
        resolve({ ok: xhr.status >= 200 && xhr.status < 300, status: xhr.status, data: data });
      };
      xhr.onerror = function () { reject(new Error("unreachable")); };
      xhr.ontimeout = function () { reject(new Error("timed out")); };
      xhr.send(payload === undefined ? null : payload);
    });
  }

  /**
   * Credentials for the API. Sign-in off (local development): none, the rep named by X-Sendwell-Rep.
   * Sign-in on: MSAL's nested app authentication needs the task pane's host bridge, which event runtimes
   * lack, so the check asks Office SSO (OfficeRuntime.auth.getAccessToken, allowed for this file by the
   * well-known list) without any prompt. No token in time → the email goes unchecked.
   */
  function authHeaders(office, cfg, timeoutMs) {
    if (!cfg.authEnabled) {
      var profile = office.context.mailbox.userProfile || {};
      return Promise.resolve(profile.emailAddress ? { "X-Sendwell-Rep": profile.emailAddress } : {});
    }
    var runtime = root.OfficeRuntime;
    if (!runtime || !runtime.auth || typeof runtime.auth.getAccessToken !== "function") return Promise.reject(new Error("no single sign-on here"));
    return withTimeout(Promise.resolve(runtime.auth.getAccessToken({ allowSignInPrompt: false, allowConsentPrompt: false })), timeoutMs).then(function (token) {
      return { Authorization: "Bearer " + token };
    });
  }

  function pad(n) {
    n = Math.floor(Math.abs(n));
    return (n < 10 ? "0" : "") + n;
  }

  /** RFC 3339 with the local offset: due dates in the review resolve in the rep's time zone. */
  function toRfc3339(date) {
    var offset = -date.getTimezoneOffset();
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) +
      "T" + pad(date.getHours()) + ":" + pad(date.getMinutes()) + ":" + pad(date.getSeconds()) +
      (offset >= 0 ? "+" : "-") + pad(offset / 60) + ":" + pad(offset % 60);
  }

  function reviewRequest(facts, sentAt) {
    var request = { subject: facts.subject, body: facts.body, body_format: "html", to: facts.to, cc: facts.cc, sent_at: sentAt };
    if (facts.from) request.from = facts.from;
    return request;
  }

  /** The stored summary of a sent email: numbers, categories and promises, never the subject or body. */
  function activityPayload(review, facts, sentAt) {
    var payload = {
      review_id: review.review_id,
      source: "outlook",
      sent_at: sentAt,
      to: facts.to,
      cc: facts.cc,
      review: {
        scores: review.scores || {},
        findings: (review.findings || []).map(function (f) { return { category: f.category }; }),
        commitments: (review.commitments || []).map(function (c) {
          return { text: c.text, due: c.due || null, due_phrase: c.due_phrase || null };
        }),
        asks: (review.asks || []).map(function () { return {}; }), // counted, their words stay in the draft
        stats: { words: (review.stats && review.stats.words) || 0 },
      },
    };
    if (facts.conversationId) payload.thread_id = String(facts.conversationId);
    return payload;
  }

  /**
   * Report a sent email (POST /api/v1/activities). Fire and forget: the caller does not wait, failures are
   * swallowed (recording is idempotent on review_id, and capture from Sent Items fills any gap).
   */
  function recordActivity(review, facts, options) {
    var sentAt = toRfc3339(options.now ? new Date(options.now()) : new Date());
    return requestJson("POST", options.base + "/api/v1/activities", activityPayload(review, facts, sentAt), options.headers,
      Math.max(1, options.timeoutMs), { fetch: options.fetch, keepalive: true }).then(
      function (result) { return result.ok; },
      function () { return false; }
    );
  }

  /** Stamp the review id on the message (Mailbox 1.8); resolves either way, at the latest after timeoutMs. */
  function stampReview(office, reviewId, timeoutMs) {
    var headers = office.context.mailbox.item.internetHeaders;
    if (!reviewId || !headers || typeof headers.setAsync !== "function") return Promise.resolve(false);
    var value = {};
    value[REVIEW_HEADER] = String(reviewId);
    return withTimeout(officeValue(office, function (cb) { headers.setAsync(value, cb); }), timeoutMs).then(
      function () { return true; },
      function () { return false; }
    );
  }

  /**
   * The whole check. Resolves with the outcome once event.completed was called (exactly once):
   * "sent" (reviewed, nothing to say), "warned", "timeout" or "failed" (sent unchecked).
   * `deps` (for tests): office, fetch, config (overrides SENDWELL_CONFIG), now.
   */
  function checkBeforeSend(event, deps) {
    deps = deps || {};
    var office = deps.office || root.Office;
    var cfg = settings(deps.config);
    var clock = deps.now || Date.now;
    var deadline = clock() + cfg.budgetMs;
    var remaining = function () { return deadline - clock(); };
    var finished = false;
    var resolveOutcome;
    var outcome = new Promise(function (resolve) { resolveOutcome = resolve; });

    function finish(options, result) {
      if (finished) return;
      finished = true;
      clearTimeout(guard);
      try {
        event.completed(options);
      } finally {
        resolveOutcome(result);
      }
    }
    // The hard stop: whatever is still running when the budget is spent, the email goes.
    var guard = setTimeout(function () { finish({ allowEvent: true }, "timeout"); }, cfg.budgetMs);

    var facts;
    var headers;
    Promise.resolve()
      .then(function () { return readItem(office); })
      .then(function (read) {
        facts = read;
        if (!facts.body) throw new Error("the body could not be read");
        return authHeaders(office, cfg, remaining() - FINISH_RESERVE_MS);
      })
      .then(function (h) {
        headers = h;
        var timeout = remaining() - FINISH_RESERVE_MS;
        if (timeout <= 0) throw new Error("no time left to review");
        var sentAt = toRfc3339(new Date(clock()));
        return requestJson("POST", cfg.base + "/api/v1/review", reviewRequest(facts, sentAt), headers, timeout, { fetch: deps.fetch });
      })
      .then(function (response) {
        if (finished) return null;
        if (!response.ok || !response.data || !response.data.scores) throw new Error("review failed: " + response.status);
        var review = response.data;
        var issues = findIssues(review, facts, cfg);
        if (issues.length === 0) {
          // Started before the header is stamped, so it runs alongside; never awaited.
          recordActivity(review, facts, { base: cfg.base, headers: headers, fetch: deps.fetch, now: clock, timeoutMs: remaining() });
        }
        return stampReview(office, review.review_id, remaining()).then(function () {
          if (issues.length === 0) finish({ allowEvent: true }, "sent");
          else finish(warningOptions(issues, office, cfg), "warned");
        });
      })
      .then(null, function () {
        finish({ allowEvent: true }, "failed");
      });
    return outcome;
  }

  /** The handler the manifest names (OnMessageSend → onMessageSendHandler). */
  function onMessageSendHandler(event) {
    return checkBeforeSend(event);
  }

  if (root.Office && root.Office.actions && typeof root.Office.actions.associate === "function") {
    root.Office.actions.associate("onMessageSendHandler", onMessageSendHandler);
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = {
      REVIEW_HEADER: REVIEW_HEADER,
      MESSAGE_LIMIT: MESSAGE_LIMIT,
      CANCEL_LABEL: CANCEL_LABEL,
      settings: settings,
      readItem: readItem,
      isFirstEmail: isFirstEmail,
      findIssues: findIssues,
      buildMessage: buildMessage,
      warningOptions: warningOptions,
      activityPayload: activityPayload,
      recordActivity: recordActivity,
      checkBeforeSend: checkBeforeSend,
      onMessageSendHandler: onMessageSendHandler,
    };
  }
})(typeof globalThis !== "undefined" ? globalThis : this);
