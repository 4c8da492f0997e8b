# One image for every flywheel process; docker-compose.yml picks each service's command.
# Stage 1 builds the whole workspace (Nx, tsc); stage 2 keeps the built output and the
# production dependencies only.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json nx.json tsconfig.base.json jest.preset.js ./
COPY libs ./libs
COPY apps ./apps
# `npm ci` refuses a lockfile that lacks other platforms' optional binaries; `npm install`
# with the committed lockfile installs the same versions.
RUN npm install --no-audit --no-fund
RUN NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false npx nx run-many -t build --outputStyle=static \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf .nx apps/e2e

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
# Owned by root and read-only to the process: it writes only to the mounted training tree.
COPY --from=build /app /app
USER node
# The daemons stop gracefully on SIGTERM (docker stop); compose's stop_grace_period gives the
# active job time to finish.
CMD ["node", "apps/api/dist/main.js"]
