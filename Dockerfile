# One image recipe for the three Tabula services; SERVICE picks which one. From the repo root:
#   docker build --build-arg SERVICE=trainer --build-arg PORT=8001 -t tabula-trainer .
# (docker-compose.yml passes both for gateway :8000, trainer :8001 and predictor :8002.)
# Debian-based node:22-slim (not Alpine). The build stage compiles the workspace; the runtime stage gets only
# the output of `pnpm deploy --prod`: dist/, package.json and production node_modules with our packages' dist.

FROM node:22-slim AS base
# corepack does not work on every build machine; npm does.
RUN npm i -g pnpm@9.15.9
WORKDIR /repo

# Every file `pnpm install` reads (lockfile, workspace file, .npmrc, all package.json), found rather than listed so
# a new workspace package needs no Dockerfile change; mtimes are zeroed so the COPY below stays cached until one changes.
FROM base AS manifests
COPY . /src
RUN mkdir /manifests && cd /src \
 && find . -name node_modules -prune -o -type f \( -name package.json -o -name pnpm-lock.yaml \
      -o -name pnpm-workspace.yaml -o -name .npmrc \) -print0 | tar --null -T - -cf - | tar -xf - -C /manifests \
 && find /manifests -exec touch -h -d @0 {} +

FROM base AS build
ARG SERVICE
COPY --from=manifests /manifests/ ./
RUN pnpm install --frozen-lockfile
COPY . .
# tsconfig.src.json: the service's code without its test/ project, so no test helper reaches the image.
RUN test -n "$SERVICE" || { echo 'build with --build-arg SERVICE=gateway|trainer|predictor'; exit 1; } \
 && node node_modules/typescript/bin/tsc -b services/$SERVICE/tsconfig.src.json \
 && pnpm --filter @tabula/$SERVICE deploy --prod /out \
 && find /out/dist /out/node_modules/.pnpm/@tabula+*/node_modules/@tabula/*/dist \
      \( -name '*.test.*' -o -name '*.d.ts' -o -name '*.d.ts.map' -o -name '*.tsbuildinfo' -o -name .tsbuildinfo \) -delete \
 && test -f /out/dist/server.js

FROM node:22-slim
ARG PORT
# SERVICE_PORT is only for the healthcheck; each service reads its own <NAME>_PORT, whose default is this port.
ENV NODE_ENV=production HOST=0.0.0.0 SERVICE_PORT=$PORT

# The models volume mounts here (trainer and predictor); a new named volume takes this owner, so the service can write to it.
RUN mkdir -p /models && chown node:node /models
ENV MODELS_DIR=/models

WORKDIR /app
# Root-owned and read-only to the service user.
COPY --from=build /out ./
USER node
EXPOSE $PORT
# Slim images have no curl; node's fetch does the check.
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.SERVICE_PORT + '/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/server.js"]
