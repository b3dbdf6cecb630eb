# The interactive lab's monitor (`ipvstop lab`): on the caller's terminal, which the host
# gives the guest as tty1, following its size, which the host writes as `ROWS COLS` lines
# to tty2 (the host kernel cannot pass terminal resizes to a User-Mode Linux console).
# Arguments: the monitor's options. Exits with the monitor's status.
set -u
TERMINAL=/run/lab-terminal
SIZES=/run/lab-sizes
mknod "$TERMINAL" c 4 1
mknod "$SIZES" c 4 2
exec 3< "$SIZES"
read -r rows cols <&3
stty -F "$TERMINAL" rows "$rows" cols "$cols"
# The monitor's session has the terminal as its controlling tty: a new size makes the kernel
# send it SIGWINCH.
while read -r rows cols <&3; do stty -F "$TERMINAL" rows "$rows" cols "$cols"; done &
watcher=$!
echo "ipvstop-lab: starting the monitor" > /dev/console
setsid --ctty --wait node "$LAB_REPO/dist/cli/main.js" "$@" <> "$TERMINAL" >&0 2>&0
status=$?
kill "$watcher" 2>/dev/null
exit "$status"
