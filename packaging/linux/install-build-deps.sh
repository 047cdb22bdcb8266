#!/bin/sh
# Installs what building, running and testing Deskline needs on Debian 12 (bookworm)
# or newer. Does nothing when everything is there already. Uses sudo unless run as root.
# (poppler-utils: the tests read the PDF reports back with pdftotext; libgmime-3.0-dev and
# libxml2-dev: reading and writing mail, and its HTML; dovecot-imapd, python3-aiosmtpd and
# openssl: the email channel's tests run real mail servers on loopback, tests/mail/mailservers.py;
# libetpan-dev and libcurl4-gnutls-dev: the mail transport, IMAP and SMTP. libcurl's GnuTLS
# flavour, since libetpan-dev depends on it and it conflicts with libcurl4-openssl-dev.
# libphonenumber-dev: callers found by phone however either side wrote the number.
# libmicrohttpd-dev: the gateway's HTTP intake (web forms, bridges, the chat page).
# chromium and chromium-driver: the chat page's test in a real headless browser, driven by the
# test through chromedriver's WebDriver HTTP API (tests/intake/tst_chatbrowser.cpp).
# Packages, packaging/linux/test-packages.sh: dpkg-dev and file for CPack's .deb (dpkg-shlibdeps),
# rpm for rpmbuild, lintian, desktop-file-utils and appstream to check them, mmdebstrap to
# install the .deb into a clean Debian root, yamllint for the CI workflow's syntax (its
# python3-yaml reads the workflow for .ci/check-workflows.py).)
set -eu

packages="cmake ninja-build g++ pkg-config
qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
qt6-svg-dev libqt6svg6 qt6-qpa-plugins libqt6sql6-sqlite libqt6sql6-psql
catch2 xvfb xauth fonts-wqy-microhei
postgresql qtkeychain-qt6-dev libical-dev libgmime-3.0-dev libxml2-dev
poppler-utils dovecot-imapd python3-aiosmtpd openssl libetpan-dev libcurl4-gnutls-dev
libphonenumber-dev libmicrohttpd-dev chromium chromium-driver
dpkg-dev file rpm lintian desktop-file-utils appstream mmdebstrap yamllint"

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
$run apt-get -o DPkg::Lock::Timeout=600 update -qq

# The tests start a dovecot of their own; the system's instance must not start on install
# (it would take ports 143/993 and run for nothing). Debian's maintainer scripts start
# services through invoke-rc.d, with or without systemd, and it asks /usr/sbin/policy-rc.d
# first: while installing, ours answers 101 (refused) for dovecot and 0 for the rest. A
# policy-rc.d already there (Docker images ship one refusing everything) is left alone.
policy=""
case " $missing " in *" dovecot-imapd "*)
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        policy=/usr/sbin/policy-rc.d
        printf '#!/bin/sh\n# Deskline install-build-deps.sh: no dovecot service during the install.\ncase "$1" in dovecot*) exit 101 ;; esac\nexit 0\n' |
            $run tee "$policy" >/dev/null
        $run chmod 755 "$policy"
        trap '$run rm -f "$policy"' EXIT
    fi ;;
esac
DEBIAN_FRONTEND=noninteractive $run apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing

# Nor at the next boot: disabled where we installed it (systemd, else sysvinit links).
case " $missing " in *" dovecot-imapd "*)
    if [ -d /run/systemd/system ]; then
        $run systemctl disable --now dovecot.service dovecot.socket >/dev/null 2>&1 || true
    else
        $run update-rc.d dovecot disable >/dev/null 2>&1 || true
    fi ;;
esac
