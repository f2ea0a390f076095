/* Cart: keep the product page's "Add to cart" form on the version the visitor picked.
 *
 * Without JavaScript the variant picker reloads the page with ?variant=<id> and the
 * form already posts that version; this script follows the picker without a reload.
 * Adding itself, quantity changes and the promo code go through htmx (plain forms
 * without it).
 */
(function () {
  "use strict";

  function initVariantFollow() {
    var picker = document.querySelector("[data-variant-picker]");
    var data = document.getElementById("product-variants");
    var form = document.querySelector("[data-cart-add]");
    if (!picker || !data || !form) {
      return;
    }
    var variants = {};
    JSON.parse(data.textContent).forEach(function (variant) {
      variants[String(variant.id)] = variant;
    });
    var input = form.querySelector("[data-cart-variant]");
    var button = form.querySelector("[data-cart-add-button]");
    picker.addEventListener("change", function (event) {
      var variant = variants[event.target.value];
      if (!variant) {
        return;
      }
      input.value = String(variant.id);
      button.disabled = variant.stock_status === "out";
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initVariantFollow);
  } else {
    initVariantFollow();
  }
})();
