// Send a form marked data-autosubmit as soon as the page is ready (the PayPal hand-over page).
// Without JavaScript, its button does the same.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-autosubmit]");
  if (form) {
    form.submit();
  }
});
