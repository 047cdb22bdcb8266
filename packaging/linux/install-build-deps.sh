#!/bin/sh
# Installs what building, running and testing Deskline needs on Debian 12 (bookworm)
# or newer. Does nothing when everything is there already. Uses sudo unless run as root.
# (poppler-utils: the tests read the PDF reports back with pdftotext; libgmime-3.0-dev and
# libxml2-dev: reading and writing mail, and its HTML.)
set -eu

packages="cmake ninja-build g++ pkg-config
qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
qt6-svg-dev libqt6svg6 qt6-qpa-plugins libqt6sql6-sqlite libqt6sql6-psql
catch2 xvfb xauth fonts-wqy-microhei
postgresql qtkeychain-qt6-dev libical-dev libgmime-3.0-dev libxml2-dev
poppler-utils"

missing=""
for package in $packages; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $package"
    fi
done

if [ -z "$missing" ]; then
    echo "All build dependencies are installed."
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    run=""
else
    run="sudo"
fi
echo "Installing:$missing"
$run apt-get update -qq
DEBIAN_FRONTEND=noninteractive $run apt-get install -y -qq --no-install-recommends $missing
