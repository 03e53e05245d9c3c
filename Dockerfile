# syntax=docker/dockerfile:1
# Eventscope console: Next.js standalone server on Node 20, as a non-root user. See docs/deploy.md.
#
#   docker build -t eventscope .                       # the console (target "runner", the default)
#   docker build -t eventscope-demo --target demo .    # the demo services (scripts/demo), for docker-compose.yml
#
#   docker run -p 3000:3000 -v eventscope-data:/data \
#     -v "$PWD/eventscope.config.json:/config/eventscope.config.json:ro" -e EVENTSCOPE_CONFIG=/config/eventscope.config.json \
#     -e EVENTSCOPE_ADMIN_PASSWORD='a long password' eventscope
#
# Stages: deps (node_modules, with dev dependencies: the build needs them) -> builder (npm run build)
# -> runner (.next/standalone + static files + migrations only). The demo stage reuses deps. The
# runner is the last stage, so it is what a plain `docker build` produces.

ARG NODE_IMAGE=node:20-bookworm-slim

# ------------------------------------------------------------------------------------------ deps
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
# better-sqlite3 builds from source when no prebuilt binary matches: python3, make and a compiler.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# --ignore-scripts: the project's postinstall (Prisma client generation) needs the sources, which
# are not here yet; `npm run build` generates the clients. The packages that need their install
# scripts are rebuilt right after. If npm ci refuses the lockfile (it lacks the @next/swc builds for
# other platforms when it was written against a registry without them), install the same locked
# versions without rewriting anything, as .ci/run does.
RUN npm ci --ignore-scripts --no-audit --no-fund \
  || npm install --no-save --ignore-scripts --no-audit --no-fund
RUN npm rebuild better-sqlite3 esbuild

# --------------------------------------------------------------------------------------- builder
FROM ${NODE_IMAGE} AS builder
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# public/ is empty and therefore not in git; the runner copies it, so make sure it exists.
RUN mkdir -p public && npm run build

# ------------------------------------------------------------------------------------------ demo
# The demo services of `npm run demo` (order service, inventory, billing-slow, analytics), for
# docker-compose.yml. They read KAFKA_BROKERS, NATS_URL and REDIS_URL (scripts/demo/settings.ts)
# and create their topics, streams and consumers themselves (scripts/demo/topology.ts).
FROM ${NODE_IMAGE} AS demo
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY scripts/demo ./scripts/demo
USER node
CMD ["node_modules/.bin/tsx", "scripts/demo/run-demo.ts"]

# ---------------------------------------------------------------------------------------- runner
FROM ${NODE_IMAGE} AS runner
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOSTNAME=0.0.0.0 \
    PORT=3000 \
    DATABASE_URL=file:/data/eventscope.db \
    EVENTSCOPE_SECRET_KEY_FILE=/data/secret.key
RUN groupadd --system --gid 1001 eventscope \
  && useradd --system --uid 1001 --gid eventscope --home-dir /app --shell /usr/sbin/nologin eventscope \
  && mkdir -p /data \
  && chown eventscope:eventscope /data
# The standalone server (server.js, the traced node_modules, the compiled app), then what it does
# not include by itself: static assets, public/, and the migrations the server applies at start
# (lib/db/migrate.ts reads prisma/migrations or prisma/postgres/migrations from its working
# directory, which server.js sets to its own folder, /app).
COPY --from=builder --chown=eventscope:eventscope /app/.next/standalone ./
COPY --from=builder --chown=eventscope:eventscope /app/.next/static ./.next/static
COPY --from=builder --chown=eventscope:eventscope /app/public ./public
COPY --from=builder --chown=eventscope:eventscope /app/prisma/migrations ./prisma/migrations
COPY --from=builder --chown=eventscope:eventscope /app/prisma/postgres/migrations ./prisma/postgres/migrations
USER eventscope
# SQLite database and the generated secret key (when EVENTSCOPE_SECRET_KEY is not set) live here.
# With PostgreSQL (DATABASE_URL=postgresql://...) only the key file is written.
VOLUME ["/data"]
EXPOSE 3000
# No curl in the slim image: Node's fetch. /api/v1/health needs no credentials.
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/v1/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "server.js"]
