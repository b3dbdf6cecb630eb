# Topology, the live IPVS table, real servers and client traffic. The report
# lines (`ipvstop-lab: ...` on the console) are `ipvstop lab`'s progress.
set -eu
G="$LAB_REPO/src/lab/guest"
echo "ipvstop-lab: building the site (network namespaces, IPVS services)" > /dev/console
bash "$G/topology.sh"
bash "$G/services.sh"
echo "ipvstop-lab: starting the real servers and client traffic" > /dev/console
for n in 1 2 3; do ip netns exec rs$n node "$G/servers.mjs" >/dev/null 2>&1 & done
sleep 1.5
ip netns exec client node "$G/traffic.mjs" >/dev/null 2>&1 &
