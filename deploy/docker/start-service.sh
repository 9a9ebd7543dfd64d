#!/bin/sh
# Image entry point (run by tini as PID 1): starts the service named by the first
# argument or by $SERVICE. `exec` makes node tini's direct child, so SIGTERM reaches
# it and the platform's graceful shutdown runs.
set -eu
service="${1:-${SERVICE:-}}"
main="/app/dist/apps/${service}/src/main.js"
if [ -z "$service" ] || [ ! -f "$main" ]; then
  echo "start-service: unknown or missing service '${service}'; set SERVICE to one of: $(ls /app/dist/apps | tr '\n' ' ')" >&2
  exit 64
fi
exec node --enable-source-maps "$main"
