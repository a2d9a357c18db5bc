"""Draws the installable app's icons once (run by hand: `.venv/bin/python frontend/scripts/make-icons.py`).

A white house on the primary blue of index.css; the maskable one keeps the drawing inside the 80 % safe zone.
"""
from pathlib import Path

from PIL import Image, ImageDraw

PRIMARY = (0x1D, 0x4F, 0x91)
WHITE = (255, 255, 255)
OUT = Path(__file__).resolve().parent.parent / "public"


def draw(size: int, scale: float) -> Image.Image:
    img = Image.new("RGB", (size, size), PRIMARY)
    d = ImageDraw.Draw(img)
    c, s = size / 2, size * scale / 2  # centre and half-width of the drawing
    roof = [(c - s, c - s * 0.05), (c, c - s * 0.95), (c + s, c - s * 0.05)]
    d.polygon(roof, fill=WHITE)
    d.rectangle([c - s * 0.72, c - s * 0.1, c + s * 0.72, c + s * 0.85], fill=WHITE)
    d.rectangle([c - s * 0.2, c + s * 0.25, c + s * 0.2, c + s * 0.85], fill=PRIMARY)  # the door
    return img


for size in (192, 512):
    draw(size, 0.8).save(OUT / f"icon-{size}.png", optimize=True)
draw(512, 0.56).save(OUT / "icon-maskable-512.png", optimize=True)
draw(180, 0.7).save(OUT / "apple-touch-icon.png", optimize=True)
