#!/usr/bin/env bash
# Renders every scenario's Mermaid graph (`rapport graph FILE --format mermaid`) to PNG with
# the Mermaid CLI (mmdc) and a local Chromium, to prove the generated Mermaid really renders.
#
# Usage: tools/render-mermaid.sh RAPPORT_BINARY OUTPUT_DIR [EXTRA_SCENARIO.ron ...]
#
# For each scenarios/*.ron (and any extra files given) it writes NAME.mmd, NAME.svg and
# NAME.png to OUTPUT_DIR, and checks that the SVG has as many arrows as the .mmd has links
# (Mermaid silently drops some, e.g. repeated loops on one node).
#
# It installs nothing. It finds mmdc as $MMDC, else on PATH, else in
# $MERMAID_DIR/node_modules/.bin; and Chromium as $CHROMIUM, else chromium,
# chromium-browser or google-chrome on PATH.
#
# Exit status: 0 all rendered; 1 some graph failed; 2 renderer missing or bad usage.

set -u

usage() {
    echo "usage: $0 RAPPORT_BINARY OUTPUT_DIR [EXTRA_SCENARIO.ron ...]" >&2
    exit 2
}

[ $# -ge 2 ] || usage
rapport=$1
out=$2
shift 2
[ -x "$rapport" ] || { echo "error: $rapport is not an executable rapport binary" >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")

install_help() {
    cat >&2 <<'EOF'
To install a Mermaid renderer (Debian/Ubuntu; about a minute: ~155 MB apt download,
~480 MB for Chromium and ~500 MB of node_modules on disk):
    sudo apt-get install -y chromium
    mkdir -p ~/mermaid && cd ~/mermaid
    PUPPETEER_SKIP_DOWNLOAD=1 npm install @mermaid-js/mermaid-cli
then run with MERMAID_DIR=~/mermaid (or put ~/mermaid/node_modules/.bin on PATH).
PUPPETEER_SKIP_DOWNLOAD=1 stops puppeteer downloading its own browser; the system
Chromium is used instead (set CHROMIUM=/path/to/chrome to pick another).
EOF
}

mmdc=${MMDC:-}
if [ -z "$mmdc" ]; then
    if command -v mmdc >/dev/null 2>&1; then
        mmdc=$(command -v mmdc)
    elif [ -n "${MERMAID_DIR:-}" ] && [ -x "$MERMAID_DIR/node_modules/.bin/mmdc" ]; then
        mmdc=$MERMAID_DIR/node_modules/.bin/mmdc
    fi
fi
if [ -z "$mmdc" ] || [ ! -x "$mmdc" ]; then
    echo "error: the Mermaid CLI (mmdc) was not found" >&2
    install_help
    exit 2
fi

chromium=${CHROMIUM:-}
if [ -z "$chromium" ]; then
    for candidate in chromium chromium-browser google-chrome; do
        if command -v "$candidate" >/dev/null 2>&1; then
            chromium=$(command -v "$candidate")
            break
        fi
    done
fi
if [ -z "$chromium" ] || [ ! -x "$chromium" ]; then
    echo "error: no Chromium found for mmdc to drive" >&2
    install_help
    exit 2
fi

mkdir -p "$out" || exit 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Headless, sandbox off (root in containers), no calls home.
cat >"$work/puppeteer.json" <<EOF
{"executablePath": "$chromium",
 "args": ["--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync"]}
EOF
# Mermaid's defaults are maxTextSize 50000 and maxEdges 500: raised here so a big scenario
# still renders, with a warning below because GitHub and mermaid.live keep the defaults.
# useMaxWidth=false draws at natural size instead of shrinking to the page width.
cat >"$work/mermaid.json" <<'EOF'
{"maxTextSize": 1000000, "maxEdges": 10000, "flowchart": {"useMaxWidth": false}}
EOF

failed=0
count=0
for file in "$repo"/scenarios/*.ron "$@"; do
    [ -f "$file" ] || continue
    name=$(basename "$file" .ron)
    mmd=$out/$name.mmd
    count=$((count + 1))
    if ! "$rapport" graph "$file" --format mermaid -o "$mmd"; then
        echo "FAIL $name: rapport graph failed" >&2
        failed=1
        continue
    fi
    chars=$(wc -m <"$mmd")
    links=$(grep -cE -- '-->|==>|-\.->' "$mmd")
    note=""
    [ "$chars" -gt 50000 ] && note="$note over Mermaid's default maxTextSize (50000);"
    [ "$links" -gt 500 ] && note="$note over Mermaid's default maxEdges (500);"
    ok=1
    for ext in svg png; do
        if ! "$mmdc" -q -p "$work/puppeteer.json" -c "$work/mermaid.json" -b white \
            -i "$mmd" -o "$out/$name.$ext" >"$work/log" 2>&1; then
            echo "FAIL $name: mmdc could not render $ext:" >&2
            grep -v 'Unknown user config' "$work/log" | head -n 12 >&2
            ok=0
            break
        fi
    done
    if [ "$ok" = 1 ]; then
        # Every link but the invisible ones in the key must be drawn.
        drawn=$(grep -o 'class="[^"]*flowchart-link[^"]*"' "$out/$name.svg" | grep -vc 'edge-thickness-invisible')
        if [ "$drawn" -ne "$links" ]; then
            echo "FAIL $name: $links links in the .mmd but $drawn arrows drawn" >&2
            ok=0
        fi
    fi
    if [ "$ok" = 1 ]; then
        echo "ok   $name: $chars characters, $links links -> $out/$name.png${note:+ (warning:$note)}"
    else
        failed=1
    fi
done

if [ "$count" = 0 ]; then
    echo "error: no scenarios found in $repo/scenarios" >&2
    exit 1
fi
exit "$failed"
