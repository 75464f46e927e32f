// The playground page's glue: read the form, review after a typing pause, show the result with the shared
// UI module (sendwell-ui.js), and connect its callbacks to the textarea and the clipboard.
import { renderEmpty, renderReview, reviewDraft, toRfc3339 } from "./sendwell-ui.js";

const DEBOUNCE_MS = 400;
const API_BASE = ""; // same origin

const form = document.getElementById("draft");
const subject = document.getElementById("subject");
const toName = document.getElementById("to-name");
const toEmail = document.getElementById("to-email");
const body = document.getElementById("body");
const reviewBox = document.getElementById("review");
const alertBox = document.getElementById("alert");
const statusBox = document.getElementById("status");
const busyBox = document.getElementById("busy");

const EMPTY = {
  title: "Nothing to review yet",
  text: "Type or paste a sales email into the draft, or press “Try an example”. A moment after you stop typing, the scores and hints appear here, anchored on your exact words.",
};

const EXAMPLE = {
  subject: "Re: Support pilot for Northwind",
  toName: "Priya Raman",
  toEmail: "priya.raman@northwind.example",
  body: [
    "Hi Priya,",
    "",
    "Thanks again for walking me through the dispatch workflow on Tuesday. Your point about night-shift handovers losing context was really useful.",
    "",
    "I'll send over the revised proposal next week, and I will set up a sandbox for your team by Thursday. If it helps get this over the line, I can give you 20% off the first year if you sign before the end of the month. Honestly, Zendesk's routing is clunky and outdated compared to ours, so you'll see the difference quickly.",
    "",
    "Can you send me the list of pilot users ASAP? Also, who else should join the kickoff call?",
    "",
    "Best regards,",
    "Tom Baker",
    "Account Executive | Sendwell",
    "+1 555 0100",
    "",
    "On Mon, 16 Nov 2026 at 16:02, Priya Raman <priya.raman@northwind.example> wrote:",
    "> Hi Tom,",
    "> Thanks for the demo. Could you send us a proposal for a 20-seat pilot?",
    "> Priya",
  ].join("\n"),
};

let timer = 0;
let inFlight = null; // AbortController of the request under way
let sequence = 0;
let current = null; // {review, body} last shown
const dismissed = new Set();

function buildRequest() {
  const request = { subject: subject.value, body: body.value, body_format: "text", sent_at: toRfc3339(new Date()) };
  const email = toEmail.value.trim();
  if (email.includes("@")) {
    const name = toName.value.trim();
    request.to = [name ? { name, email } : { email }];
  }
  return request;
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(run, DEBOUNCE_MS);
}

async function run() {
  clearTimeout(timer);
  if (inFlight) inFlight.abort();
  inFlight = null;
  const request = buildRequest();
  const id = ++sequence;
  if (!request.body.trim()) {
    current = null;
    setBusy(false);
    showAlert(null);
    setStatus("");
    renderEmpty(reviewBox, EMPTY);
    return;
  }
  const controller = (inFlight = new AbortController());
  setBusy(true);
  try {
    const review = await reviewDraft(API_BASE, request, { signal: controller.signal });
    if (id !== sequence) return;
    current = { review, body: request.body };
    showAlert(null);
    show();
    const count = Array.isArray(review.findings) ? review.findings.filter((f) => !dismissed.has(f.kind)).length : 0;
    setStatus(`Reviewed: ${count === 0 ? "no hints" : count === 1 ? "1 hint" : `${count} hints`}`);
  } catch (err) {
    if (id !== sequence || err.name === "AbortError") return;
    showAlert(err);
    setStatus("");
  } finally {
    if (id === sequence) {
      inFlight = null;
      setBusy(false);
    }
  }
}

function show() {
  if (!current) return;
  renderReview(reviewBox, current.review, {
    dismissed,
    onSelectFinding: selectInBody,
    onInsertSuggestion: insertAtCursor,
    onCopySuggestion: copy,
    onDismiss(finding) {
      dismissed.add(finding.kind);
      setStatus("Hint dismissed");
    },
    onRestoreDismissed() {
      dismissed.clear();
      show();
      setStatus("Dismissed hints shown again");
    },
  });
}

/** Select the item's characters in the textarea, when the reviewed text is the body as typed. */
function selectInBody(item) {
  if (!current || current.review.text !== body.value) return;
  body.focus({ preventScroll: true });
  body.setSelectionRange(item.start, item.end);
  scrollTextareaTo(body, item.start);
}

/**
 * Insert a suggestion at the textarea's cursor, replacing its selection, keeping the browser's undo history.
 * The finding's words are selected first when they are still where the review found them, so "Insert"
 * replaces "ASAP" with "by Tuesday"; otherwise the suggestion goes where the cursor is.
 */
function insertAtCursor(text, finding) {
  if (finding && current && current.review.text === body.value && body.value.slice(finding.start, finding.end) === finding.text) {
    body.setSelectionRange(finding.start, finding.end);
  }
  body.focus({ preventScroll: true });
  let done = false;
  try {
    done = document.execCommand("insertText", false, text);
  } catch {
    done = false;
  }
  if (!done) {
    body.setRangeText(text, body.selectionStart, body.selectionEnd, "end");
    body.dispatchEvent(new Event("input", { bubbles: true }));
  }
  setStatus("Suggestion inserted");
}

async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    setStatus("Suggestion copied");
  } catch {
    const scratch = document.createElement("textarea");
    scratch.value = text;
    scratch.setAttribute("readonly", "");
    scratch.style.cssText = "position:fixed;top:0;left:-9999px;opacity:0";
    document.body.append(scratch);
    scratch.select();
    const ok = document.execCommand("copy");
    scratch.remove();
    setStatus(ok ? "Suggestion copied" : "Could not copy: select the suggestion and copy it by hand");
  }
}

/** Scroll a textarea so the character at `index` is in view (measured on an off-screen mirror). */
function scrollTextareaTo(textarea, index) {
  const style = getComputedStyle(textarea);
  const mirror = document.createElement("div");
  for (const prop of ["boxSizing", "paddingTop", "paddingRight", "paddingBottom", "paddingLeft", "borderTopWidth", "borderRightWidth",
    "borderBottomWidth", "borderLeftWidth", "fontFamily", "fontSize", "fontWeight", "lineHeight", "letterSpacing", "wordSpacing", "tabSize"]) {
    mirror.style[prop] = style[prop];
  }
  Object.assign(mirror.style, {
    position: "absolute", visibility: "hidden", top: "0", left: "-9999px", height: "auto",
    boxSizing: "content-box", borderStyle: "solid", whiteSpace: "pre-wrap", overflowWrap: "break-word",
  });
  mirror.style.width = `${textarea.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)}px`;
  mirror.textContent = textarea.value.slice(0, index);
  const marker = document.createElement("span");
  marker.textContent = "\u200b";
  mirror.append(marker);
  document.body.append(mirror);
  const top = marker.offsetTop;
  mirror.remove();
  textarea.scrollTop = Math.max(0, top - textarea.clientHeight / 3);
}

function showAlert(err) {
  alertBox.replaceChildren();
  reviewBox.classList.toggle("is-stale", Boolean(err));
  if (!err) return;
  const title = document.createElement("strong");
  title.textContent = err.status ? "The review failed." : "Sendwell is unreachable.";
  const detail = document.createElement("span");
  detail.className = "sw-alert-detail";
  detail.textContent = err.message;
  alertBox.append(title, " ", detail);
  if (current) alertBox.append(" ", "The hints below are for an earlier version of the email.");
}

function setStatus(text) {
  statusBox.textContent = text;
}

function setBusy(busy) {
  reviewBox.setAttribute("aria-busy", String(busy));
  reviewBox.classList.toggle("is-busy", busy);
  busyBox.hidden = !busy;
}

form.addEventListener("input", schedule);
form.addEventListener("submit", (event) => event.preventDefault());

document.getElementById("try-example").addEventListener("click", () => {
  subject.value = EXAMPLE.subject;
  toName.value = EXAMPLE.toName;
  toEmail.value = EXAMPLE.toEmail;
  body.value = EXAMPLE.body;
  body.setSelectionRange(0, 0);
  body.scrollTop = 0;
  run();
});

document.getElementById("clear").addEventListener("click", () => {
  form.reset();
  dismissed.clear();
  run();
  body.focus();
});

renderEmpty(reviewBox, EMPTY);
if (body.value.trim()) run(); // e.g. the browser restored the form
