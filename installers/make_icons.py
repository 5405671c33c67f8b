"""Generate pairdesk's icon files from ``resources/icons/pairdesk.svg``.

Re-runnable: ``python installers/make_icons.py`` (needs PySide6 with QtSvg, and
Pillow, which ReportLab already brings). Writes, beside the SVG:

- ``pairdesk-16.png`` … ``pairdesk-256.png`` (window icon, Linux ``.desktop``);
- ``pairdesk.ico`` (Windows: executables, installer, shortcuts), all sizes in one file;
- ``pairdesk.icns`` (macOS ``.app``).

Runs offscreen, so it works on a build server without a display.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"
SVG = ICONS_DIR / "pairdesk.svg"
PNG_SIZES = (16, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> Image.Image:
    """The SVG drawn at ``size`` x ``size`` pixels, antialiased, transparent corners."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    return Image.frombytes("RGBA", (size, size), bytes(rgba.constBits()))


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"cannot read {SVG}", file=sys.stderr)
        return 1
    written: list[Path] = []
    for size in PNG_SIZES:
        target = ICONS_DIR / f"pairdesk-{size}.png"
        render(renderer, size).save(target, optimize=True)
        written.append(target)

    # Windows: each size rendered from the vector drawing, not scaled down from 256.
    frames = [render(renderer, size) for size in ICO_SIZES]
    ico = ICONS_DIR / "pairdesk.ico"
    frames[-1].save(
        ico,
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=frames[:-1],
    )
    written.append(ico)

    # macOS: Pillow builds every icns size from one large rendering.
    icns = ICONS_DIR / "pairdesk.icns"
    render(renderer, 1024).save(icns, format="ICNS")
    written.append(icns)

    for path in written:
        print(f"{path.relative_to(ICONS_DIR.parent.parent)}  {path.stat().st_size} bytes")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
