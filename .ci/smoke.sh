#!/usr/bin/env bash
# Window smoke test: open the app under Xvfb with a software Vulkan driver, play a route to
# the debrief, take a screenshot, and check the image is not blank.
#
# Needs: xvfb, mesa-vulkan-drivers, libvulkan1 (CI installs them), python3.
# Usage: .ci/smoke.sh [path/to/rapport]   (default: builds target/release/rapport)
set -euo pipefail
cd "$(dirname "$0")/.."

BIN="${1:-}"
if [[ -z "$BIN" ]]; then
    cargo build --release --bin rapport
    BIN="${CARGO_TARGET_DIR:-target}/release/rapport"
fi

OUT="$(mktemp -d)"
trap 'kill "${XVFB_PID:-}" 2>/dev/null || true; rm -rf "$OUT"' EXIT

DISPLAY_NUMBER="${SMOKE_DISPLAY:-:97}"
Xvfb "$DISPLAY_NUMBER" -screen 0 1280x800x24 -nolisten tcp &
XVFB_PID=$!
for _ in $(seq 50); do
    [[ -e "/tmp/.X11-unix/X${DISPLAY_NUMBER#:}" ]] && break
    sleep 0.1
done

export DISPLAY="$DISPLAY_NUMBER"
export WGPU_BACKEND="${WGPU_BACKEND:-vulkan}"
SHOT="$OUT/debrief.png"
# The best route through the reference scenario (tests/fixtures/check-in.ron).
timeout 120 "$BIN" app \
    --scenario tests/fixtures/check-in.ron \
    --choose greet-first,solve-together,confirm-and-explain \
    --screenshot "$SHOT" \
    --data-dir "$OUT/data"

python3 .ci/not_blank.py "$SHOT"
echo "smoke test passed: $SHOT looked like a debrief (not blank)"
