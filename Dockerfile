# syntax=docker/dockerfile:1
# Brief in a container. Two stages: the first installs the production dependencies and compiles
# better-sqlite3 (it needs a compiler; the image that runs does not); the second holds only what runs,
# as the unprivileged "node" user, with its state (database, index, backups) in the /app/var volume.
# TypeScript runs through tsx (a production dependency): there is no build step to copy.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Built from source rather than downloading a prebuilt binary: the build needs no network beyond npm.
ENV npm_config_build_from_source=true
RUN npm ci --omit=dev && npm cache clean --force

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    BRIEF_DB=/app/var/brief.sqlite \
    BRIEF_DATA=/app/data \
    BRIEF_BACKUP_DIR=/app/var/backups \
    BRIEF_HTTP_PORT=9464 \
    BRIEF_HTTP_HOST=0.0.0.0
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY commands ./commands
COPY data ./data
# The state folder belongs to the user that runs Brief; everything else stays root's, read-only to it.
RUN mkdir -p /app/var && chown node:node /app/var
USER node
VOLUME ["/app/var"]
# Health and metrics (inside the container BRIEF_HTTP_HOST is 0.0.0.0: publish the port on the host's
# loopback only, as compose.yaml does). 8443 is the Telegram webhook's port, when TELEGRAM_WEBHOOK_URL is set.
EXPOSE 9464 8443
# /healthz answers while the process runs; node's own fetch, as the slim image has no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.BRIEF_HTTP_PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Brief stops gracefully on SIGTERM (adapters finish what is in flight, then the database closes).
STOPSIGNAL SIGTERM
CMD ["node", "bin/brief.js", "start"]
