// The Outlook task pane's glue: read the draft through Office.js, review it when typing pauses, and show the
// result with the SAME UI module as the playground (sendwell-ui.js), whose callbacks write back into the draft.
// Relative, so a deployment under a path prefix (https://host/sendwell/outlook/…) finds <prefix>/static/.
import { renderEmpty, renderReview, reviewDraft, toRfc3339 } from "../../static/sendwell-ui.js";
import {
  DraftWatcher,
  SignInRequired,
  buildReviewRequest,
  createApi,
  createAuth,
  insertText,
  onRecipientsChanged,
  readDraft,
  workingDayChoices,
} from "./pane-core.mjs";

const VAGUE_DUE = "commitment.vague_due";

const reviewBox = document.getElementById("review");
const alertBox = document.getElementById("alert");
const statusBox = document.getElementById("status");
const busyBox = document.getElementById("busy");
const headlinesBox = document.getElementById("headlines");
const signinBox = document.getElementById("signin");
const signinButton = document.getElementById("signin-button");

const EMPTY = {
  title: "Nothing to review yet",
  text: "Write your email. A moment after you stop typing, Sendwell shows its scores and hints here.",
};

let apiBase = ""; // same origin as this page; the server says whether under a path prefix
let authHeaders = null;
let api = null;
let watcher = null;
let current = null; // the review shown
let inFlight = null; // AbortController of the review under way
const dismissed = new Set(); // hint kinds this rep dismissed (kept on the server)

async function start() {
  if (typeof Office === "undefined") {
    showProblem("Office.js did not load.", "Check the connection to appsforoffice.microsoft.com and reopen Sendwell.");
    return;
  }
  await Office.onReady();
  const mailbox = Office.context && Office.context.mailbox;
  if (!mailbox || !mailbox.item) {
    renderEmpty(reviewBox, { title: "Open Sendwell from Outlook", text: "Sendwell reviews the email you are writing: open it from a new message or reply." });
    return;
  }
  let config;
  try {
    config = await (await fetch("config.json", { headers: { Accept: "application/json" } })).json();
  } catch {
    showProblem("Sendwell is unreachable.", "Check your connection and reopen the pane.");
    return;
  }
  authHeaders = createAuth(config, { userEmail: () => mailbox.userProfile && mailbox.userProfile.emailAddress });
  apiBase = typeof config.api_base === "string" ? config.api_base : "";
  api = createApi(apiBase, authHeaders);
  renderEmpty(reviewBox, EMPTY);
  signinButton.addEventListener("click", signIn);

  loadHeadlines(); // not awaited: the header is a nice-to-have
  await loadDismissals();
  watcher = new DraftWatcher({
    read: () => readDraft(Office),
    review: runReview,
    isHidden: () => document.visibilityState === "hidden",
    visibleMs: config.poll && config.poll.visible_ms,
    hiddenMs: config.poll && config.poll.hidden_ms,
  });
  onRecipientsChanged(() => watcher.poke(), Office);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") watcher.poke();
  });
  watcher.start();
}

async function loadHeadlines() {
  try {
    const summary = await api.get("/api/v1/me/summary");
    const lines = Array.isArray(summary && summary.headlines) ? summary.headlines : [];
    headlinesBox.replaceChildren(...lines.map((line) => Object.assign(document.createElement("li"), { textContent: line })));
    headlinesBox.hidden = lines.length === 0;
  } catch {
    headlinesBox.hidden = true;
  }
}

async function loadDismissals() {
  try {
    const data = await api.get("/api/v1/dismissals");
    for (const kind of (data && data.dismissed) || []) dismissed.add(kind);
  } catch {
    // Without the list the server still leaves dismissed hints out of its reviews.
  }
}

/** Review one version of the draft (called by the watcher; rejects so it backs off on failure). */
async function runReview(draft) {
  if (inFlight) inFlight.abort();
  if (!visibleText(draft.body).trim()) {
    current = null;
    showAlert(null);
    setStatus("");
    renderEmpty(reviewBox, EMPTY);
    return;
  }
  const controller = (inFlight = new AbortController());
  setBusy(true);
  try {
    const headers = await authHeaders();
    const review = await reviewDraft(apiBase, buildReviewRequest(draft, toRfc3339(new Date())), { signal: controller.signal, headers });
    current = review;
    signinBox.hidden = true;
    showAlert(null);
    show();
    const count = (review.findings || []).filter((f) => !dismissed.has(f.kind)).length;
    setStatus(`Reviewed: ${count === 0 ? "no hints" : count === 1 ? "1 hint" : `${count} hints`}`);
  } catch (err) {
    if (err.name === "AbortError") return;
    if (err instanceof SignInRequired) signinBox.hidden = false;
    else showAlert(err);
    setStatus("");
    throw err;
  } finally {
    if (inFlight === controller) inFlight = null;
    setBusy(false);
  }
}

function show() {
  if (!current) return;
  renderReview(reviewBox, current, {
    dismissed,
    onInsertSuggestion: (text) => insert(text),
    onDismiss(finding) {
      dismiss(finding.kind);
      addDayChoices(); // the hint list was redrawn
    },
    onRestoreDismissed: restoreDismissed,
  });
  addDayChoices();
}

/** A promise with no day gets "add a day" buttons: the next three working days, inserted at the cursor. */
function addDayChoices() {
  for (const item of reviewBox.querySelectorAll(`.sw-finding[data-kind="${VAGUE_DUE}"]`)) {
    if (item.querySelector(".tp-days")) continue;
    const buttons = workingDayChoices(new Date()).map(({ text }) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "sw-button tp-day";
      button.title = `Insert “${text}” at the cursor`;
      button.textContent = text.replace(/^by /, "");
      button.addEventListener("click", () => insert(text));
      return button;
    });
    const row = document.createElement("div");
    row.className = "sw-actions tp-days";
    const label = Object.assign(document.createElement("span"), { className: "tp-days-label", textContent: "Add a day:" });
    row.append(label, ...buttons);
    const dismissButton = item.querySelector(".sw-dismiss");
    item.insertBefore(row, dismissButton);
  }
}

async function insert(text) {
  try {
    await insertText(text, Office);
    setStatus("Inserted at the cursor");
    watcher.poke(); // review the new words without waiting for a pause
  } catch {
    showProblem("Could not insert the text.", "Click in your email where it should go, then try again.");
  }
}

async function dismiss(kind) {
  dismissed.add(kind);
  setStatus("Hint dismissed");
  try {
    await api.post("/api/v1/dismissals", { kind });
  } catch {
    showProblem("Could not save the dismissal.", "The hint may come back next time.");
  }
}

async function restoreDismissed() {
  const kinds = [...dismissed];
  dismissed.clear();
  await Promise.allSettled(kinds.map((kind) => api.del(`/api/v1/dismissals/${encodeURIComponent(kind)}`)));
  setStatus("Dismissed hints shown again");
  watcher.poke({ force: true }); // the server left them out of the last review
}

async function signIn() {
  try {
    await authHeaders({ interactive: true });
    signinBox.hidden = true;
    loadHeadlines();
    watcher.poke({ force: true });
  } catch {
    showProblem("Sign-in did not complete.", "Try again, or ask your administrator whether Sendwell is allowed for your account.");
  }
}

/** The text a reader sees in the HTML body (parsed inertly: nothing runs, nothing loads). */
function visibleText(html) {
  return new DOMParser().parseFromString(String(html || ""), "text/html").body.textContent || "";
}

function showAlert(err) {
  if (!err) {
    alertBox.replaceChildren();
    reviewBox.classList.remove("is-stale");
    return;
  }
  const title = err.status ? "The review failed." : "Sendwell is unreachable.";
  showProblem(title, err.message + (current ? " The hints below are for an earlier version of the email." : ""));
  reviewBox.classList.toggle("is-stale", Boolean(current));
}

function showProblem(title, detail) {
  const strong = document.createElement("strong");
  strong.textContent = title;
  const span = document.createElement("span");
  span.className = "sw-alert-detail";
  span.textContent = detail;
  alertBox.replaceChildren(strong, " ", span);
}

function setStatus(text) {
  statusBox.textContent = text;
}

function setBusy(busy) {
  reviewBox.setAttribute("aria-busy", String(busy));
  reviewBox.classList.toggle("is-busy", busy);
  busyBox.hidden = !busy;
}

start();
