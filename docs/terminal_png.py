"""Turns a terminal screen captured with colours (`tmux capture-pane -e -p`) into a PNG.

    python docs/terminal_png.py capture.txt docs/console.png   # needs Pillow

Handles the SGR sequences prompt_toolkit writes (reset, bold, the 16 ANSI colours, defaults);
other escape sequences are dropped.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"
BACKGROUND, FOREGROUND = (30, 30, 30), (220, 220, 220)
COLOURS = [
    (0, 0, 0),
    (205, 49, 49),
    (13, 188, 121),
    (229, 229, 16),
    (36, 114, 200),
    (188, 63, 188),
    (17, 168, 205),
    (229, 229, 229),
]
BRIGHT = [
    (102, 102, 102),
    (241, 76, 76),
    (35, 209, 139),
    (245, 245, 67),
    (59, 142, 234),
    (214, 112, 214),
    (41, 184, 219),
    (255, 255, 255),
]
ESCAPE = re.compile(r"\x1b\[([0-9;]*)([A-Za-z])")


Pen = tuple[tuple[int, int, int], bool]


def spans(line: str, pen: Pen) -> tuple[list[tuple[str, tuple[int, int, int], bool]], Pen]:
    """The line's runs of text with their colour and weight; attributes carry over lines."""
    (colour, bold), out, position = pen, [], 0
    for found in ESCAPE.finditer(line):
        if found.start() > position:
            out.append((line[position : found.start()], colour, bold))
        position = found.end()
        if found.group(2) != "m":
            continue
        for code in [int(c) for c in found.group(1).split(";") if c] or [0]:
            if code == 0:
                colour, bold = FOREGROUND, False
            elif code == 1:
                bold = True
            elif code == 22:
                bold = False
            elif 30 <= code <= 37:
                colour = COLOURS[code - 30]
            elif 90 <= code <= 97:
                colour = BRIGHT[code - 90]
            elif code == 39:
                colour = FOREGROUND
    out.append((line[position:], colour, bold))
    return out, (colour, bold)


def render(capture: str, target: Path, size: int = 15) -> None:
    regular, bold = ImageFont.truetype(FONT, size), ImageFont.truetype(BOLD, size)
    cell_width = regular.getlength("M")
    line_height = int(size * 1.35)
    lines = capture.rstrip("\n").split("\n")
    columns = max(len(ESCAPE.sub("", line)) for line in lines)
    image = Image.new("RGB", (int(cell_width * columns) + 24, line_height * len(lines) + 24), BACKGROUND)
    draw = ImageDraw.Draw(image)
    pen: Pen = (FOREGROUND, False)
    for row, line in enumerate(lines):
        x = 12.0
        runs, pen = spans(line, pen)
        for text, colour, is_bold in runs:
            draw.text((x, 12 + row * line_height), text, font=bold if is_bold else regular, fill=colour)
            x += cell_width * len(text)
    image.save(target)


if __name__ == "__main__":
    render(Path(sys.argv[1]).read_text(encoding="utf-8"), Path(sys.argv[2]))
