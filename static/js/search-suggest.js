/* Search suggestions under the header's search box, as the visitor types.
 *
 * The ARIA 1.2 combobox pattern: the input owns a listbox of product links fetched
 * from GET /api/v1/search/suggest/?q= (names starting with what was typed first,
 * typos spelt again). Arrow keys move through the options, Enter opens the one
 * selected (else the form searches as usual), Escape closes the list. Requests are
 * debounced and an answer to an older query is dropped. Without JavaScript the form
 * is a plain search.
 */
(function () {
  "use strict";

  var DELAY_MS = 150;
  var MIN_LENGTH = 2;

  function init(input) {
    var form = input.form;
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var status = document.getElementById(input.dataset.suggestStatus);
    if (!form || !list) {
      return;
    }
    var timer = null;
    var latest = "";
    var active = -1;

    function options() {
      return list.querySelectorAll("[role=option]");
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function select(index) {
      var items = options();
      if (!items.length) {
        return;
      }
      active = (index + items.length) % items.length;
      items.forEach(function (item, position) {
        item.setAttribute("aria-selected", position === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function show(results) {
      list.replaceChildren();
      results.forEach(function (result, position) {
        var option = document.createElement("li");
        var link = document.createElement("a");
        option.id = list.id + "-" + position;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        link.href = result.url;
        link.tabIndex = -1;
        link.textContent = result.name; /* text only: names never become markup */
        option.appendChild(link);
        list.appendChild(option);
      });
      if (status) {
        status.textContent =
          results.length === 1
            ? status.dataset.one
            : results.length
              ? status.dataset.many.replace("{count}", results.length)
              : status.dataset.none;
      }
      if (!results.length) {
        close();
        return;
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function fetchSuggestions(query) {
      latest = query;
      fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (body) {
          if (query === latest && input.value.trim() === query) {
            show(body.results || []);
          }
        })
        .catch(close);
    }

    input.addEventListener("input", function () {
      var query = input.value.trim();
      window.clearTimeout(timer);
      if (query.length < MIN_LENGTH) {
        latest = "";
        close();
        return;
      }
      timer = window.setTimeout(function () {
        fetchSuggestions(query);
      }, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown" && open) {
        event.preventDefault();
        select(active + 1);
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        select(active - 1);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        window.location.assign(options()[active].querySelector("a").href);
      }
    });

    /* A click on an option follows its link; mousedown would blur the input and close the list first. */
    list.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });

    input.addEventListener("blur", close);
    form.addEventListener("submit", function () {
      window.clearTimeout(timer); /* the search is on its way: no suggestion request now */
      latest = "";
      close();
    });
  }

  function initAll() {
    document.querySelectorAll("input[data-suggest-url]").forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initAll);
  } else {
    initAll();
  }
})();
