/* Behaviour shared by every page, kept out of the HTML: the Content-Security-Policy refuses inline script and
   inline event handlers (onchange=...), so a select that submits its form on change says so with data-autosubmit. */
(function () {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();
