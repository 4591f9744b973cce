// Oversight's only script. Loaded as an ES module at the end of <body> by templates/layout.html.
//
// GOV.UK Frontend's page template starts <body> with an inline script that adds these classes;
// our Content-Security-Policy forbids inline scripts, so we add them here instead. Browsers that
// do not run module scripts never get the classes, and GOV.UK Frontend's CSS then shows the
// no-JavaScript version of each component, which is what it is designed to do.
import { initAll } from "/static/dist/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
