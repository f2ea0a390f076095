/* Product page: switch the main picture and the shown variant without reloading.
 *
 * Without JavaScript the thumbnails link to the full pictures and the variant
 * form reloads the page with ?variant=<id>; this script only enhances both.
 */
(function () {
  "use strict";

  function initGallery() {
    var main = document.getElementById("product-main-image");
    if (!main) {
      return;
    }
    document.querySelectorAll("[data-gallery-thumb]").forEach(function (thumb) {
      thumb.addEventListener("click", function (event) {
        event.preventDefault();
        main.src = thumb.dataset.src;
        if (thumb.dataset.srcset) {
          main.srcset = thumb.dataset.srcset;
        } else {
          main.removeAttribute("srcset");
        }
        main.alt = thumb.dataset.alt;
        document.querySelectorAll("[data-gallery-thumb]").forEach(function (other) {
          other.removeAttribute("aria-current");
        });
        thumb.setAttribute("aria-current", "true");
      });
    });
  }

  var STOCK_BADGES = { out: "badge--danger", low: "badge--warning", in_stock: "badge--success", available: "badge--success" };

  function badge(variant) {
    var span = document.createElement("span");
    span.className = "badge " + STOCK_BADGES[variant.stock_status];
    span.textContent = variant.stock_label;
    return span;
  }

  function price(variant) {
    var p = document.createElement("p");
    p.className = "price";
    p.append(variant.price);
    if (variant.compare_at_price) {
      var old = document.createElement("del");
      old.className = "price--old";
      old.textContent = variant.compare_at_price;
      p.append(" ", old);
    }
    return p;
  }

  function initVariantPicker() {
    var form = document.querySelector("[data-variant-picker]");
    var data = document.getElementById("product-variants");
    if (!form || !data) {
      return;
    }
    var variants = {};
    JSON.parse(data.textContent).forEach(function (variant) {
      variants[String(variant.id)] = variant;
    });
    form.addEventListener("change", function (event) {
      var variant = variants[event.target.value];
      if (!variant) {
        return;
      }
      document.querySelector("[data-variant-price]").replaceChildren(price(variant));
      document.querySelector("[data-variant-stock]").replaceChildren(badge(variant));
      document.querySelector("[data-variant-sku]").textContent = variant.sku;
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    form.classList.add("is-enhanced");
  }

  initGallery();
  initVariantPicker();
})();
