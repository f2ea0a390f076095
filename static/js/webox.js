/* WEBOX progressive enhancements.
 *
 * Loaded in <head> without defer so that the "js" class is on <html> before the
 * first paint: the stylesheet collapses the phone menu only when this script runs,
 * so without JavaScript the navigation stays visible.
 */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  /* Collapse the header menu behind its button on small screens. */
  function initNavToggle() {
    var toggle = document.querySelector("[data-nav-toggle]");
    var panel = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
    if (!panel) {
      return;
    }

    function setOpen(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      panel.classList.toggle("is-open", open);
    }

    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });

    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !event.defaultPrevented && toggle.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        toggle.focus();
      }
    });

    setOpen(false);
  }

  /* Close an open <details data-dropdown> on Escape or on a click outside it. */
  function initDropdowns() {
    function closeAll(except) {
      document.querySelectorAll("details[data-dropdown][open]").forEach(function (menu) {
        if (menu !== except) {
          menu.open = false;
        }
      });
    }

    function closestMatch(target, selector) {
      return target instanceof Element ? target.closest(selector) : null;
    }

    document.addEventListener("click", function (event) {
      closeAll(closestMatch(event.target, "details[data-dropdown]"));
    });

    document.addEventListener("keydown", function (event) {
      var menu = event.key === "Escape" && closestMatch(event.target, "details[data-dropdown][open]");
      if (menu) {
        event.preventDefault();
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
  }

  /* Panels marked data-open-wide (listing filters) start open on wide screens;
     on phones they stay folded behind their summary. */
  function initWidePanels() {
    if (!window.matchMedia("(min-width: 60em)").matches) {
      return;
    }
    document.querySelectorAll("details[data-open-wide]").forEach(function (panel) {
      panel.open = true;
    });
  }

  function init() {
    initDropdowns(); /* first, so that Escape closes a dropdown before the menu */
    initNavToggle();
    initWidePanels();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
