# Stops a director pair (ha.sh, hb.sh) and removes what it made, leaving the lab as before it.
# Arguments: the pair's run folder, its bridge, then its namespaces. Every process of those
# namespaces goes at once (the HA daemons and their children, the real servers, the client):
# each director's IPVS table and VIP go with its network namespace.
# A pair left running keeps its client's connections coming and going, and the kernel keeps one
# connection table for every namespace: /proc/net/ip_vs_conn, read in several read()s that each
# resume by position in it, then shows any namespace's rows twice or not at all.
set -u
run=$1
bridge=$2
shift 2
pids_left() { for ns in "$@"; do ip netns pids "$ns" 2>/dev/null; done; }
for _ in $(seq 50); do
  left=$(pids_left "$@")
  [ -z "$left" ] && break
  kill -9 $left 2>/dev/null
  sleep 0.1
done
for ns in "$@"; do ip netns del "$ns" 2>/dev/null; done
ip link del "$bridge" 2>/dev/null
rm -rf "$run"
exit 0
