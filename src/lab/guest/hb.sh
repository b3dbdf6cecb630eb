# Starts the heartbeat pair, beside the single-director lab and the keepalived pair: bridge
# lab-hb, directors hb-d1 (10.6.0.11) and hb-d2 (.12) running heartbeat 3 with ldirectord as a
# resource, DR real servers hb-rs1 (.21) and hb-rs2 (.22) on ports 80 and 8080, a client
# (.2) to the VIP 10.6.0.100. Under $HB_RUN: per node NODE.ns (the pid to nsenter), NODE/
# (its /etc/ha.d), and hb-rsN-PORT.pid per real server (kill one to fail its check).
# Returns once hb-d1 holds the group (the VIP on its eth0, ldirectord's services in its table)
# and hb-d2 sees hb-d1 active; pair-stop.sh undoes all of it (test/lab/pairs.ts names its arguments).
set -eu
G="$LAB_REPO/src/lab/guest"
HB_RUN=/run/ipvstop-hb
mkdir -p "$HB_RUN"
echo "ipvstop-lab: building the heartbeat pair (two directors running heartbeat and ldirectord)" > /dev/console
bash "$G/ha-topology.sh" lab-hb 10.6.0 hb-d1:11 hb-d2:12 hb-rs1:21 hb-rs2:22 hb-client:2
for n in 1 2; do
  for port in 80 8080; do
    ip netns exec "hb-rs$n" node "$G/ha-server.mjs" "$port" >/dev/null 2>&1 &
    echo $! > "$HB_RUN/hb-rs$n-$port.pid"
  done
done
for d in hb-d1:10.6.0.12 hb-d2:10.6.0.11; do
  node=${d%%:*}
  cp -a /etc/ha.d "$HB_RUN/$node"
  bash "$G/hb-config.sh" "$HB_RUN/$node" "${d##*:}"
  # ip netns exec and unshare both exec (no fork): $! is the node's anchor.
  ip netns exec "$node" unshare -m --uts sh "$G/hb-node.sh" "$node" "$HB_RUN/$node" \
    < /dev/null > "$HB_RUN/$node.log" 2>&1 &
  echo $! > "$HB_RUN/$node.ns"
done
# Bounded: a cl_status that hangs must not hang the start.
in_node() { timeout 10 nsenter -t "$(cat "$HB_RUN/$1.ns")" -m -n -u "${@:2}"; }
# Until `$@` succeeds, for at most $1 seconds. Between two checks, twice the check's own time (at least
# 0.2 s): a check is some ten process starts (each 0.1-0.2 s of the guest's one core), and checks 0.2 s apart took
# most of it from the resource scripts heartbeat runs to take the group.
wait_for() {
  local end=$((SECONDS + $1)) began took micros
  shift
  while began=${EPOCHREALTIME/./}; ! "$@" > /dev/null 2>&1; do
    took=$((${EPOCHREALTIME/./} - began))
    if [ "$SECONDS" -ge "$end" ]; then
      echo "hb.sh: gave up waiting for: $*" >&2
      for n in hb-d1 hb-d2; do tail -n 20 "$HB_RUN/$n.log" >&2; in_node "$n" grep -v " info: " /var/lib/heartbeat/ha-log | tail -n 20 >&2; done
      return 1
    fi
    took=$((2 * took > 200000 ? 2 * took : 200000))
    printf -v micros %06d $((took % 1000000))
    sleep "$((took / 1000000)).$micros"
  done
}
holds_group() {
  in_node hb-d1 cl_status rscstatus | grep -qxE 'all|local' &&
    ip -n hb-d1 -o addr show dev eth0 | grep -q 10.6.0.100/24 &&
    [ "$(ip netns exec hb-d1 ipvsadm -Ln | grep -c '^TCP')" = 2 ]
}
# Under load the lab takes a minute or more: heartbeat waits out its timers, IPaddr2 and ldirectord start slowly.
wait_for 180 holds_group
peer_sees_d1() { in_node hb-d2 cl_status nodestatus hb-d1 | grep -qx active; }
wait_for 60 peer_sees_d1
ip netns exec hb-client node "$G/ha-client.mjs" 10.6.0.100 >/dev/null 2>&1 &
echo $! > "$HB_RUN/hb-client.pid"
