// Sendwell review UI: the rendering shared by the playground, the Outlook task pane and the Gmail add-on.
//
// A plain browser ES module: no build step, no dependencies, no globals. Every piece of user or server
// text is put into the DOM with text nodes (never innerHTML), so a draft containing markup is shown as
// the characters it is.
//
//   import { reviewDraft, renderReview, renderEmpty } from "/static/sendwell-ui.js";
//   const review = await reviewDraft("", request, { signal });          // POST /api/v1/review
//   const view = renderReview(container, review, { onSelectFinding, onInsertSuggestion, onDismiss });
//
// Styling lives in sendwell.css (classes prefixed "sw-"); the layout works from 300 px wide up.

/** Known finding categories, in the order their groups are shown (unknown ones follow, by position). */
export const CATEGORY_ORDER = ["politeness", "personalization", "commitment", "next_step", "discount", "disparagement"];

/** What each category is called in the UI; unknown categories are humanised ("some_thing" → "Some thing"). */
export const CATEGORY_LABELS = {
  politeness: "Tone",
  personalization: "Personalization",
  commitment: "Promises",
  next_step: "Next step",
  discount: "Discounts",
  disparagement: "Competitors",
};

export const SEVERITY_LABELS = { critical: "Critical", warning: "Warning", info: "Tip" };
const SEVERITY_RANK = { critical: 3, warning: 2, info: 1 };

/** A failed review: `message` is readable as is (the problem's `detail`); `status` is 0 when unreachable. */
export class ReviewError extends Error {
  constructor(message, { status = 0, problem = null, cause } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "ReviewError";
    this.status = status;
    this.problem = problem;
    /** Per-field errors of a 400 ([{pointer, detail}]), empty otherwise. */
    this.errors = problem && Array.isArray(problem.errors) ? problem.errors : [];
  }
}

/**
 * POST `request` to `${apiBase}/api/v1/review` and resolve with the review JSON.
 *
 * `apiBase` is "" for the same origin, or e.g. "https://sendwell.example.com". Options: `signal` (an
 * AbortSignal; aborting rejects with the usual AbortError, which callers should ignore), `headers`
 * (extra headers, e.g. Authorization), `fetch` (an alternative fetch implementation).
 * Rejects with a ReviewError carrying the problem's `detail` on a non-2xx answer or a network failure.
 */
export async function reviewDraft(apiBase, request, { signal, headers = {}, fetch: fetchImpl = globalThis.fetch } = {}) {
  const url = String(apiBase || "").replace(/\/+$/, "") + "/api/v1/review";
  let response;
  try {
    response = await fetchImpl(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json, application/problem+json", ...headers },
      body: JSON.stringify(request),
      signal,
    });
  } catch (err) {
    if (isAbort(err, signal)) throw err;
    throw new ReviewError("Could not reach the Sendwell service. Check your connection and try again.", { cause: err });
  }
  if (!response.ok) {
    let problem = null;
    try {
      problem = await response.json();
    } catch (err) {
      if (isAbort(err, signal)) throw err;
    }
    throw new ReviewError(problemMessage(problem, response), { status: response.status, problem });
  }
  try {
    return await response.json();
  } catch (err) {
    if (isAbort(err, signal)) throw err;
    throw new ReviewError("The Sendwell service sent an answer that is not JSON.", { status: response.status, cause: err });
  }
}

function isAbort(err, signal) {
  return (err && err.name === "AbortError") || Boolean(signal && signal.aborted);
}

function problemMessage(problem, response) {
  if (problem && typeof problem === "object") {
    const errors = Array.isArray(problem.errors) ? problem.errors.filter((e) => e && typeof e.detail === "string") : [];
    if (errors.length > 1) return errors.map((e) => e.detail).join(" ");
    if (typeof problem.detail === "string" && problem.detail) return problem.detail;
    if (typeof problem.title === "string" && problem.title) return problem.title;
  }
  const reason = response.statusText ? ` ${response.statusText}` : "";
  return `The Sendwell service answered ${response.status}${reason}. Try again in a moment.`;
}

/** `date` as RFC 3339 with the browser's UTC offset (e.g. "2026-11-20T09:30:00+01:00"), for `sent_at`. */
export function toRfc3339(date = new Date()) {
  const pad = (n) => String(Math.trunc(Math.abs(n))).padStart(2, "0");
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(offset / 60)}:${pad(offset % 60)}`
  );
}

/**
 * A due date ("2026-11-27") as a short day: "Fri 27 Nov"; the year is added when it is not this year
 * ("Tue 5 Jan 2027"). `today` (a Date) and `locale` (default "en-GB") are for callers and tests.
 */
export function formatDue(iso, { locale = "en-GB", today = new Date() } = {}) {
  const date = parseIsoDate(iso);
  if (!date) return String(iso);
  const options = { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" };
  if (date.getUTCFullYear() !== today.getFullYear()) options.year = "numeric";
  return new Intl.DateTimeFormat(locale, options).format(date).replace(/,/g, "");
}

function formatDueLong(iso, locale) {
  const date = parseIsoDate(iso);
  if (!date) return String(iso);
  const options = { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" };
  return new Intl.DateTimeFormat(locale, options).format(date);
}

function parseIsoDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso || ""));
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
}

/** The UI label of a finding category. */
export function categoryLabel(category) {
  if (Object.prototype.hasOwnProperty.call(CATEGORY_LABELS, category)) return CATEGORY_LABELS[category];
  const words = String(category || "other").replace(/[_\-.]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Findings grouped by category for display: [{category, label, findings}], groups in CATEGORY_ORDER then
 * unknown categories by their first position; inside a group by position (start, end), worst first on ties.
 */
export function groupFindings(findings) {
  const sorted = [...(findings || [])].sort(
    (a, b) => a.start - b.start || a.end - b.end || (SEVERITY_RANK[b.severity] || 0) - (SEVERITY_RANK[a.severity] || 0),
  );
  const groups = new Map();
  for (const finding of sorted) {
    if (!groups.has(finding.category)) groups.set(finding.category, []);
    groups.get(finding.category).push(finding);
  }
  const rank = (category) => {
    const i = CATEGORY_ORDER.indexOf(category);
    return i === -1 ? CATEGORY_ORDER.length : i;
  };
  return [...groups.entries()]
    .map(([category, items], order) => ({ category, label: categoryLabel(category), findings: items, order }))
    .sort((a, b) => rank(a.category) - rank(b.category) || a.order - b.order)
    .map(({ order, ...group }) => group);
}

/** Show the "nothing reviewed yet" state in `container`. */
export function renderEmpty(container, {
  title = "Nothing to review yet",
  text = "Write or paste a sales email. Sendwell reviews it as you type and shows its hints here.",
} = {}) {
  container.replaceChildren(
    el("div", { className: "sw-empty" }, [
      el("div", { className: "sw-empty-icon", "aria-hidden": "true" }, "\u2709"),
      el("p", { className: "sw-empty-title" }, title),
      el("p", { className: "sw-empty-text" }, text),
    ]),
  );
}

/**
 * Render `review` (the JSON of POST /api/v1/review) into `container`, replacing its content.
 *
 * Options (all optional):
 *   onSelectFinding(item, type)         a finding ("finding"), promise ("commitment") or ask ("ask") was
 *                                       chosen; its words are highlighted in the text view
 *   onInsertSuggestion(text, finding)   shows an "Insert" button beside each suggestion
 *   onCopySuggestion(text, finding)     shows a "Copy suggestion" button beside each suggestion
 *   onDismiss(finding)                  shows "Dismiss"; hides every finding of that `kind` at once
 *   dismissed                           kinds (iterable) not to show, e.g. the ones dismissed before
 *   onRestoreDismissed()                shows "Show N dismissed" when some are hidden
 *   headingLevel (3), locale ("en-GB"), today (Date, for due dates), showText (true)
 *
 * Returns {select(item), clearSelection(), element}: `select` highlights any {start, end} span.
 */
export function renderReview(container, review, options = {}) {
  const {
    onSelectFinding,
    onInsertSuggestion,
    onCopySuggestion,
    onDismiss,
    onRestoreDismissed,
    headingLevel = 3,
    locale = "en-GB",
    today = new Date(),
    showText = true,
  } = options;
  const text = typeof review.text === "string" ? review.text : "";
  const clamp = (n) => Math.min(Math.max(Number(n) || 0, 0), text.length);
  const reviewed = Array.isArray(review.reviewed) ? [clamp(review.reviewed[0]), clamp(review.reviewed[1])] : [0, text.length];
  const allFindings = Array.isArray(review.findings) ? review.findings : [];
  const commitments = sortByPosition(review.commitments);
  const asks = sortByPosition(review.asks);
  const dismissed = new Set(options.dismissed || []);
  const h = (offset) => `h${Math.min(Math.max(headingLevel + offset, 1), 6)}`;

  let selected = null; // {type, item}
  const visibleFindings = () => allFindings.filter((f) => !dismissed.has(f.kind));

  const root = el("div", { className: "sw-review" });
  const textView = el("div", {
    className: "sw-text",
    role: "region",
    tabIndex: 0,
    "aria-label": "Your email as reviewed (read-only)",
  });
  const findingsSection = el("section", { className: "sw-section sw-findings", "aria-label": "Hints" });

  // --- scores ---------------------------------------------------------------------------------------------
  const scores = review.scores || {};
  root.append(
    el("section", { className: "sw-scores", "aria-label": "Scores" }, [
      scoreMeter("politeness", "Politeness", scores.politeness),
      scoreMeter("personalization", "Personalization", scores.personalization),
    ]),
  );

  // --- the text, with hints underlined and the chosen span marked -----------------------------------------
  function drawText() {
    const findings = visibleFindings().filter((f) => f.end > f.start);
    const span = selected ? { start: clamp(selected.item.start), end: clamp(selected.item.end) } : null;
    const bounds = new Set([0, text.length, ...reviewed]);
    for (const f of findings) bounds.add(clamp(f.start)).add(clamp(f.end));
    if (span) bounds.add(span.start).add(span.end);
    const cuts = [...bounds].sort((a, b) => a - b);
    const nodes = [];
    let mark = null;
    for (let i = 0; i + 1 < cuts.length; i++) {
      const [a, b] = [cuts[i], cuts[i + 1]];
      if (a >= b) continue;
      const slice = text.slice(a, b);
      const dim = b <= reviewed[0] || a >= reviewed[1];
      const covering = findings.filter((f) => clamp(f.start) <= a && clamp(f.end) >= b);
      let node;
      if (!dim && covering.length === 0) {
        node = document.createTextNode(slice);
      } else {
        node = el("span", {}, slice);
        if (dim) {
          node.classList.add("sw-dim");
          node.title = "Not reviewed: quoted history or signature";
        }
        if (covering.length) {
          const worst = covering.reduce((w, f) => ((SEVERITY_RANK[f.severity] || 0) > (SEVERITY_RANK[w.severity] || 0) ? f : w));
          const narrowest = covering.reduce((n, f) => (f.end - f.start < n.end - n.start ? f : n));
          node.classList.add("sw-hint", `sw-hint-${worst.severity || "info"}`);
          node.dataset.finding = String(allFindings.indexOf(narrowest));
        }
      }
      if (span && span.start < span.end && a >= span.start && b <= span.end) {
        if (!mark) {
          mark = el("mark", { className: `sw-mark sw-mark-${selected.type}` });
          nodes.push(mark);
        }
        mark.append(node);
      } else {
        nodes.push(node);
      }
    }
    textView.replaceChildren(...nodes);
    if (mark) {
      // Scroll the text view (only: not the page or pane) when the mark is out of its sight.
      const top = mark.offsetTop;
      const bottom = top + mark.offsetHeight;
      if (top < textView.scrollTop || bottom > textView.scrollTop + textView.clientHeight) {
        textView.scrollTop = Math.max(0, top - textView.clientHeight / 3);
      }
    }
  }

  if (showText) {
    const hasDim = reviewed[0] > 0 || reviewed[1] < text.length;
    root.append(
      el("section", { className: "sw-section sw-text-section", "aria-label": "Your email" }, [
        el(h(0), { className: "sw-heading" }, "Your email"),
        textView,
        hasDim ? el("p", { className: "sw-legend" }, [el("span", { className: "sw-dim" }, "Dimmed text"), " (quoted history, signature) is not reviewed."]) : null,
      ]),
    );
    textView.addEventListener("click", (event) => {
      const target = event.target instanceof Element ? event.target.closest("[data-finding]") : null;
      const finding = target && allFindings[Number(target.dataset.finding)];
      if (!finding) return;
      choose("finding", finding);
      const row = findingsSection.querySelector(`[data-index="${allFindings.indexOf(finding)}"]`);
      if (row) row.scrollIntoView({ block: "nearest" });
    });
  }

  // --- findings, grouped by category ------------------------------------------------------------------------
  function drawFindings(focusIndex) {
    const visible = visibleFindings();
    const hidden = allFindings.length - visible.length;
    const children = [el(h(0), { className: "sw-heading" }, ["Hints", el("span", { className: "sw-count" }, String(visible.length))])];
    if (visible.length) {
      children.push(el("p", { className: "sw-summary" }, severitySummary(visible)));
    } else {
      children.push(el("p", { className: "sw-none" }, allFindings.length ? "All hints dismissed." : "No hints: nothing to change here."));
    }
    for (const group of groupFindings(visible)) {
      children.push(
        el("div", { className: "sw-group", dataset: { category: group.category } }, [
          el(h(1), { className: "sw-group-title" }, [el("span", { className: "sw-group-label" }, group.label), el("span", { className: "sw-count" }, String(group.findings.length))]),
          el("ul", { className: "sw-list" }, group.findings.map(findingItem)),
        ]),
      );
    }
    if (hidden && onRestoreDismissed) {
      children.push(
        el("p", { className: "sw-dismissed" }, [
          `${hidden} dismissed ${hidden === 1 ? "hint" : "hints"} hidden. `,
          el("button", { type: "button", className: "sw-link", onclick: () => onRestoreDismissed() }, "Show them"),
        ]),
      );
    }
    findingsSection.replaceChildren(...children);
    if (focusIndex !== undefined) {
      const buttons = [...findingsSection.querySelectorAll(".sw-item-main")];
      const target = buttons[Math.min(focusIndex, buttons.length - 1)] || findingsSection.querySelector(".sw-heading");
      if (target) {
        if (!target.matches("button")) target.tabIndex = -1;
        target.focus({ preventScroll: false });
      }
    }
  }

  function findingItem(finding) {
    const severity = SEVERITY_LABELS[finding.severity] ? finding.severity : "info";
    const index = allFindings.indexOf(finding);
    const actions = [];
    if (typeof finding.suggestion === "string" && finding.suggestion) {
      if (onInsertSuggestion)
        actions.push(
          el("button", { type: "button", className: "sw-button sw-insert", title: "Insert at the cursor in your draft (replaces the selected words)", onclick: () => onInsertSuggestion(finding.suggestion, finding) }, "Insert"),
        );
      if (onCopySuggestion)
        actions.push(el("button", { type: "button", className: "sw-button sw-copy", onclick: () => onCopySuggestion(finding.suggestion, finding) }, "Copy suggestion"));
    }
    const dismiss = onDismiss
      ? el("button", {
          type: "button",
          className: "sw-dismiss",
          title: "Dismiss this kind of hint",
          "aria-label": `Dismiss this kind of hint: ${finding.message}`,
          onclick: () => {
            const position = [...findingsSection.querySelectorAll(".sw-item-main")].findIndex((b) => b.dataset.index === String(index));
            dismissed.add(finding.kind);
            if (selected && selected.type === "finding" && selected.item.kind === finding.kind) selected = null;
            drawFindings(Math.max(position, 0));
            drawText();
            onDismiss(finding);
          },
        }, el("span", { "aria-hidden": "true" }, "\u00d7"))
      : null;
    return el("li", { className: `sw-item sw-finding sw-sev-${severity}${dismiss ? " sw-dismissable" : ""}`, dataset: { index: String(index), kind: finding.kind || "", start: String(finding.start), end: String(finding.end) } }, [
      el("button", {
        type: "button",
        className: "sw-item-main",
        "aria-pressed": "false",
        dataset: { index: String(index), type: "finding" },
        onclick: () => choose("finding", finding),
      }, [
        el("span", { className: "sw-item-head" }, [
          el("span", { className: `sw-badge sw-badge-${severity}` }, SEVERITY_LABELS[severity]),
          el("q", { className: "sw-quote" }, finding.text || text.slice(clamp(finding.start), clamp(finding.end))),
        ]),
        el("span", { className: "sw-message" }, finding.message || ""),
      ]),
      typeof finding.suggestion === "string" && finding.suggestion
        ? el("p", { className: "sw-suggestion" }, [el("span", { className: "sw-suggestion-label" }, "Try: "), el("span", { className: "sw-suggestion-text" }, finding.suggestion)])
        : null,
      actions.length ? el("div", { className: "sw-actions" }, actions) : null,
      dismiss,
    ]);
  }

  drawFindings();
  root.append(findingsSection);

  // --- promises and asks ------------------------------------------------------------------------------------
  root.append(
    el("section", { className: "sw-section sw-commitments", "aria-label": "Your promises" }, [
      el(h(0), { className: "sw-heading" }, ["Your promises", el("span", { className: "sw-count" }, String(commitments.length))]),
      commitments.length
        ? el("ul", { className: "sw-list" }, commitments.map((c) => spanItem("commitment", c, dueChip(c))))
        : el("p", { className: "sw-none" }, "No promises found. Saying what you will do next, and by when, builds trust."),
    ]),
    el("section", { className: "sw-section sw-asks", "aria-label": "Your asks" }, [
      el(h(0), { className: "sw-heading" }, ["Your asks", el("span", { className: "sw-count" }, String(asks.length))]),
      asks.length
        ? el("ul", { className: "sw-list" }, asks.map((a) => spanItem("ask", a, null)))
        : el("p", { className: "sw-none" }, "No clear ask. End with one concrete thing the reader can do."),
    ]),
  );

  function dueChip(commitment) {
    if (commitment.due) {
      return el("span", { className: "sw-due", title: formatDueLong(commitment.due, locale) + (commitment.due_phrase ? ` (“${commitment.due_phrase}”)` : "") }, [
        el("span", { className: "sw-visually-hidden" }, "Due "),
        formatDue(commitment.due, { locale, today }),
      ]);
    }
    return el("span", { className: "sw-due sw-due-missing", title: "Name a day so the reader knows when to expect it" }, [
      "no day named",
      commitment.due_phrase ? el("span", { className: "sw-due-phrase" }, ` (“${commitment.due_phrase}”)`) : null,
    ]);
  }

  function spanItem(type, item, extra) {
    return el("li", { className: `sw-item sw-${type}`, dataset: { start: String(item.start), end: String(item.end) } }, [
      el("button", { type: "button", className: "sw-item-main", "aria-pressed": "false", dataset: { type }, onclick: () => choose(type, item) }, [
        el("q", { className: "sw-quote" }, item.text || text.slice(clamp(item.start), clamp(item.end))),
      ]),
      extra,
    ]);
  }

  // --- stats --------------------------------------------------------------------------------------------------
  const stats = review.stats;
  if (stats) {
    const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
    root.append(
      el("p", { className: "sw-stats" }, [
        plural(stats.words ?? 0, "word"),
        " · ",
        plural(stats.sentences ?? 0, "sentence"),
        " · ",
        plural(stats.questions ?? 0, "question"),
        " · ",
        `reading grade ${Number(stats.reading_grade ?? 0).toFixed(1).replace(/\.0$/, "")}`,
      ]),
    );
  }

  // --- selection ------------------------------------------------------------------------------------------------
  function choose(type, item) {
    selected = { type, item };
    syncPressed();
    if (showText) drawText();
    if (onSelectFinding) onSelectFinding(item, type);
  }

  function syncPressed() {
    for (const button of root.querySelectorAll(".sw-item-main")) {
      const li = button.closest(".sw-item");
      const on = Boolean(
        selected &&
          button.dataset.type === selected.type &&
          li.dataset.start === String(selected.item.start) &&
          li.dataset.end === String(selected.item.end) &&
          (selected.type !== "finding" || button.dataset.index === String(allFindings.indexOf(selected.item))),
      );
      button.setAttribute("aria-pressed", String(on));
      li.classList.toggle("sw-selected", on);
    }
  }

  if (showText) drawText();
  container.replaceChildren(root);

  return {
    element: root,
    /** Highlight any span {start, end} (a finding, promise or ask of this review, or other). */
    select(item, type = "finding") {
      selected = { type, item };
      syncPressed();
      if (showText) drawText();
    },
    clearSelection() {
      selected = null;
      syncPressed();
      if (showText) drawText();
    },
  };
}

function scoreMeter(key, label, raw) {
  const value = Math.min(Math.max(Math.round(Number(raw) || 0), 0), 100);
  const band = value >= 70 ? "good" : value >= 40 ? "fair" : "low";
  const verdict = { good: "Good", fair: "Fair", low: "Needs work" }[band];
  const labelId = `sw-score-${key}-${Math.random().toString(36).slice(2, 8)}`;
  return el("div", { className: `sw-score sw-score-${band}`, dataset: { score: key } }, [
    el("div", { className: "sw-score-label", id: labelId }, label),
    el("div", { className: "sw-score-head" }, [
      el("span", { className: "sw-score-value" }, [String(value), el("span", { className: "sw-score-max" }, "/100")]),
      el("span", { className: "sw-score-verdict" }, verdict),
    ]),
    el("div", {
      className: "sw-meter",
      role: "meter",
      "aria-labelledby": labelId,
      "aria-valuemin": "0",
      "aria-valuemax": "100",
      "aria-valuenow": String(value),
      "aria-valuetext": `${value} out of 100: ${verdict.toLowerCase()}`,
    }, [el("div", { className: "sw-meter-fill", style: `width: ${value}%` })]),
  ]);
}

function severitySummary(findings) {
  const counts = { critical: 0, warning: 0, info: 0 };
  for (const f of findings) counts[SEVERITY_LABELS[f.severity] ? f.severity : "info"]++;
  const parts = [];
  if (counts.critical) parts.push(`${counts.critical} critical`);
  if (counts.warning) parts.push(`${counts.warning} ${counts.warning === 1 ? "warning" : "warnings"}`);
  if (counts.info) parts.push(`${counts.info} ${counts.info === 1 ? "tip" : "tips"}`);
  return parts.join(", ") + ". Choose a hint to see its words.";
}

function sortByPosition(items) {
  return [...(Array.isArray(items) ? items : [])].sort((a, b) => a.start - b.start || a.end - b.end);
}

const PROPERTIES = new Set(["id", "type", "title", "tabIndex", "disabled", "hidden", "value"]);

/**
 * Create an element. `props`: className, dataset (object), on* handlers (functions), style (string),
 * id, type, title, tabIndex, disabled, hidden, value as properties, and anything else as an attribute.
 * `children`: strings (become text nodes: never parsed as HTML), nodes, arrays, null/false (skipped).
 */
function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined) continue;
    if (key === "className") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "style") node.setAttribute("style", value);
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (PROPERTIES.has(key)) node[key] = value;
    else node.setAttribute(key, String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  if (children === null || children === undefined || children === false) return;
  if (Array.isArray(children)) {
    for (const child of children) append(node, child);
  } else if (children instanceof Node) {
    node.append(children);
  } else {
    node.append(document.createTextNode(String(children)));
  }
}
