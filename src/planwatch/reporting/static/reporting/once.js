/* A form marked data-once is sent once: a second click while the first is on its way does nothing
   (the server also refuses to repeat a move just made). A page with unsaved edits asks before leaving.
   A file, not an inline script: the Content-Security-Policy allows script from files of this site only. */
(function () {
  var dirty = false;
  document.querySelectorAll("form[data-report] input, form[data-report] textarea, form[data-report] select").forEach(function (el) {
    el.addEventListener("change", function () { dirty = true; });
  });
  // A long report is filled a page at a time (issue 14): going to another page drops what this one has unsaved.
  document.querySelectorAll("nav.pager a").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (dirty && !window.confirm("Trang này có thay đổi chưa lưu. Vẫn sang trang khác?")) { event.preventDefault(); }
    });
  });
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent) { event.preventDefault(); return; }
      if (dirty && !form.hasAttribute("data-report") && form.hasAttribute("data-once") &&
          !window.confirm(form.dataset.confirmDirty || "Báo cáo có thay đổi chưa lưu. Vẫn tiếp tục?")) {
        event.preventDefault(); return;
      }
      if (form.hasAttribute("data-once")) {
        form.dataset.sent = "1";
        form.querySelectorAll("button[type=submit]").forEach(function (b) { b.setAttribute("aria-busy", "true"); });
      }
    });
  });
})();
