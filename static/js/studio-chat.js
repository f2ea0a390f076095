/* The chat page (ai_studio/chat.html): send without reloading, stream the reply, stop it, copy code.
 *
 * Streaming: ws/ai/conversations/<id>/ ([data-chat-socket]) sends {type: "partial", message_id, text} on
 * connect for each reply still being written (a refresh re-attaches), then {type: "delta", message_id, text,
 * offset} and {type: "done", message_id, status, ...}. Streamed text is shown as plain text (textContent),
 * never as HTML; once a reply is done its server-rendered, sanitised fragment replaces it
 * (GET [data-chat-message-url] with the message id). Without a socket (none offered, refused, or
 * reconnecting), the conversation API ([data-chat-api]) is polled while a reply is pending.
 * The stop button posts to the job's cancel API; every form also works without this script.
 */
(function () {
  "use strict";

  var POLL_MS = 1500;
  var MIN_DELAY = 1000;
  var MAX_DELAY = 15000;
  var STOP_CODES = [4401, 4403, 4404];

  function Chat(root) {
    this.root = root;
    this.thread = root.querySelector("[data-chat-thread]");
    this.form = root.querySelector("[data-chat-form]");
    this.error = root.querySelector("[data-chat-error]");
    this.socketLive = false;
    this.delay = MIN_DELAY;
    this.polling = null;
  }

  Chat.prototype.label = function (name) {
    return this.root.getAttribute("data-label-" + name) || "";
  };

  Chat.prototype.csrf = function () {
    var input = this.form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  };

  Chat.prototype.messageUrl = function (id) {
    return this.root.getAttribute("data-chat-message-url").replace(/0\/$/, String(id) + "/");
  };

  Chat.prototype.bubble = function (id) {
    return this.thread.querySelector('[data-message-id="' + String(id) + '"]');
  };

  Chat.prototype.pending = function () {
    return this.thread.querySelectorAll('[data-message-status="pending"]').length > 0;
  };

  /* The bubble of reply ``id``, created (empty, streaming) when the socket speaks of a reply not shown yet. */
  Chat.prototype.streamingBubble = function (id) {
    var item = this.bubble(id);
    if (item) {
      return item;
    }
    item = document.createElement("li");
    item.className = "chat-message chat-message--assistant";
    item.id = "message-" + id;
    item.setAttribute("data-message-id", String(id));
    item.setAttribute("data-message-status", "pending");
    var author = document.createElement("p");
    author.className = "chat-message__author";
    author.textContent = this.label("assistant");
    var text = document.createElement("div");
    text.className = "chat-message__body chat-message__body--streaming";
    text.setAttribute("data-message-text", "");
    item.appendChild(author);
    item.appendChild(text);
    this.thread.appendChild(item);
    return item;
  };

  Chat.prototype.textOf = function (id) {
    var item = this.streamingBubble(id);
    if (item.getAttribute("data-message-status") !== "pending") {
      return null;  // already finished and rendered: late pieces are ignored
    }
    return item.querySelector("[data-message-text]");
  };

  Chat.prototype.handle = function (event) {
    var text;
    if (event.type === "partial") {
      text = this.textOf(event.message_id);
      if (text && event.text.length >= text.textContent.length) {
        text.textContent = event.text;
      }
    } else if (event.type === "delta") {
      text = this.textOf(event.message_id);
      var current = text ? text.textContent : "";
      if (text && event.offset <= current.length && event.offset + event.text.length > current.length) {
        text.textContent = current.slice(0, event.offset) + event.text;
      }
    } else if (event.type === "done") {
      this.refresh(event.message_id);
    }
  };

  /* Replace a message by its server-rendered fragment (Markdown rendered and sanitised by the server). */
  Chat.prototype.refresh = function (id) {
    var self = this;
    return window.fetch(this.messageUrl(id), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null) {
          self.insert(html);
        }
      })
      .catch(function () { /* the next poll or reload shows it */ });
  };

  /* Put server-rendered messages in the thread: replace the ones shown, add the others in order. */
  Chat.prototype.insert = function (html) {
    var self = this;
    var parsed = new DOMParser().parseFromString("<ol>" + html + "</ol>", "text/html");
    var items = Array.prototype.slice.call(parsed.querySelectorAll("[data-message-id]"));
    items.forEach(function (item, index) {
      var node = document.importNode(item, true);
      var shown = self.bubble(node.getAttribute("data-message-id"));
      var later = items.slice(index + 1).map(function (next) { return self.bubble(next.getAttribute("data-message-id")); })
        .filter(Boolean)[0];
      if (shown) {
        var streamed = shown.querySelector("[data-message-text]");
        var fresh = node.querySelector("[data-message-text]");
        if (streamed && fresh && streamed.textContent.length > fresh.textContent.length) {
          fresh.textContent = streamed.textContent;  // the socket was ahead of the saved text
        }
        shown.replaceWith(node);
      } else if (later) {
        later.before(node);
      } else {
        self.thread.appendChild(node);
      }
      self.copyButtons(node);
    });
    this.watch();
  };

  Chat.prototype.copyButtons = function (scope) {
    var self = this;
    Array.prototype.forEach.call(scope.querySelectorAll("[data-message-body] pre"), function (pre) {
      if (pre.querySelector("[data-copy]")) {
        return;
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn--small btn--secondary chat-copy";
      button.setAttribute("data-copy", "");
      button.textContent = self.label("copy");
      button.addEventListener("click", function () {
        var code = pre.querySelector("code") || pre;
        navigator.clipboard.writeText(code.textContent).then(function () {
          button.textContent = self.label("copied");
        });
      });
      pre.appendChild(button);
    });
  };

  Chat.prototype.connect = function () {
    var self = this;
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + this.root.getAttribute("data-chat-socket"));
    socket.addEventListener("open", function () {
      self.socketLive = true;
      self.delay = MIN_DELAY;
      self.root.setAttribute("data-chat-live", "");
      self.poll(true);  // a reply may have ended before the socket opened
    });
    socket.addEventListener("message", function (message) {
      self.handle(JSON.parse(message.data));
    });
    socket.addEventListener("close", function (event) {
      self.socketLive = false;
      self.root.removeAttribute("data-chat-live");
      self.watch();
      if (STOP_CODES.indexOf(event.code) === -1) {
        var wait = self.delay / 2 + Math.random() * (self.delay / 2);
        self.delay = Math.min(self.delay * 2, MAX_DELAY);
        window.setTimeout(self.connect.bind(self), wait);
      }
    });
  };

  /* Poll the conversation while a reply is pending and no socket streams it. */
  Chat.prototype.watch = function () {
    if (this.polling === null && this.pending() && !this.socketLive) {
      this.polling = window.setTimeout(this.poll.bind(this), POLL_MS);
    }
  };

  Chat.prototype.poll = function (always) {
    var self = this;
    if (always !== true) {
      this.polling = null;
    }
    if ((always !== true && this.socketLive) || !this.pending()) {
      return;
    }
    window.fetch(this.root.getAttribute("data-chat-api"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (conversation) {
        (conversation ? conversation.messages : []).forEach(function (message) {
          var item = self.bubble(message.id);
          if (!item || item.getAttribute("data-message-status") !== "pending") {
            return;
          }
          if (message.status === "pending") {
            self.handle({ type: "partial", message_id: message.id, text: message.content });
          } else {
            self.refresh(message.id);
          }
        });
      })
      .catch(function () { /* tried again below */ })
      .then(function () { self.watch(); });
  };

  Chat.prototype.showError = function (text) {
    this.error.textContent = text;
    this.error.hidden = !text;
  };

  Chat.prototype.send = function (event) {
    var self = this;
    var field = this.form.querySelector("[data-chat-input]");
    var button = this.form.querySelector("[data-chat-send]");
    event.preventDefault();
    if (!field.value.trim()) {
      this.showError(this.label("empty"));
      return;
    }
    this.showError("");
    var body = new FormData(this.form);
    var question = document.createElement("li");  // shown at once; replaced by the saved message
    question.className = "chat-message chat-message--user";
    question.setAttribute("data-message-draft", "");
    var text = document.createElement("div");
    text.className = "chat-message__body chat-message__body--streaming";
    text.textContent = field.value;
    question.appendChild(text);
    this.thread.appendChild(question);
    button.disabled = true;
    window.fetch(window.location.pathname, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.text().then(function (payload) { return { ok: response.ok, payload: payload }; });
    }).then(function (result) {
      question.remove();
      if (result.ok) {
        field.value = "";
        self.insert(result.payload);
      } else {
        self.showError(self.errorText(result.payload));
      }
    }).catch(function () {
      question.remove();
      self.showError(self.label("error"));
    }).then(function () {
      button.disabled = false;
    });
  };

  Chat.prototype.errorText = function (payload) {
    try {
      return JSON.parse(payload).detail || this.label("error");
    } catch (error) {
      return this.label("error");
    }
  };

  Chat.prototype.stop = function (event) {
    var form = event.target.closest("[data-chat-stop]");
    if (!form) {
      return;
    }
    event.preventDefault();
    var self = this;
    var item = form.closest("[data-message-id]");
    var url = this.root.getAttribute("data-chat-cancel-url").replace(/\/0\//, "/" + item.getAttribute("data-message-job") + "/");
    form.querySelector("button").disabled = true;
    window.fetch(url, { method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": this.csrf(), Accept: "application/json" } })
      .then(function () { window.setTimeout(function () { self.refresh(item.getAttribute("data-message-id")); }, POLL_MS); })
      .catch(function () { form.querySelector("button").disabled = false; });
  };

  Chat.prototype.start = function () {
    this.form.addEventListener("submit", this.send.bind(this));
    this.thread.addEventListener("submit", this.stop.bind(this));
    this.copyButtons(this.thread);
    if (this.root.hasAttribute("data-chat-socket") && "WebSocket" in window) {
      this.connect();
    }
    this.watch();
  };

  /* The new-conversation form: a preset fills in the instructions (unless they were edited). */
  function presets() {
    var select = document.querySelector("[data-studio-presets]");
    var field = select && select.form.querySelector("textarea[name=system_prompt]");
    if (!field) {
      return;
    }
    var filled = field.value;
    select.addEventListener("change", function () {
      var source = document.querySelector('[data-studio-preset-prompts] [data-preset="' + select.value + '"]');
      if (field.value === filled) {
        field.value = source ? source.textContent : "";
        filled = field.value;
      }
    });
  }

  function init() {
    presets();
    var root = document.querySelector("[data-chat]");
    if (root && root.querySelector("[data-chat-form]")) {
      new Chat(root).start();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
