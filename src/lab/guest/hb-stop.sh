# Stops the heartbeat pair (hb.sh) and removes what it made, leaving the lab as before it. Every
# process of its namespaces goes at once (heartbeat, its children, ldirectord, the anchors, the
# servers, the client): each node's IPVS table and VIP go with its network namespace.
set -u
HB_RUN=/run/ipvstop-hb
NAMESPACES="hb-d1 hb-d2 hb-rs1 hb-rs2 hb-client"
pids_left() { for ns in $NAMESPACES; do ip netns pids "$ns" 2>/dev/null; done; }
for _ in $(seq 50); do
  left=$(pids_left)
  [ -z "$left" ] && break
  kill -9 $left 2>/dev/null
  sleep 0.1
done
for ns in $NAMESPACES; do ip netns del "$ns" 2>/dev/null; done
ip link del lab-hb 2>/dev/null
rm -rf "$HB_RUN"
exit 0
