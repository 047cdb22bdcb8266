#!/bin/sh
# Run inside the clean Debian root by test-packages.sh, as an ordinary user, after the .deb
# was installed with apt: the installed programs, from PATH, as a user would start them.
set -eu
cd "$HOME"
command -v deskline deskctl
# What the programs load at run time, which dpkg-shlibdeps cannot see: the package's Depends.
for plugin in sqldrivers/libqsqlite.so sqldrivers/libqsqlpsql.so platforms/libqxcb.so \
    platforms/libqoffscreen.so iconengines/libqsvgicon.so; do
    ls /usr/lib/*/qt6/plugins/$plugin
done
QT_QPA_PLATFORM=offscreen deskline --version
deskctl --version
deskctl --help
# A fresh demo store, rendered offscreen.
QT_QPA_PLATFORM=offscreen deskline --database "$HOME/try.sqlite" --demo-tickets 50 --screenshot "$HOME/offscreen.png"
test -s "$HOME/offscreen.png"
echo "offscreen: $(stat -c %s "$HOME/offscreen.png") bytes of PNG"
# On a real X server, the user's default store (which the purge must leave alone).
QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1600x1000x24" \
    deskline --demo-tickets 50 --select T-000010 --screenshot "$HOME/xcb.png"
test -s "$HOME/xcb.png"
echo "xcb: $(stat -c %s "$HOME/xcb.png") bytes of PNG"
