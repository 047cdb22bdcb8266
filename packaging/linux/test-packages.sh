#!/bin/sh
# Builds the Linux packages and tries them as an installer would (.ci/run runs this; it can be
# run on its own after install-build-deps.sh):
# - cmake --workflow --preset package: Release, the programs only, a .deb and an .rpm in
#   build/package/;
# - the .deb passes lintian (errors and warnings fail; overrides are explained in
#   packaging/linux/lintian-overrides), its desktop file and AppStream metadata validate;
# - the .rpm's file list and requirements (rpm -qpl / -qpR) hold what the programs need;
# - the .deb is installed with apt into a clean bookworm root (mmdebstrap), which resolves its
#   dependencies from Debian's mirror; there, as an ordinary user, run deskline --version,
#   deskctl --help, an offscreen screenshot of a fresh demo store and one on xcb under xvfb;
#   then the package is purged and the user's store must still be there.
# DESKLINE_MIRROR overrides the Debian mirror (default: deb.debian.org). About 13 minutes from
# nothing on 2 busy cores: 9 the Release build and the packages, 3 the clean root (download,
# install, the runs), 1 removing it.
set -eu
cd "$(dirname "$0")/../.."

seconds() { date +%s; }
step() { echo "== $1 ($(($(seconds) - started)) s so far)"; }
started=$(seconds)
# mmdebstrap chroots into the clean root (its root mode): with sudo unless run as root.
if [ "$(id -u)" -eq 0 ]; then run=""; else run="sudo"; fi

cmake --workflow --preset package
deb=$(ls build/package/deskline_*.deb)
rpm=$(ls build/package/deskline-*.rpm)
step "built $deb ($(stat -c %s "$deb") bytes) and $rpm ($(stat -c %s "$rpm") bytes)"

workdir="$(mktemp -d)"
trap '$run rm -rf "$workdir"' EXIT

# What the .deb says and holds, then lintian and the desktop validators on what it ships.
dpkg-deb --info "$deb"
dpkg-deb --contents "$deb"
lintian --fail-on error,warning --display-info "$deb"
dpkg-deb -x "$deb" "$workdir/deb"
desktop-file-validate "$workdir/deb/usr/share/applications/io.github.deskline.Deskline.desktop"
appstreamcli validate --no-net "$workdir/deb/usr/share/metainfo/io.github.deskline.Deskline.metainfo.xml"
dpkg-deb --field "$deb" Depends | grep -q "libqt6sql6-psql" # and dpkg-shlibdeps' findings:
dpkg-deb --field "$deb" Depends | grep -q "libqt6widgets6"
step "the .deb passes lintian, desktop-file-validate and appstreamcli"

# The .rpm: its files and what it requires (rpmbuild found the libraries itself).
rpm -qpi "$rpm"
rpm -qpl "$rpm" >"$workdir/rpm-files"
rpm -qpR "$rpm" >"$workdir/rpm-requires"
cat "$workdir/rpm-files" "$workdir/rpm-requires"
for file in /usr/bin/deskline /usr/bin/deskctl /usr/share/applications/io.github.deskline.Deskline.desktop \
    /usr/share/metainfo/io.github.deskline.Deskline.metainfo.xml \
    /usr/share/icons/hicolor/256x256/apps/io.github.deskline.Deskline.png /usr/share/man/man1/deskctl.1.gz; do
    grep -qx "$file" "$workdir/rpm-files" || { echo "the .rpm lacks $file" >&2; exit 1; }
done
for directory in /usr/bin /usr/share/applications /usr/share/icons/hicolor/48x48/apps; do # others' directories
    if grep -qx "$directory" "$workdir/rpm-files"; then echo "the .rpm owns $directory" >&2; exit 1; fi
done
for requirement in 'libQt6Widgets.so.6()(64bit)' 'libQt6Sql.so.6()(64bit)' qt6-qtbase-postgresql qt6-qtsvg; do
    grep -qF "$requirement" "$workdir/rpm-requires" || { echo "the .rpm does not require $requirement" >&2; exit 1; }
done
step "the .rpm holds the programs and requires their libraries"

# A clean Debian, the .deb installed into it with apt, tried as an ordinary user. With its
# Recommends (the CJK font, Qt's translations), as apt installs on a normal system; the clean
# root's apt would leave them out.
mirror="${DESKLINE_MIRROR:-http://deb.debian.org/debian}"
cp packaging/linux/smoke-installed.sh "$workdir/smoke-installed.sh"
rm -rf build/package/smoke && mkdir -p build/package/smoke # the screenshots, to look at
# shellcheck disable=SC2016 # $1 is the root, expanded by mmdebstrap's hook shell
$run mmdebstrap --variant=apt --include=xvfb,xauth \
    --customize-hook="copy-in $deb $workdir/smoke-installed.sh /tmp" \
    --customize-hook='chroot "$1" useradd --create-home agent' \
    --customize-hook="chroot \"\$1\" env DEBIAN_FRONTEND=noninteractive apt-get install -y -o APT::Install-Recommends=true /tmp/$(basename "$deb")" \
    --customize-hook='chroot "$1" runuser -u agent -- sh /tmp/smoke-installed.sh' \
    --customize-hook="copy-out /home/agent/offscreen.png /home/agent/xcb.png $(pwd)/build/package/smoke" \
    --customize-hook='chroot "$1" env DEBIAN_FRONTEND=noninteractive apt-get purge -y deskline' \
    --customize-hook='test ! -e "$1/usr/bin/deskline"' \
    --customize-hook='ls -l "$1/home/agent/.local/share/Deskline/Deskline/deskline.sqlite"' \
    --customize-hook='test -s "$1/home/agent/.local/share/Deskline/Deskline/deskline.sqlite"' \
    bookworm "$workdir/root" "deb $mirror bookworm main" "deb $mirror bookworm-updates main" \
    "deb ${mirror%/debian}/debian-security bookworm-security main"
step "installed with apt into a clean bookworm, run there (screenshots in build/package/smoke/), purged; the user's store stays"
