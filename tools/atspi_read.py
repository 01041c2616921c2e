#!/usr/bin/env python3
"""Reads the Rapport window as a screen reader does, over AT-SPI, and checks that it finds
each expected text (as an accessible name or text) somewhere in the app's tree.

Usage: atspi_read.py TIMEOUT_SECONDS EXPECTED...   (exit 0: all found; 1: some missing)
"""
import sys
import time

import pyatspi


def names(acc, depth=0, out=None):
    """Every (role, name, text) under an accessible, depth first."""
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
        out.append((acc.getRoleName(), acc.name or "", text or ""))
        for i in range(acc.childCount):
            names(acc.getChildAtIndex(i), depth + 1, out)
    except Exception:
        pass
    return out


def rapport_apps():
    desktop = pyatspi.Registry.getDesktop(0)
    found = []
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        if app is not None and "rapport" in (app.name or "").lower():
            found.append(app)
    return found


def main():
    timeout = float(sys.argv[1])
    expected = sys.argv[2:]
    deadline = time.time() + timeout
    seen = []
    missing = expected
    while time.time() < deadline:
        seen = [n for app in rapport_apps() for n in names(app)]
        blob = [f"{name}\n{text}" for _, name, text in seen]
        missing = [e for e in expected if not any(e in b for b in blob)]
        if not missing:
            break
        time.sleep(1)
    buttons = [name for role, name, _ in seen if role in ("push button", "button")]
    print(f"AT-SPI: {len(seen)} accessible objects in Rapport's tree, {len(buttons)} buttons")
    for role, name, text in seen[:400]:
        if name or text:
            print(f"  {role}: {(name or text)[:100]}")
    if missing:
        print("NOT FOUND by a screen reader:", *missing, sep="\n  ")
        return 1
    print("Found every expected text:", *expected, sep="\n  ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
