// Starts Swagger UI for /api/v1/docs from the settings the page holds as JSON: a file, because the site's
// Content-Security-Policy runs no inline script. Calls are authorised with a Bearer token (button "Authorize").
(function () {
  "use strict";
  var settings = JSON.parse(document.getElementById("swagger-settings").textContent);
  settings.dom_id = "#swagger-ui";
  settings.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  window.ui = SwaggerUIBundle(settings);
})();
