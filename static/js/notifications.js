/* Live notifications: the header bell's count and a toast for each event, over ws/notifications/.
 *
 * Runs on every page of a signed-in user (the bell carries [data-notifications]) when the
 * site serves the socket (the bell then carries [data-notifications-socket]).
 * The socket reconnects with exponential backoff (1 s doubling to 30 s, with jitter);
 * after a reconnection it asks the API for what arrived meanwhile
 * (GET /api/v1/notifications/?since=<created_at of the last event seen, or of the page>).
 * A close with 4401 or 4403 (not signed in, or not allowed) stops the retries.
 */
(function () {
  "use strict";

  var MIN_DELAY = 1000;
  var MAX_DELAY = 30000;
  var TOAST_LIFETIME = 8000;
  var STOP_CODES = [4401, 4403];

  function Live(bell, toasts) {
    this.bell = bell;
    this.toasts = toasts;
    this.delay = MIN_DELAY;
    this.lastSeen = bell.getAttribute("data-notifications-since");  // when the page was rendered
    this.seen = {};
    this.connectedOnce = false;
  }

  Live.prototype.socketUrl = function () {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    return scheme + window.location.host + this.bell.getAttribute("data-notifications-socket");
  };

  Live.prototype.connect = function () {
    var self = this;
    var socket = new WebSocket(this.socketUrl());
    socket.addEventListener("open", function () {
      if (self.connectedOnce) {
        self.catchUp();
      }
      self.connectedOnce = true;
    });
    socket.addEventListener("message", function (message) {
      self.handle(JSON.parse(message.data));
    });
    socket.addEventListener("close", function (event) {
      self.bell.removeAttribute("data-notifications-live");
      if (STOP_CODES.indexOf(event.code) === -1) {
        self.retry();
      }
    });
  };

  Live.prototype.retry = function () {
    var wait = this.delay / 2 + Math.random() * (this.delay / 2);
    this.delay = Math.min(this.delay * 2, MAX_DELAY);
    window.setTimeout(this.connect.bind(this), wait);
  };

  Live.prototype.handle = function (event) {
    if (event.type === "job") { document.dispatchEvent(new CustomEvent("webox:job", { detail: event })); }  // studio-jobs.js
    if (event.type === "unread") {
      this.delay = MIN_DELAY;  // sent once the socket joined the user's group: a healthy connection
      this.bell.setAttribute("data-notifications-live", "");
      this.setCount(event.count);
    } else if (event.type === "notification" && this.show(event)) {
      this.setCount(this.count() + 1);
    }
  };

  Live.prototype.catchUp = function () {
    var self = this;
    var url = this.bell.getAttribute("data-notifications-api");
    if (this.lastSeen) {
      url += "?since=" + encodeURIComponent(this.lastSeen);
    }
    window.fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (!body) {
          return;
        }
        if (self.lastSeen) {
          body.results.slice().reverse().forEach(function (item) { self.show(item); });
        }
        self.setCount(body.unread_count);
      })
      .catch(function () { /* the next reconnection tries again */ });
  };

  Live.prototype.count = function () {
    return parseInt(this.bell.querySelector("[data-notifications-count]").textContent, 10) || 0;
  };

  Live.prototype.setCount = function (count) {
    var badge = this.bell.querySelector("[data-notifications-count]");
    badge.textContent = String(count);
    badge.hidden = count === 0;
    var template = this.bell.getAttribute(count === 1 ? "data-notifications-label-one" : "data-notifications-label-many");
    this.bell.querySelector("[data-notifications-label]").textContent = template.replace("{count}", String(count));
  };

  Live.prototype.show = function (event) {
    if (this.seen[event.id]) {
      return false;
    }
    this.seen[event.id] = true;
    if (!this.lastSeen || Date.parse(event.created_at) > Date.parse(this.lastSeen)) {
      this.lastSeen = event.created_at;
    }
    this.toasts.appendChild(toast(event));
    return true;
  };

  function toast(event) {
    var item = document.createElement("div");
    item.className = "toast";
    item.setAttribute("data-notification-toast", String(event.id));
    var title = document.createElement(event.url ? "a" : "p");
    title.className = "toast__title";
    title.textContent = event.title;
    if (event.url) {
      title.href = event.url;
    }
    item.appendChild(title);
    if (event.body) {
      var body = document.createElement("p");
      body.className = "toast__body";
      body.textContent = event.body;
      item.appendChild(body);
    }
    window.setTimeout(function () { item.remove(); }, TOAST_LIFETIME);
    return item;
  }

  function init() {
    var bell = document.querySelector("[data-notifications]");
    var toasts = document.querySelector("[data-notification-toasts]");
    if (!bell || !toasts || !bell.hasAttribute("data-notifications-socket") || !("WebSocket" in window)) {
      return;
    }
    new Live(bell, toasts).connect();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
