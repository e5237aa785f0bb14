#!/usr/bin/env bash
# Smoke test of the real Docker images: builds the three service images, starts docker-compose.yml, waits for every
# healthcheck, then, through the gateway only, trains on samples/iris.csv and predicts samples/iris_predict.csv with
# the documented curl calls, checks the JSON and /docs, and always stops the stack. Exits non-zero on any failure,
# with the logs printed.
#
# It runs the stack with whatever this machine has:
# - A Docker engine (`docker info` answers): `docker compose` itself (build, up --wait, the calls, down -v), under a
#   project name of its own, so a stack you run is left alone. Port 8000 must be free.
# - No engine: the buildah stand-in that machines without one (CI) keep beside the repository, in
#   $TABULA_SHARED_DIR/containers (base-images.sh builds node:22-slim stand-ins, compose.py runs the compose file on
#   the host network). It needs root. It works on a snapshot of the tree (no node_modules, dist, .git), so all three
#   images come from one state of the sources even while someone edits them, and runs the stack in a private network
#   namespace (unshare --net) when it can, so ports 8000-8002 of a developer's `npm start` neither block it nor
#   answer in its place.
# - Neither: it says so and skips (exit 0).
#
# usage (from anywhere): scripts/check-images.sh
# env: CHECK_TIMEOUT_S (240), seconds for the stack to become healthy
#      TABULA_SHARED_DIR (default: <repo>/../shared), where the stand-in's containers/ folder is
#      CHECK_HOST_NETWORK=1 runs the stand-in's stack on the host network; TABULA_COMPOSE_STATE (default: a temp dir)
set -euo pipefail

stage=${1:-all} # all | stack (internal: the stand-in's part that runs inside the network namespace)
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
self=$repo/scripts/$(basename "${BASH_SOURCE[0]}")
export CHECK_STARTED=${CHECK_STARTED:-$(date +%s)}
export TABULA_SHARED_DIR=${TABULA_SHARED_DIR:-$repo/../shared}
containers=$TABULA_SHARED_DIR/containers
gateway=http://localhost:8000
timeout_s=${CHECK_TIMEOUT_S:-240}
work=$(mktemp -d "${TMPDIR:-/tmp}/tabula-check.XXXXXX")
is_up=none # none | docker | standin
delegated=false
project=tabula-check-$$

log() { printf '[check-images %4ds] %s\n' $(($(date +%s) - CHECK_STARTED)) "$*"; }
fail() { log "FAIL: $*"; exit 1; }
compose() { docker compose -p "$project" -f "$repo/docker-compose.yml" "$@"; }

print_logs() {
  local f
  for f in "$work"/build-*.log "${TABULA_COMPOSE_STATE:-/nonexistent}"/build-*.log; do
    [ -f "$f" ] && { echo "----- ${f##*/} (last 40 lines)"; tail -n 40 "$f"; }
  done
  if [ "$is_up" = docker ]; then compose logs --no-color --tail 80 || true; fi
  for f in "${TABULA_COMPOSE_STATE:-/nonexistent}"/*.log; do
    case ${f##*/} in build-*) continue ;; esac
    [ -f "$f" ] && { echo "----- ${f##*/} (last 80 lines)"; tail -n 80 "$f"; }
  done
  return 0
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ $rc -ne 0 ] && ! $delegated; then log "failed (exit $rc); logs:"; print_logs; fi
  case $is_up in
    docker) compose down -v --remove-orphans >/dev/null 2>&1 || log "docker compose down failed" ;;
    standin) (cd "$CHECK_SRC" && /usr/bin/python3 "$containers/compose.py" down) || log "compose.py down failed" ;;
  esac
  rm -rf "$work"
  if [ "$stage" = all ]; then
    rm -rf "${CHECK_SRC:-}"
    [ $rc -eq 0 ] && [ -n "${TABULA_COMPOSE_STATE:-}" ] && rm -rf "$TABULA_COMPOSE_STATE"
    log "done (exit $rc)"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# On the host network a process already on one of these ports would answer in place of the images.
ports_free() {
  local port
  for port in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then fail "port $port is already in use; stop what listens there"; fi
  done
}

# Runs one of the documented curl calls; the answer goes to $work/$1.json and must have a 2xx status (train: 201).
call() {
  local name=$1 status
  shift
  status=$(curl -sS -o "$work/$name.json" -w '%{http_code}' --max-time 120 "$@") || fail "$name: curl failed"
  case $status in 2??) ;; *) fail "$name: HTTP $status: $(head -c 600 "$work/$name.json")" ;; esac
}

# The README's train and predict calls and /docs, through the gateway; run from a tree holding samples/.
check_api() {
  local t=$SECONDS status
  call train -X POST "$gateway/train" -H 'accept: application/json' -H 'Content-Type: multipart/form-data' \
    -F 'dataset_file=@samples/iris.csv;type=text/csv' -F 'model_type=RandomForestClassifier' -F 'model_params={}' \
    -F 'target_column=variety' -F 'columns_to_drop='
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const labels = [...(r.class_labels ?? [])].map(String).sort().join(",");
    if (!Number.isInteger(r.version) || typeof r.model_name !== "string") throw new Error("no model_name/version");
    if (labels !== "Setosa,Versicolor,Virginica") throw new Error(`class_labels are ${labels}`);
    console.log(`model ${r.model_name}@${r.version} (${r.model_type}, ${r.engine}) metrics ${JSON.stringify(r.metrics)}`);
  ' "$work/train.json" || fail "train answer is not as expected: $(head -c 600 "$work/train.json")"
  log "train ok ($((SECONDS - t))s)"

  t=$SECONDS
  call predict -X POST "$gateway/predict" -H 'accept: application/json' -H 'Content-Type: multipart/form-data' \
    -F 'input_file=@samples/iris_predict.csv;type=text/csv' -F 'columns_to_drop=["variety"]'
  node -e '
    const fs = require("fs");
    const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    const truth = fs.readFileSync(process.argv[2], "utf8").trim().split("\n").slice(1).map((l) => l.split(",").at(-1));
    const p = r.predictions;
    if (!Array.isArray(p) || p.length !== truth.length) throw new Error(`expected ${truth.length} predictions`);
    const bad = p.filter((v) => !["Setosa", "Versicolor", "Virginica"].includes(v));
    if (bad.length) throw new Error(`not variety names: ${JSON.stringify(bad.slice(0, 5))}`);
    const hits = p.filter((v, i) => v === truth[i]).length;
    if (hits < 0.9 * truth.length) throw new Error(`only ${hits}/${truth.length} right`);
    console.log(`${p.length} predictions from ${r.model_name}@${r.model_version}, ${hits}/${truth.length} match the variety column`);
  ' "$work/predict.json" samples/iris_predict.csv || fail "predict answer is not as expected: $(head -c 600 "$work/predict.json")"
  log "predict ok ($((SECONDS - t))s)"

  status=$(curl -sSL -o "$work/docs.html" -w '%{http_code}' --max-time 20 "$gateway/docs") || fail "/docs: curl failed"
  [ "$status" = 200 ] && grep -qi swagger "$work/docs.html" || fail "/docs: HTTP $status, $(head -c 300 "$work/docs.html")"
  log "/docs ok"
  log "PASS"
}

with_docker() {
  command -v curl >/dev/null || fail "curl is needed for the documented calls"
  docker compose version >/dev/null 2>&1 \
    || fail "a Docker engine answers, but the Compose plugin does not (docker compose version): install docker-compose-plugin"
  cd "$repo"
  ports_free 8000
  compose config -q || fail "docker-compose.yml is invalid"
  local t=$SECONDS
  compose build >"$work/build-images.log" 2>&1 || fail "docker compose build failed"
  log "built the images ($((SECONDS - t))s)"
  t=$SECONDS
  is_up=docker
  # --wait returns once every service's healthcheck passes (the gateway waits on the other two).
  timeout "$timeout_s" docker compose -p "$project" -f "$repo/docker-compose.yml" up -d --wait \
    || fail "docker compose up --wait did not report a healthy stack within ${timeout_s}s"
  log "stack up and healthy ($((SECONDS - t))s)"
  check_api
}

# The stand-in, part 1 (as root, on the host network, which reaches npm): base images, the three service images.
standin_build() {
  [ "$(id -u)" -eq 0 ] || fail "run as root: buildah, the stand-in for a Docker engine, needs it"
  export TABULA_COMPOSE_STATE=${TABULA_COMPOSE_STATE:-$(mktemp -d "${TMPDIR:-/tmp}/tabula-compose.XXXXXX")}
  local missing=() spec name t
  command -v curl >/dev/null || missing+=(curl)
  command -v ip >/dev/null || missing+=(iproute2)
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  /usr/bin/python3 -c 'import yaml' 2>/dev/null || missing+=(python3-yaml)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi

  export CHECK_SRC=$work.src
  mkdir -p "$CHECK_SRC"
  tar -C "$repo" --exclude=./.git --exclude=node_modules --exclude=dist --exclude=./.tmp --exclude=./data \
    --exclude=coverage -cf - . | tar -xf - -C "$CHECK_SRC"
  cd "$CHECK_SRC"
  docker-compose -f docker-compose.yml config -q || fail "docker-compose.yml is invalid"

  t=$SECONDS
  "$containers/base-images.sh" 22
  log "base images ready ($((SECONDS - t))s)"

  # Build every image before starting any: compose.py starts each service right after its build, and a later build
  # failure would leave the earlier ones running unrecorded. Same tags and flags, so compose.py's builds hit the cache.
  for spec in trainer:8001 predictor:8002 gateway:8000; do
    name=${spec%%:*}
    t=$SECONDS
    buildah bud --isolation chroot --pull=never --layers -t "localhost/tabula-compose-$name:latest" \
      --build-arg "SERVICE=$name" --build-arg "PORT=${spec##*:}" -f "$CHECK_SRC/Dockerfile" "$CHECK_SRC" >"$work/build-$name.log" 2>&1 || fail "image build of $name failed"
    log "built image $name ($((SECONDS - t))s, $(podman images --format '{{.Size}}' "localhost/tabula-compose-$name:latest" 2>/dev/null || echo '?'))"
  done
}

# The stand-in, part 2: the stack and the calls, in the network namespace when there is one.
standin_stack() {
  ports_free 8000 8001 8002
  local t=$SECONDS
  is_up=standin
  /usr/bin/python3 "$containers/compose.py" up -f docker-compose.yml --timeout "$timeout_s" || fail "compose.py up failed"
  log "stack up and healthy ($((SECONDS - t))s)"
  check_api
}

if [ "$stage" = stack ]; then
  ip link set lo up
  cd "$CHECK_SRC"
  standin_stack
  exit 0
fi

command -v node >/dev/null || fail "node is needed to check the JSON answers"
if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
  log "a Docker engine answers: checking the images with docker compose"
  with_docker
elif [ -x "$containers/base-images.sh" ] && [ -f "$containers/compose.py" ]; then
  log "no Docker engine (docker info failed or docker is missing): using the buildah stand-in in $containers"
  standin_build
  if [ "${CHECK_HOST_NETWORK:-0}" != 1 ] && unshare --net true 2>/dev/null; then
    log "running the stack in a private network namespace"
    delegated=true
    unshare --net -- "$self" stack
    exit $?
  fi
  log "running the stack on the host network"
  standin_stack
else
  log "SKIP: no Docker engine (docker info) and no buildah stand-in in $containers (set TABULA_SHARED_DIR): images not checked"
fi
