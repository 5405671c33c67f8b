#!/usr/bin/env bash
# Install the Linux bundle for the current user (no root needed):
#   installers/linux/install_user.sh [dist/pairdesk]
# copies the bundle to ~/.local/opt/pairdesk, links ~/.local/bin/pairdesk and
# pairdesk-gui, installs the icons (hicolor theme) and the menu entry, whose Exec line
# points at the bundle. Uninstall: installers/linux/install_user.sh --uninstall
# (the vaults, backups and settings in ~/.local/share/pairdesk etc. are left in place).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PREFIX="${XDG_DATA_HOME:-$HOME/.local/share}"
OPT="$HOME/.local/opt/pairdesk"
BIN="$HOME/.local/bin"
SIZES="16 32 48 64 128 256"

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$OPT"
    rm -f "$BIN/pairdesk" "$BIN/pairdesk-gui" "$PREFIX/applications/pairdesk.desktop"
    for s in $SIZES; do rm -f "$PREFIX/icons/hicolor/${s}x${s}/apps/pairdesk.png"; done
    rm -f "$PREFIX/icons/hicolor/scalable/apps/pairdesk.svg"
    echo "pairdesk removed. Your data (vaults, backups, settings) was NOT deleted."
    exit 0
fi

DIST="${1:-$ROOT/dist/pairdesk}"
[ -x "$DIST/pairdesk-gui" ] || { echo "no bundle in $DIST (run installers/build_linux_bundle.sh)" >&2; exit 1; }
rm -rf "$OPT" && mkdir -p "$(dirname "$OPT")" "$BIN" "$PREFIX/applications"
cp -a "$DIST" "$OPT"
ln -sf "$OPT/pairdesk" "$BIN/pairdesk"
ln -sf "$OPT/pairdesk-gui" "$BIN/pairdesk-gui"
for s in $SIZES; do
    install -D -m 644 "$ROOT/resources/icons/pairdesk-$s.png" "$PREFIX/icons/hicolor/${s}x${s}/apps/pairdesk.png"
done
install -D -m 644 "$ROOT/resources/icons/pairdesk.svg" "$PREFIX/icons/hicolor/scalable/apps/pairdesk.svg"
sed -e "s|^Exec=.*|Exec=$OPT/pairdesk-gui|" -e "s|^TryExec=.*|TryExec=$OPT/pairdesk-gui|" \
    "$HERE/pairdesk.desktop" > "$PREFIX/applications/pairdesk.desktop"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$PREFIX/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$PREFIX/icons/hicolor" || true
echo "pairdesk installed in $OPT; it is in the Office menu."
