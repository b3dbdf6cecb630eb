# Topology, the live IPVS table, real servers and client traffic.
set -eu
G="$LAB_REPO/src/lab/guest"
bash "$G/topology.sh"
bash "$G/services.sh"
for n in 1 2 3; do ip netns exec rs$n node "$G/servers.mjs" >/dev/null 2>&1 & done
sleep 1.5
ip netns exec client node "$G/traffic.mjs" >/dev/null 2>&1 &
