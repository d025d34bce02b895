# syntax=docker/dockerfile:1
# MoA Playground as one container: Next's standalone server, run as a non-root user.
#   docker build -t moa-playground .
#   docker run -p 3000:3000 -v moa-data:/data moa-playground          # PGlite in /data
#   docker run -p 3000:3000 -e DATABASE_URL=postgres://… moa-playground  # or PostgreSQL
# Keys and settings come from the environment at run time (-e / --env-file), never the image.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# No key or setting is read at build time: the env is validated when the server starts.
ENV NEXT_OUTPUT=standalone NEXT_TELEMETRY_DISABLED=1 SKIP_ENV_VALIDATION=1
RUN npx next build

FROM node:20-bookworm-slim AS run
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0 DATA_DIR=/data/pglite MODELS_DIR=/data/models
RUN groupadd --system moa && useradd --system --gid moa --home /app moa && mkdir -p /data && chown moa:moa /data
COPY --from=build --chown=moa:moa /app/.next/standalone ./
COPY --from=build --chown=moa:moa /app/.next/static ./.next/static
COPY --from=build --chown=moa:moa /app/drizzle ./drizzle
USER moa
VOLUME /data
EXPOSE 3000
# Liveness; orchestrators should route traffic on /api/ready (database, migrations, lease, workers).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s CMD ["node", "-e", "fetch('http://127.0.0.1:3000/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM reaches node directly (no shell): running runs get SHUTDOWN_GRACE_MS to finish.
STOPSIGNAL SIGTERM
CMD ["node", "server.js"]
