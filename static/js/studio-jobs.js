/* Live progress of generation jobs, shared by every studio page (loaded by ai_studio/base_studio.html).
 *
 * Markup contract (ai_studio/_job_card.html follows it; any page may use it):
 *   <article data-job-id="42"                          required: the job's id
 *            data-job-status="running"                 required: queued | running | succeeded | failed | cancelled
 *            data-job-card-url="/studio/jobs/42/card/"> optional: when the job ends, the element is replaced by
 *                                                       this fragment (fetched with ?next=<this page's path>)
 *     <progress data-job-progress max="100" value="10"></progress>   optional: set to the job's progress
 *     <span data-job-stage></span>                                   optional: set to the job's stage text
 *     <span data-job-status-label data-label-running="En cours"></span> optional: shows data-label-<status>
 *   </article>
 *
 * Updates come from the notifications socket: static/js/notifications.js dispatches a DOM event
 * "webox:job" on document for each {type: "job", id, kind, status, progress, stage} it receives.
 * While that socket is not live (no [data-notifications-live] on the bell: no socket, or reconnecting),
 * each unfinished job is polled at GET /api/v1/ai/jobs/<id>/ every 3 s (and once, 1 s after the page loads).
 * After each update the element receives a "webox:job-updated" event (detail: the job's state).
 */
(function () {
  "use strict";

  var POLL_MS = 3000;
  var FINISHED = ["succeeded", "failed", "cancelled"];
  var API = "/api/v1/ai/jobs/";

  function elementsOf(id) {
    return document.querySelectorAll('[data-job-id="' + String(id) + '"]');
  }

  function unfinished() {
    return Array.prototype.filter.call(document.querySelectorAll("[data-job-id]"), function (element) {
      return FINISHED.indexOf(element.getAttribute("data-job-status")) === -1;
    });
  }

  function socketLive() {
    return document.querySelector("[data-notifications][data-notifications-live]") !== null;
  }

  function replaceWithCard(element) {
    var url = element.getAttribute("data-job-card-url");
    if (!url) {
      return;
    }
    var path = window.location.pathname + window.location.search;
    window.fetch(url + "?next=" + encodeURIComponent(path), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null || !element.isConnected) {
          return;
        }
        // A fragment rendered by our own server (job_card), not text from a model.
        var card = new DOMParser().parseFromString(html, "text/html").querySelector("[data-job-id]");
        if (card) {
          element.replaceWith(document.importNode(card, true));
        }
      })
      .catch(function () { /* the next reload shows the result */ });
  }

  function apply(element, job) {
    var before = element.getAttribute("data-job-status");
    var bar = element.querySelector("[data-job-progress]");
    var stage = element.querySelector("[data-job-stage]");
    var label = element.querySelector("[data-job-status-label]");
    if (bar && typeof job.progress === "number") {
      bar.value = job.progress;
      bar.textContent = job.progress + " %";
    }
    if (stage && typeof job.stage === "string") {
      stage.textContent = job.stage;
    }
    if (label && label.hasAttribute("data-label-" + job.status)) {
      label.textContent = label.getAttribute("data-label-" + job.status);
    }
    element.setAttribute("data-job-status", job.status);
    element.dispatchEvent(new CustomEvent("webox:job-updated", { bubbles: true, detail: job }));
    if (FINISHED.indexOf(job.status) !== -1 && FINISHED.indexOf(before) === -1) {
      replaceWithCard(element);
    }
  }

  function update(job) {
    Array.prototype.forEach.call(elementsOf(job.id), function (element) { apply(element, job); });
  }

  function poll(always) {
    if (always !== true && socketLive()) {
      return;
    }
    unfinished().forEach(function (element) {
      var id = element.getAttribute("data-job-id");
      window.fetch(API + encodeURIComponent(id) + "/", { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (job) { if (job) { update(job); } })
        .catch(function () { /* tried again at the next tick */ });
    });
  }

  function init() {
    document.addEventListener("webox:job", function (event) { update(event.detail); });
    window.setTimeout(function () { poll(true); }, POLL_MS / 3);  // once: a job may end before the socket opens
    window.setInterval(poll, POLL_MS);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
