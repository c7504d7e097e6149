#!/usr/bin/env python3
"""Render a `tmux capture-pane -p -e` capture (UTF-8 text with SGR escapes) to a PNG.

pyte replays the escapes into a virtual screen; Pillow draws each cell with DejaVu Sans Mono
using a fixed 16-colour palette, honouring bold, reverse and dim. Deterministic: same capture,
same pixels (TUI-NOTES §3.4).

usage: ansi2png.py CAPTURE.ans OUT.png --cols 120 --rows 40
"""
import argparse

import pyte
from PIL import Image, ImageDraw, ImageFont

FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
BG = (24, 26, 33)
FG = (208, 212, 220)
PALETTE = {
    "black": (40, 42, 54), "red": (232, 88, 88), "green": (120, 200, 110), "brown": (228, 190, 80),
    "yellow": (228, 190, 80), "blue": (100, 140, 235), "magenta": (200, 120, 220), "cyan": (90, 200, 215),
    "white": (220, 220, 220), "default": None,
}
BRIGHT = {
    "brightblack": (110, 110, 120), "brightred": (255, 120, 120), "brightgreen": (150, 230, 140),
    "brightbrown": (250, 215, 110), "brightyellow": (250, 215, 110), "brightblue": (140, 170, 255),
    "brightmagenta": (230, 150, 245), "brightcyan": (130, 225, 240), "brightwhite": (255, 255, 255),
}


def colour(name, default):
    if name in PALETTE and PALETTE[name] is not None:
        return PALETTE[name]
    if name in BRIGHT:
        return BRIGHT[name]
    if isinstance(name, str) and len(name) == 6:
        try:
            return tuple(int(name[i:i + 2], 16) for i in (0, 2, 4))
        except ValueError:
            pass
    return default


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("capture")
    ap.add_argument("out")
    ap.add_argument("--cols", type=int, default=120)
    ap.add_argument("--rows", type=int, default=40)
    ap.add_argument("--size", type=int, default=15)
    a = ap.parse_args()

    screen = pyte.Screen(a.cols, a.rows)
    stream = pyte.Stream(screen)
    text = open(a.capture, encoding="utf-8", errors="replace").read()
    lines = text.split("\n")
    # A terminal's LF does not return the carriage; write each captured line at its own row.
    for i, line in enumerate(lines[: a.rows]):
        stream.feed(f"\x1b[{i + 1};1H\x1b[0m" + line)

    regular = ImageFont.truetype(FONT_DIR + "DejaVuSansMono.ttf", a.size)
    bold = ImageFont.truetype(FONT_DIR + "DejaVuSansMono-Bold.ttf", a.size)
    left, top, right, bottom = regular.getbbox("M")
    cw = round(regular.getlength("M"))
    ch = round(a.size * 1.25)
    pad = 10
    img = Image.new("RGB", (a.cols * cw + 2 * pad, a.rows * ch + 2 * pad), BG)
    draw = ImageDraw.Draw(img)
    for y in range(a.rows):
        row = screen.buffer[y]
        for x in range(a.cols):
            c = row[x]
            fg = colour(c.fg, FG)
            bg = colour(c.bg, BG)
            if c.bold and c.fg in PALETTE and PALETTE.get(c.fg):
                fg = BRIGHT.get("bright" + c.fg, fg)
            if c.reverse:
                fg, bg = bg, fg
            px, py = pad + x * cw, pad + y * ch
            if bg != BG:
                draw.rectangle([px, py, px + cw - 1, py + ch - 1], fill=bg)
            if c.data and c.data != " ":
                glyph = c.data
                # Box drawing and block elements fill the whole cell so lines join up.
                if glyph in "─━":
                    draw.line([px, py + ch // 2, px + cw, py + ch // 2], fill=fg)
                elif glyph == "│":
                    draw.line([px + cw // 2, py, px + cw // 2, py + ch], fill=fg)
                elif glyph in "┌┐└┘":
                    mx, my = px + cw // 2, py + ch // 2
                    h = [mx, px + cw] if glyph in "┌└" else [px, mx]
                    v = [py + ch // 2, py + ch] if glyph in "┌┐" else [py, my]
                    draw.line([h[0], my, h[1], my], fill=fg)
                    draw.line([mx, v[0], mx, v[1]], fill=fg)
                elif glyph == "█":
                    draw.rectangle([px, py, px + cw - 1, py + ch - 1], fill=fg)
                elif glyph in "▁▂▃▄▅▆▇":
                    n = "▁▂▃▄▅▆▇".index(glyph) + 1
                    h = round(ch * n / 8)
                    draw.rectangle([px, py + ch - h, px + cw - 1, py + ch - 1], fill=fg)
                else:
                    f = bold if c.bold else regular
                    draw.text((px, py + (ch - (bottom - top)) // 2 - top), glyph, font=f, fill=fg)
    img.save(a.out)


if __name__ == "__main__":
    main()
