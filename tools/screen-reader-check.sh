#!/usr/bin/env bash
# Reads the running app as a screen reader (Orca) would: a private D-Bus session, the AT-SPI
# bus with both "screen reader on" flags set (the Linux adapter waits for them), then the
# app on the conversation and on the debrief, each read over AT-SPI by tools/atspi_read.py.
#
# Usage: tools/screen-reader-check.sh RAPPORT_BINARY   (needs an X display in $DISPLAY)
# Exit 0: everything expected was found; 1: something was not; 2: missing tools.
set -u
bin=${1:?usage: $0 RAPPORT_BINARY}
here=$(cd "$(dirname "$0")" && pwd)
for tool in dbus-run-session dbus-send; do
    command -v "$tool" >/dev/null || { echo "error: $tool is not installed" >&2; exit 2; }
done
launcher=/usr/libexec/at-spi-bus-launcher
[ -x "$launcher" ] || { echo "error: $launcher is missing (apt: at-spi2-core)" >&2; exit 2; }
# The system Python has the apt pyatspi; a pyenv or venv python3 on PATH may not.
py=""
for candidate in /usr/bin/python3 python3; do
    if "$candidate" -c 'import pyatspi' 2>/dev/null; then py=$candidate; break; fi
done
[ -n "$py" ] || { echo "error: pyatspi is missing (apt: python3-pyatspi gir1.2-atspi-2.0)" >&2; exit 2; }

exec dbus-run-session -- bash -s "$bin" "$here" "$launcher" "$py" <<'SESSION'
set -u
bin=$1; here=$2; launcher=$3; py=$4
"$launcher" --launch-immediately >/dev/null 2>&1 &
sleep 1
for flag in IsEnabled ScreenReaderEnabled; do
    dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus \
        org.freedesktop.DBus.Properties.Set string:org.a11y.Status string:$flag variant:boolean:true >/dev/null
done
data=$(mktemp -d)
status=0
# read_screen WHAT TEXT_SIZE CHOICES [--no-overlap] EXPECTED...
read_screen() {
    local what=$1; shift
    local text_size=$1; shift
    local choices=$1; shift
    echo "== $what (text size $text_size)"
    mkdir -p "$data/rapport"
    printf '(text_size: %s, high_contrast: false, learning_mode: false)\n' "$text_size" >"$data/rapport/settings.ron"
    XDG_CONFIG_HOME=$data "$bin" --data-dir "$data" app --scenarios tests/fixtures --scenario check-in --choose "$choices" >"$data/app.log" 2>&1 &
    local app=$!
    local overlap=()
    if [ "${1:-}" = "--no-overlap" ]; then overlap=(--no-overlap); shift; fi
    "$py" "$here/atspi_read.py" "${overlap[@]}" 90 "$@" || status=1
    kill "$app" 2>/dev/null; wait "$app" 2>/dev/null
}
# The conversation: the person's latest words, her face described, the clock, and the
# choices as buttons named by their words.
read_screen "conversation" 18 "greet-first" --no-overlap \
    "Knackered" \
    "Their face: seems" \
    "Appointment:" \
    "That sounds like a lot at once. What time could you actually make?" \
    "Everyone's busy. You just need to make sure you're here on time."
# The debrief: the ending, the take-aways, the charts as words, a reflection box.
read_screen "debrief" 18 "greet-first,solve-together,confirm-and-explain" \
    "A time that works" \
    "To take away" \
    "Chart of your skills: relationship" \
    "Chart of how they felt" \
    "What did Kez need from you in the first minute?"
# The largest text size: everything still named, and no two controls on top of each other
# (the top bar's settings wrap, the choices scroll).
read_screen "conversation" 32 "greet-first" --no-overlap \
    "Knackered" \
    "That sounds like a lot at once."
read_screen "debrief" 32 "greet-first,solve-together,confirm-and-explain" --no-overlap \
    "A time that works" \
    "To take away"
# The keyboard alone scrolls the debrief: the last reflection box starts out of view, End
# brings it into view, Home takes it away again.
if command -v xdotool >/dev/null; then
    echo "== debrief scrolled by keyboard alone"
    printf '(text_size: 18, high_contrast: false, learning_mode: false)\n' >"$data/rapport/settings.ron"
    XDG_CONFIG_HOME=$data "$bin" --data-dir "$data" app --scenarios tests/fixtures --scenario check-in \
        --choose greet-first,solve-together,confirm-and-explain >"$data/app.log" 2>&1 &
    app=$!
    box="Where did you hold a boundary"
    key() {
        local window
        window=$(xdotool search --name '^Rapport$' | head -n 1)
        xdotool windowfocus "$window" 2>/dev/null
        sleep 0.3
        xdotool key "$1"
        sleep 1
    }
    "$py" "$here/atspi_read.py" --hidden "$box" 90 "To take away" || status=1
    key End
    "$py" "$here/atspi_read.py" --visible "$box" 20 "To take away" || status=1
    key Home
    "$py" "$here/atspi_read.py" --hidden "$box" 20 "To take away" || status=1
    kill "$app" 2>/dev/null; wait "$app" 2>/dev/null

    # The briefing too, at the largest text size, where it is longer than the window.
    echo "== briefing scrolled by keyboard alone (text size 32)"
    printf '(text_size: 32, high_contrast: false, learning_mode: false)\n' >"$data/rapport/settings.ron"
    XDG_CONFIG_HOME=$data "$bin" --data-dir "$data" app --scenarios tests/fixtures --scenario check-in \
        >"$data/app.log" 2>&1 &
    app=$!
    last="Written with:"
    "$py" "$here/atspi_read.py" --hidden "$last" 90 "Your objectives" || status=1
    key End
    "$py" "$here/atspi_read.py" --visible "$last" 20 "Your objectives" || status=1
    key Page_Up
    key Page_Up
    key Page_Up
    "$py" "$here/atspi_read.py" --hidden "$last" 20 "Your objectives" || status=1
    kill "$app" 2>/dev/null; wait "$app" 2>/dev/null
else
    echo "error: xdotool is not installed (apt: xdotool); keyboard scrolling not checked" >&2
    status=1
fi
rm -rf "$data"
exit $status
SESSION
