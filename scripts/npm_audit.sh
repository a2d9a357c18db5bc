#!/bin/sh
# npm audit of the packages shipped in the SPA: fails on high or critical findings. When the
# registry in use does not serve the audit endpoint (some mirrors answer 405), say so and go on.
cd "$(dirname "$0")/../frontend" || exit 1
out=$(npm audit --omit=dev --audit-level=high 2>&1); status=$?
echo "$out" | tail -5
if [ $status -ne 0 ] && echo "$out" | grep -q "audit endpoint returned an error"; then
  echo "npm audit: the registry does not serve audits here; not checked."
  exit 0
fi
exit $status
