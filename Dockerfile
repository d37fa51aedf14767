# dancodes in one image: the start script (stack/start.ts) runs opencode (the pinned opencode-ai npm
# package), the sidecar, the scripted model when no provider key is set, and Caddy in front.
# All state lives on the volume at DATA_DIR=/vol (see README.md, "Deploy").

# ---- build: the PWA (needs the dev dependencies: vite and its plugins) ----
FROM node:20-bookworm-slim AS build
WORKDIR /src
# Not `npm ci`: opencode-ai lists a binary package per platform as optional, and the lock file lacks
# the ones its registry did not have, which `npm ci` rejects (see dev/setup.sh).
COPY package.json package-lock.json ./
COPY pwa/package.json pwa/
COPY sidecar/package.json sidecar/
RUN npm install --no-audit --no-fund --loglevel=error
# The whole context (.dockerignore keeps node_modules, dist, tests and state out): the PWA build
# reads beyond pwa/ (icons/, tsconfig.base.json).
COPY . .
RUN npm run build -w pwa

# ---- runtime ----
FROM node:20-bookworm-slim
RUN apt-get update \
  && apt-get install -y --no-install-recommends git ca-certificates tini \
  && rm -rf /var/lib/apt/lists/*
# The official Caddy binary (static), pinned: Debian bookworm's caddy is 2.6.
COPY --from=caddy:2.10.2 /usr/bin/caddy /usr/bin/caddy

WORKDIR /opt/dancodes
# Production dependencies only: opencode-ai (its postinstall picks this platform's binary), tsx, zod,
# the sidecar's. Manifests first so code changes reuse this layer.
COPY package.json package-lock.json ./
COPY pwa/package.json pwa/
COPY sidecar/package.json sidecar/
RUN npm install --omit=dev --no-audit --no-fund --loglevel=error \
  && npm cache clean --force

# What the start script runs (deploy/dockerfile.test.ts follows its imports to check this list).
COPY Caddyfile ./
COPY stack/ stack/
COPY sidecar/ sidecar/
COPY dev/model/ dev/model/
COPY --from=build /src/pwa/dist pwa/dist

# The commit being deployed, shown in the app (the deploy workflow passes it; empty: the package version).
ARG DANCODES_VERSION=""
# No XDG_* here: start.ts gives opencode HOME and XDG_{DATA,CONFIG,STATE,CACHE}_HOME under
# $DATA_DIR/opencode-state/ and Caddy its XDG dirs under $DATA_DIR/caddy/, so all state is on /vol.
ENV NODE_ENV=production \
  DATA_DIR=/vol \
  PORT=8080 \
  DANCODES_VERSION=${DANCODES_VERSION}

EXPOSE 8080
# tini as PID 1: forwards SIGTERM to the start script (which stops every child) and reaps orphans
# the agent leaves behind.
ENTRYPOINT ["tini", "--"]
CMD ["node", "--import", "tsx", "stack/start.ts"]
