// Sendwell task pane: the logic that needs no DOM, so node's test runner can import it (with office-addin-mock
// standing in for Office.js). The page glue (taskpane.js) wires it to the shared review UI.
//
//   readDraft(Office)            the draft as the review API wants it (body as HTML, subject, To/Cc, sender)
//   DraftWatcher                 when to review: there is no body-changed event in compose, so it polls
//   createAuth(config)           authHeaders(): the ONE place API calls get their credentials
//   createApi(base, authHeaders) JSON GET/POST/DELETE through authHeaders()
//   workingDayChoices(today)     "add a day" choices for a promise without one

export const POLL_VISIBLE_MS = 2000; // never poll faster than this
export const POLL_HIDDEN_MS = [10000, 30000]; // backing off while the pane is hidden
export const MAX_FAILURE_DELAY_MS = 30000;

// --- Office.js ------------------------------------------------------------------------------------------------

/** Run an Office callback-style call; resolve with `asyncResult.value`, reject with an Error when it failed. */
export function officeAsync(call, office = globalThis.Office) {
  const failed = (office && office.AsyncResultStatus && office.AsyncResultStatus.Failed) || "failed";
  return new Promise((resolve, reject) => {
    try {
      call((result) => {
        if (result && result.status === failed) {
          const message = result.error && result.error.message ? result.error.message : "The Outlook call failed.";
          reject(Object.assign(new Error(message), { code: result.error && result.error.code }));
        } else {
          resolve(result ? result.value : undefined);
        }
      });
    } catch (err) {
      reject(err);
    }
  });
}

/** Outlook recipients ({emailAddress, displayName}) → API parties ({email, name}); unresolved entries are left out. */
export function toParties(recipients) {
  return (Array.isArray(recipients) ? recipients : [])
    .filter((r) => r && typeof r.emailAddress === "string" && r.emailAddress.includes("@"))
    .map((r) => (r.displayName && r.displayName !== r.emailAddress ? { name: r.displayName, email: r.emailAddress } : { email: r.emailAddress }));
}

/**
 * Read the draft being composed. The body is HTML so the review can tell the rep's new words from quoted
 * history; BodyMode.HostConfig asks for just the new words where the client supports it (others ignore it).
 */
export async function readDraft(office = globalThis.Office) {
  const mailbox = office.context.mailbox;
  const item = mailbox.item;
  const bodyMode = office.MailboxEnums && office.MailboxEnums.BodyMode && office.MailboxEnums.BodyMode.HostConfig;
  const bodyOptions = bodyMode !== undefined ? { bodyMode } : {};
  const [body, subject, to, cc] = await Promise.all([
    officeAsync((cb) => item.body.getAsync(office.CoercionType.Html, bodyOptions, cb), office),
    officeAsync((cb) => item.subject.getAsync(cb), office),
    officeAsync((cb) => item.to.getAsync(cb), office),
    officeAsync((cb) => item.cc.getAsync(cb), office),
  ]);
  const profile = mailbox.userProfile || {};
  const from = typeof profile.emailAddress === "string" && profile.emailAddress.includes("@")
    ? (profile.displayName ? { name: profile.displayName, email: profile.emailAddress } : { email: profile.emailAddress })
    : null;
  return { body: body || "", subject: subject || "", to: toParties(to), cc: toParties(cc), from };
}

/** Insert plain text at the cursor in the draft (replacing the selection, as Outlook does). */
export function insertText(text, office = globalThis.Office) {
  const item = office.context.mailbox.item;
  return officeAsync((cb) => item.body.setSelectedDataAsync(text, { coercionType: office.CoercionType.Text }, cb), office);
}

/** Call `handler` when the To/Cc/Bcc change (Mailbox 1.7); resolves false where unsupported. */
export function onRecipientsChanged(handler, office = globalThis.Office) {
  const item = office.context.mailbox.item;
  if (!item || typeof item.addHandlerAsync !== "function" || !office.EventType || !office.EventType.RecipientsChanged) return Promise.resolve(false);
  return officeAsync((cb) => item.addHandlerAsync(office.EventType.RecipientsChanged, handler, cb), office).then(() => true, () => false);
}

/** What identifies a version of the draft: a review is due only when this changes. */
export function draftKey(draft) {
  const emails = (parties) => (parties || []).map((p) => p.email.toLowerCase()).join(",");
  return JSON.stringify([draft.subject || "", draft.body || "", emails(draft.to), emails(draft.cc)]);
}

/** The POST /api/v1/review body for a draft; `sentAt` is RFC 3339 (due dates resolve in its offset). */
export function buildReviewRequest(draft, sentAt) {
  const request = { subject: draft.subject || "", body: draft.body || "", body_format: "html", to: draft.to || [], cc: draft.cc || [] };
  if (draft.from) request.from = draft.from;
  if (sentAt) request.sent_at = sentAt;
  return request;
}

// --- when to review -------------------------------------------------------------------------------------------

/**
 * Polls the draft and reviews it once typing pauses: a version is reviewed when it is read unchanged on two
 * polls in a row (or at once for the first read and after poke()), and only when it differs from the version
 * last reviewed. Polls every 2 s while visible; 10 s, then 30 s while hidden; failures back off to 30 s.
 *
 * `read()` resolves with a draft, `review(draft)` resolves when shown (rejects on failure).
 * `schedule`/`cancel`/`isHidden` are injectable for tests.
 */
export class DraftWatcher {
  constructor({ read, review, isHidden = () => false, schedule = (fn, ms) => setTimeout(fn, ms), cancel = (t) => clearTimeout(t),
    visibleMs = POLL_VISIBLE_MS, hiddenMs = POLL_HIDDEN_MS } = {}) {
    Object.assign(this, { read, review, isHidden, schedule, cancel });
    this.visibleMs = Math.max(POLL_VISIBLE_MS, Number(visibleMs) || POLL_VISIBLE_MS);
    this.hiddenMs = Array.isArray(hiddenMs) && hiddenMs.length ? hiddenMs.map((ms) => Math.max(this.visibleMs, ms)) : POLL_HIDDEN_MS;
    this.lastReadKey = null;
    this.reviewedKey = null;
    this.urgent = true; // the first read is reviewed at once
    this.hiddenStreak = 0;
    this.failures = 0;
    this.timer = null;
    this.running = false;
    this.busy = false;
    this.pending = false;
  }

  start() {
    this.running = true;
    this.next(0);
  }

  stop() {
    this.running = false;
    if (this.timer !== null) this.cancel(this.timer);
    this.timer = null;
  }

  /** Check now and review without waiting for a pause (recipients changed, text inserted, pane shown). */
  poke({ force = false } = {}) {
    this.urgent = true;
    if (force) this.reviewedKey = null;
    if (this.busy) this.pending = true;
    else if (this.running) this.next(0);
  }

  /** The wait before the next poll. */
  delay() {
    let ms = this.visibleMs;
    if (this.isHidden()) {
      ms = this.hiddenMs[Math.min(this.hiddenStreak, this.hiddenMs.length - 1)];
      this.hiddenStreak += 1;
    } else {
      this.hiddenStreak = 0;
    }
    if (this.failures) ms = Math.max(ms, Math.min(MAX_FAILURE_DELAY_MS, this.visibleMs * 2 ** this.failures));
    return ms;
  }

  next(ms) {
    if (this.timer !== null) this.cancel(this.timer);
    this.timer = this.schedule(() => {
      this.timer = null;
      this.tick();
    }, ms);
  }

  async tick() {
    if (this.busy || !this.running) return;
    this.busy = true;
    try {
      await this.check();
    } finally {
      this.busy = false;
      if (this.running) {
        if (this.pending) {
          this.pending = false;
          this.next(0);
        } else {
          this.next(this.delay());
        }
      }
    }
  }

  /** One poll: "reviewed", "typing" (changed since the last poll: wait for a pause), "same", or "failed". */
  async check() {
    let draft;
    try {
      draft = await this.read();
    } catch {
      this.failures += 1;
      return "failed";
    }
    const key = draftKey(draft);
    const steady = key === this.lastReadKey;
    this.lastReadKey = key;
    if (key === this.reviewedKey) {
      this.urgent = false;
      return "same";
    }
    if (!steady && !this.urgent) return "typing";
    this.urgent = false;
    try {
      await this.review(draft);
      this.reviewedKey = key;
      this.failures = 0;
      return "reviewed";
    } catch {
      this.failures += 1; // reviewedKey stays: the same version is tried again, later
      return "failed";
    }
  }
}

// --- "add a day" --------------------------------------------------------------------------------------------

/** The next `count` working days (Monday to Friday) after `today`, as local dates. */
export function nextWorkingDays(today = new Date(), count = 3) {
  const day = new Date(today.getFullYear(), today.getMonth(), today.getDate());
  const out = [];
  while (out.length < count) {
    day.setDate(day.getDate() + 1);
    if (day.getDay() !== 0 && day.getDay() !== 6) out.push(new Date(day));
  }
  return out;
}

/** "by Tuesday, 25 November": what a rep adds to a promise that names no day. */
export function byDayPhrase(date, locale = "en-GB") {
  const weekday = new Intl.DateTimeFormat(locale, { weekday: "long" }).format(date);
  const month = new Intl.DateTimeFormat(locale, { month: "long" }).format(date);
  return `by ${weekday}, ${date.getDate()} ${month}`;
}

/** [{date, text}] for the next three working days. */
export function workingDayChoices(today = new Date(), { count = 3, locale = "en-GB" } = {}) {
  return nextWorkingDays(today, count).map((date) => ({ date, text: byDayPhrase(date, locale) }));
}

// --- sign-in and the API --------------------------------------------------------------------------------------

/** Sign-in needs the rep: the page shows a "Sign in" button whose click calls authHeaders({interactive: true}). */
export class SignInRequired extends Error {
  constructor(message = "Sign in to Sendwell to see hints.", cause) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "SignInRequired";
  }
}

/**
 * authHeaders(): the ONE function every API call gets its credentials from.
 *
 * Sign-in off (local development: `config.auth.enabled` false) → no token; the rep is named with
 * X-Sendwell-Rep (the mailbox owner) when the server allows it (`config.dev_rep_header`).
 * Sign-in on → MSAL.js nested app authentication: the host (Outlook) brokers the token. MSAL is loaded
 * only then, from `config.auth.msal_url`; a token is asked silently first, then with a popup. A popup
 * needs the rep, so a failed one stops automatic attempts until the rep presses "Sign in"
 * (authHeaders({interactive: true})).
 */
export function createAuth(config, { userEmail = () => null, loadMsal = loadMsalScript } = {}) {
  const auth = (config && config.auth) || {};
  let client = null;
  let needsRep = false;

  function msalClient() {
    if (!client) {
      client = (async () => {
        if (!auth.client_id || !auth.scopes || !auth.scopes.length) throw new Error("Sign-in is on, but the server gave no client id or scope.");
        const msal = await loadMsal(auth.msal_url);
        return msal.createNestablePublicClientApplication({ auth: { clientId: auth.client_id, authority: auth.authority } });
      })();
      client.catch(() => {
        client = null; // try loading again next time
      });
    }
    return client;
  }

  return async function authHeaders({ interactive = false } = {}) {
    if (!auth.enabled) {
      const email = config && config.dev_rep_header ? userEmail() : null;
      return email ? { "X-Sendwell-Rep": email } : {};
    }
    const pca = await msalClient();
    const request = { scopes: auth.scopes };
    try {
      const result = await pca.acquireTokenSilent(request);
      needsRep = false;
      return { Authorization: `Bearer ${result.accessToken}` };
    } catch (silentError) {
      if (needsRep && !interactive) throw new SignInRequired(undefined, silentError);
      try {
        const result = await pca.acquireTokenPopup(request);
        needsRep = false;
        return { Authorization: `Bearer ${result.accessToken}` };
      } catch (popupError) {
        needsRep = true;
        throw new SignInRequired(undefined, popupError);
      }
    }
  };
}

/** Load MSAL.js's browser (UMD) bundle once, with a script tag; resolves with its `msal` global. */
export function loadMsalScript(url) {
  if (globalThis.msal && globalThis.msal.createNestablePublicClientApplication) return Promise.resolve(globalThis.msal);
  if (!url || typeof document === "undefined") return Promise.reject(new Error("MSAL.js is not available here."));
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = url;
    script.async = true;
    script.onload = () => (globalThis.msal ? resolve(globalThis.msal) : reject(new Error("MSAL.js loaded without its msal global.")));
    script.onerror = () => reject(new Error(`Could not load MSAL.js from ${url}.`));
    document.head.append(script);
  });
}

/** A failed API call: `status` 0 when unreachable; `message` is the problem's detail when there is one. */
export class ApiError extends Error {
  constructor(message, status = 0) {
    super(message);
    this.name = "ApiError";
    this.status = status;
  }
}

/** JSON calls to the Sendwell API, each with authHeaders(). */
export function createApi(base, authHeaders, { fetch: fetchImpl = (...args) => globalThis.fetch(...args) } = {}) {
  const root = String(base || "").replace(/\/+$/, "");
  async function call(method, path, body) {
    const headers = { Accept: "application/json, application/problem+json", ...(await authHeaders()) };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetchImpl(root + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiError("Could not reach the Sendwell service.");
    }
    if (response.status === 204) return null;
    let data = null;
    try {
      data = await response.json();
    } catch {
      data = null;
    }
    if (!response.ok) throw new ApiError((data && (data.detail || data.title)) || `The Sendwell service answered ${response.status}.`, response.status);
    return data;
  }
  return {
    get: (path) => call("GET", path),
    post: (path, body) => call("POST", path, body),
    del: (path) => call("DELETE", path),
  };
}
