# One image for every flywheel process; docker-compose.yml picks the command.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json nx.json tsconfig.base.json jest.preset.js ./
COPY libs ./libs
COPY apps ./apps
COPY scripts ./scripts
RUN npm install --no-audit --no-fund \
 && NX_DAEMON=false NX_NO_CLOUD=true npx nx run-many -t build \
 && npm prune --omit=dev
ENV NODE_ENV=production
USER node
CMD ["node", "apps/api/dist/main.js"]
