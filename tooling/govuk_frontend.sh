#!/usr/bin/env bash
# Rebuild the portal's copy of GOV.UK Frontend (portal/static/govuk-frontend/), which is committed so that the
# portal needs no Node.js: fetch the pinned packages from npm, compile the Sass with tooling/govuk_frontend.scss,
# copy the script and the licence. Run it from the repository root after changing a version below.
set -euo pipefail
GOVUK_FRONTEND=6.6.0
SASS=1.108.2
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/portal/static/govuk-frontend"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm install --no-save --no-audit --no-fund --silent "govuk-frontend@$GOVUK_FRONTEND" "sass@$SASS"
cp "$root/tooling/govuk_frontend.scss" portal.scss
npx sass --style=compressed --no-source-map --quiet-deps portal.scss "$out/govuk-frontend.min.css"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$out/"
cat > "$out/README" <<NOTE
GOV.UK Frontend $GOVUK_FRONTEND (https://github.com/alphagov/govuk-frontend), MIT licence, Crown copyright
(Government Digital Service); the Sass compiled with sass $SASS by tooling/govuk_frontend.sh. Do not edit: rebuild.
NOTE
