// A local test double of Office.js for the browser tests: served in place of
// https://appsforoffice.microsoft.com/lib/1/hosted/office.js (page.route), it implements just the mailbox
// API the Sendwell task pane and on-send check use, as an Outlook compose item.
//
// Set-up before the page loads (page.add_init_script): window.__officeDoubleInit = {email, name, body,
// subject, to, cc, composeType}. The draft is kept in sessionStorage, so a reload keeps it (as Outlook keeps
// a draft when the pane reloads). Test control and records: window.officeDouble.
(function () {
  "use strict";
  var STORE = "sendwell-office-double";
  var init = window.__officeDoubleInit || {};
  var saved = null;
  try {
    saved = JSON.parse(window.sessionStorage.getItem(STORE) || "null");
  } catch (err) {
    saved = null;
  }
  var state = saved || {
    body: init.body || "",
    subject: init.subject || "",
    to: init.to || [],
    cc: init.cc || [],
    composeType: init.composeType || "newMail",
  };
  var calls = { inserted: [], headers: [], bodyReads: [], handlers: {} };
  var actions = {};

  function save() {
    window.sessionStorage.setItem(STORE, JSON.stringify(state));
  }

  function ok(value) {
    return { status: "succeeded", value: value };
  }

  // Office's async methods take (…, [options], callback) and call back later, never synchronously.
  function callbackOf(args) {
    for (var i = args.length - 1; i >= 0; i--) if (typeof args[i] === "function") return args[i];
    return null;
  }

  function later(args, result) {
    var callback = callbackOf(args);
    setTimeout(function () {
      if (callback) callback(result);
    }, 0);
  }

  function recipients(list) {
    return list.map(function (r) {
      return { emailAddress: r.email, displayName: r.name || r.email, recipientType: "externalUser" };
    });
  }

  function fire(type) {
    (calls.handlers[type] || []).forEach(function (handler) {
      handler({ type: type });
    });
  }

  var item = {
    itemType: "message",
    conversationId: state.composeType === "newMail" ? null : "AAQkADAwATM0MDAAMS1",
    body: {
      getAsync: function (coercionType, options) {
        calls.bodyReads.push({ coercionType: coercionType, options: typeof options === "object" ? options : null });
        later(arguments, ok(coercionType === "html" ? state.body : state.body.replace(/<[^>]*>/g, "")));
      },
      setSelectedDataAsync: function (data, options) {
        calls.inserted.push({ text: data, options: typeof options === "object" ? options : null });
        // No real cursor here: the words go at the end of the new text.
        state.body = state.body.replace(/(<\/body>\s*<\/html>\s*)?$/, "<p>" + String(data).replace(/</g, "&lt;") + "</p>$1");
        save();
        later(arguments, ok(undefined));
      },
    },
    subject: {
      getAsync: function () {
        later(arguments, ok(state.subject));
      },
    },
    to: {
      getAsync: function () {
        later(arguments, ok(recipients(state.to)));
      },
    },
    cc: {
      getAsync: function () {
        later(arguments, ok(recipients(state.cc)));
      },
    },
    getComposeTypeAsync: function () {
      later(arguments, ok({ composeType: state.composeType, coercionType: "html" }));
    },
    internetHeaders: {
      setAsync: function (headers) {
        calls.headers.push(headers);
        later(arguments, ok(undefined));
      },
    },
    addHandlerAsync: function (eventType, handler) {
      (calls.handlers[eventType] = calls.handlers[eventType] || []).push(handler);
      later(arguments, ok(undefined));
    },
  };

  window.Office = {
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    CoercionType: { Html: "html", Text: "text" },
    EventType: { RecipientsChanged: "olkRecipientsChanged" },
    MailboxEnums: {
      BodyMode: { FullBody: "fullBody", HostConfig: "hostConfig" },
      SendModeOverride: { PromptUser: "promptUser" },
    },
    HostType: { Outlook: "Outlook" },
    context: {
      mailbox: {
        item: item,
        userProfile: { emailAddress: init.email || "rep@sendwell.example", displayName: init.name || "Test Rep" },
      },
    },
    actions: {
      associate: function (name, handler) {
        actions[name] = handler;
      },
    },
    onReady: function (callback) {
      var ready = new Promise(function (resolve) {
        setTimeout(function () {
          resolve({ host: "Outlook", platform: "OfficeOnline" });
        }, 0);
      });
      if (callback) ready.then(callback);
      return ready;
    },
  };

  window.officeDouble = {
    calls: calls,
    actions: actions,
    state: function () {
      return JSON.parse(JSON.stringify(state));
    },
    setBody: function (html) {
      state.body = html;
      save();
    },
    setSubject: function (subject) {
      state.subject = subject;
      save();
    },
    setTo: function (list) {
      state.to = list;
      save();
      fire("olkRecipientsChanged");
    },
    setComposeType: function (type) {
      state.composeType = type;
      item.conversationId = type === "newMail" ? null : "AAQkADAwATM0MDAAMS1";
      save();
    },
    /** Run the on-send handler as Outlook would; resolves with what it passed to event.completed. */
    send: function () {
      return new Promise(function (resolve) {
        actions.onMessageSendHandler({ completed: resolve, type: "messageSend" });
      });
    },
  };
})();
