// GOV.UK Frontend's components, started the way its documentation says, from a file (the portal's Content
// Security Policy allows no inline script).
import { initAll } from "../govuk-frontend/govuk-frontend.min.js";

document.body.classList.add("govuk-frontend-supported");
initAll();
