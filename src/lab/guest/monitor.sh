# The interactive lab's monitor (`ipvstop lab`) on the caller's terminal, which the host gives
# the guest as tty1, following its size: the host writes each new size as a `ROWS COLS` line
# to tty2 (User-Mode Linux cannot pass a host terminal's resizes to its console itself).
# Arguments: the terminal's rows and columns at start, then the monitor's options.
# Exits with the monitor's status.
set -u
TERMINAL=/run/lab-terminal
SIZES=/run/lab-sizes
mknod "$TERMINAL" c 4 1
mknod "$SIZES" c 4 2
stty -F "$TERMINAL" rows "$1" cols "$2"
shift 2
# Open before the report below: the host sends the size again on each report, and a line
# sent before the guest opens the tty is lost.
exec 3< "$SIZES"
# The monitor's session has the terminal as its controlling tty: a new size makes the
# kernel send it SIGWINCH.
while read -r rows cols <&3; do stty -F "$TERMINAL" rows "$rows" cols "$cols"; done &
watcher=$!
echo "ipvstop-lab: starting the monitor" > /dev/console
setsid --ctty --wait node "$LAB_REPO/bin/ipvstop" "$@" <> "$TERMINAL" >&0 2>&0
status=$?
kill "$watcher" 2>/dev/null
exit "$status"
