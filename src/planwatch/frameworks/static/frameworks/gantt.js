// Drag a bar of the framework plan's Gantt chart to move its step. The server checks the version (a stale page
// is refused) and recomputes what follows; the page then reloads to show the new schedule.
(function () {
  "use strict";
  var wrap = document.querySelector(".gantt-wrap[data-reschedule-base]");
  if (!wrap) { return; }
  var svg = wrap.querySelector("svg.gantt");
  var message = document.querySelector(".gantt-message");
  if (!svg) { return; }
  var dayWidth = parseFloat(svg.getAttribute("data-day-width"));
  var csrf = (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value;
  var drag = null;

  function shift(iso, days) {
    var parts = iso.split("-");
    var day = new Date(Date.UTC(+parts[0], +parts[1] - 1, +parts[2] + days));
    return day.toISOString().slice(0, 10);
  }

  function scale() {
    var box = svg.getBoundingClientRect();
    return box.width / svg.viewBox.baseVal.width;
  }

  svg.addEventListener("pointerdown", function (event) {
    var bar = event.target.closest(".gantt-bar.draggable");
    if (!bar) { return; }
    drag = { bar: bar, x: event.clientX, scale: scale() };
    bar.classList.add("dragging");
    bar.setPointerCapture(event.pointerId);
    event.preventDefault();
  });

  svg.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    var dx = (event.clientX - drag.x) / drag.scale;
    drag.bar.setAttribute("transform", "translate(" + dx + ",0)");
  });

  svg.addEventListener("pointerup", function (event) {
    if (!drag) { return; }
    var bar = drag.bar;
    var days = Math.round((event.clientX - drag.x) / drag.scale / dayWidth);
    bar.classList.remove("dragging");
    drag = null;
    if (!days) { bar.removeAttribute("transform"); return; }
    var body = new URLSearchParams();
    body.set("version", wrap.getAttribute("data-version"));
    body.set("start", shift(bar.getAttribute("data-start"), days));
    body.set("end", shift(bar.getAttribute("data-end"), days));
    fetch(wrap.getAttribute("data-reschedule-base") + bar.getAttribute("data-step") + "/doi-lich/", {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "X-Requested-With": "fetch" },
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (result.ok) {
        if (message) { message.textContent = wrap.getAttribute("data-moved"); }
        window.location.reload();
      } else {
        bar.removeAttribute("transform");
        if (message) { message.textContent = result.data.error; }
      }
    });
  });
})();
