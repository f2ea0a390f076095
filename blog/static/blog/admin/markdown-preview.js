/* Live Markdown preview of a post's body in the admin: the server renders and sanitises it. */
(function () {
  "use strict";

  function start() {
    var body = document.getElementById("id_body");
    var preview = document.querySelector("[data-markdown-preview-url]");
    if (!body || !preview) return;
    var form = body.form;
    var timer = null;

    function refresh() {
      var data = new FormData();
      data.append("body", body.value);
      data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      fetch(preview.dataset.markdownPreviewUrl, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
        .then(function (html) { preview.innerHTML = html; })
        .catch(function () { /* keep the last preview */ });
    }

    body.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 400);
    });
    refresh();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
