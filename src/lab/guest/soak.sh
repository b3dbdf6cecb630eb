# `npm run soak` in the guest: the monitor at -i 0.2 in a 120x40 tmux pane, with client
# traffic and table churn, for $1 minutes; one report line per minute of the monitor's RSS
# (KiB), open descriptors, CPU ticks (utime + stime) and the time (s), read from /proc.
set -u
MINUTES=$1
G="$LAB_REPO/src/lab/guest"
report() { echo "ipvstop-lab: $*" > /dev/console; }
bash "$G/start-lab.sh" || exit 1
report "starting the table churn"
bash "$G/churn.sh" >/dev/null 2>&1 &
T="tmux -S /run/soak-tmux.sock"
report "starting the monitor (-i 0.2, 120x40)"
$T new-session -d -s soak -x 120 -y 40 "exec env -u CI TERM=xterm-256color node $LAB_REPO/bin/ipvstop -i 0.2"
pid=$($T display-message -p -t soak '#{pane_pid}')
for _ in $(seq 600); do
  $T capture-pane -p -t soak | grep -q '192\.0\.2\.1:80' && break
  sleep 0.5
done
if ! $T capture-pane -p -t soak | grep -q '192\.0\.2\.1:80'; then
  report "the monitor never showed the table"
  $T capture-pane -p -t soak
  exit 1
fi
report "first frame; sampling every minute for $MINUTES minutes"
sample() {
  [ -d "/proc/$pid" ] || { report "the monitor died"; $T capture-pane -p -t soak; exit 1; }
  local rss fds ticks
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
  # The fewest of five counts over 2 s: a read in progress holds a descriptor for a moment, a leak for good.
  fds=$(for _ in 1 2 3 4 5; do ls "/proc/$pid/fd" | wc -l; sleep 0.5; done | sort -n | head -1)
  # Fields after the command name: utime and stime are fields 14 and 15 of the line.
  ticks=$(sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}')
  report "sample $1 $rss $fds $ticks $(cut -d' ' -f1 /proc/uptime)"
}
for m in $(seq 0 "$MINUTES"); do
  (( m > 0 )) && sleep 60
  sample "$m"
done
$T capture-pane -p -t soak > /run/io/out/screen.txt
