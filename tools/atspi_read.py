#!/usr/bin/env python3
"""Reads the Rapport window as a screen reader does, over AT-SPI, and checks that it finds
each expected text (as an accessible name or text) somewhere in the app's tree.

Usage: atspi_read.py [--no-overlap] TIMEOUT_SECONDS EXPECTED...
(exit 0: all found; 1: some missing, or with --no-overlap, two controls overlap on screen)
"""
import sys
import time

import pyatspi


CONTROLS = ("push button", "button", "check box", "toggle button")


def extents(acc):
    """(x, y, width, height) on screen, or None."""
    try:
        e = acc.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        return (e.x, e.y, e.width, e.height)
    except Exception:
        return None


def names(acc, depth=0, out=None):
    """Every (role, name, text, extents) under an accessible, depth first."""
    if out is None:
        out = []
    if acc is None or depth > 60:
        return out
    try:
        text = ""
        try:
            t = acc.queryText()
            text = t.getText(0, -1)
        except Exception:
            pass
        out.append((acc.getRoleName(), acc.name or "", text or "", extents(acc)))
        for i in range(acc.childCount):
            names(acc.getChildAtIndex(i), depth + 1, out)
    except Exception:
        pass
    return out


def overlaps(seen, window):
    """Pairs of visible controls whose rectangles overlap (more than a couple of pixels),
    and the visible controls compared."""
    wx, wy, ww, wh = window
    boxes = []
    for role, name, text, box in seen:
        if role not in CONTROLS or not box or box[2] <= 0 or box[3] <= 0:
            continue
        x, y, w, h = box
        # Only what is on screen: a control scrolled out of view is clipped, not drawn.
        if y >= wy + wh or y + h <= wy or x >= wx + ww or x + w <= wx:
            continue
        boxes.append((name or text, box))
    found = []
    for i, (a, (ax, ay, aw, ah)) in enumerate(boxes):
        for b, (bx, by, bw, bh) in boxes[i + 1:]:
            dx = min(ax + aw, bx + bw) - max(ax, bx)
            dy = min(ay + ah, by + bh) - max(ay, by)
            if dx > 2 and dy > 2:
                found.append((a, b))
    return found, boxes


def rapport_apps():
    desktop = pyatspi.Registry.getDesktop(0)
    found = []
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        if app is not None and "rapport" in (app.name or "").lower():
            found.append(app)
    return found


def main():
    args = sys.argv[1:]
    check_overlap = False
    visible, hidden = [], []
    while args and args[0].startswith("--"):
        flag = args.pop(0)
        if flag == "--no-overlap":
            check_overlap = True
        elif flag == "--visible":
            visible.append(args.pop(0))
        elif flag == "--hidden":
            hidden.append(args.pop(0))
    timeout = float(args[0])
    expected = args[1:]
    deadline = time.time() + timeout
    seen = []
    missing = expected
    while time.time() < deadline:
        seen = [n for app in rapport_apps() for n in names(app)]
        blob = [f"{name}\n{text}" for _, name, text, _ in seen]
        missing = [e for e in expected if not any(e in b for b in blob)]
        if not missing:
            break
        time.sleep(1)
    buttons = [name for role, name, _, _ in seen if role in ("push button", "button")]
    print(f"AT-SPI: {len(seen)} accessible objects in Rapport's tree, {len(buttons)} buttons")
    for role, name, text, _ in seen[:400]:
        if name or text:
            print(f"  {role}: {(name or text)[:100]}")
    if missing:
        print("NOT FOUND by a screen reader:", *missing, sep="\n  ")
        return 1
    # Whether a named text box or label is on screen or scrolled out of view (keyboard scrolling).
    for want, label in ((True, visible), (False, hidden)):
        for text in label:
            boxes = [
                box
                for role, name, _, box in seen
                if role in ("entry", "label") and text in name and box
            ]
            on_screen = [b for b in boxes if b[1] >= 0 and b[1] + b[3] <= 800 and b[3] > 0]
            where = ", ".join(str(b) for b in boxes) or "no position"
            if bool(on_screen) != want:
                print(f"Expected {text!r} to be {'on' if want else 'off'} screen; it is at {where}")
                return 1
            print(f"{text!r} is {'on' if want else 'off'} screen as expected ({where})")
    if check_overlap:
        windows = [
            box
            for role, _, _, box in seen
            if role in ("frame", "window") and box and box[2] > 0 and box[3] > 0
        ]
        # The app's window fills the test display when the frame reports no extents.
        window = windows[0] if windows else (0, 0, 1280, 800)
        clashes, compared = overlaps(seen, window)
        print(f"Layout: {len(compared)} controls on screen in window {window}:")
        for name, box in compared:
            print(f"  {box} {name[:60]!r}")
        if len(compared) < 3:
            print("Too few controls with a position on screen to judge the layout.")
            return 1
        if clashes:
            print("OVERLAPPING on screen:", *[f"{a!r} and {b!r}" for a, b in clashes], sep="\n  ")
            return 1
        print("No two controls overlap.")
    print("Found every expected text:", *expected, sep="\n  ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
