# One node of the heartbeat pair, run as `ip netns exec NODE unshare -m --uts sh hb-node.sh
# NODE DIR`: as on a machine of its own, it has its own /etc/ha.d (DIR, bind-mounted), /run,
# /var/lib/heartbeat and host name (heartbeat's node name is `uname -n`). It starts heartbeat
# (which starts the resources of the groups it holds), then stays as the namespace's anchor:
# whatever should see the node as it sees itself runs through `nsenter -t THIS_PID -m -n -u`.
set -eu
node=$1
dir=$2
mount --bind "$dir" /etc/ha.d
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /var/lib/heartbeat
mkdir -p /var/lib/heartbeat/rsctmp /var/lib/heartbeat/cores/hacluster /var/lib/heartbeat/cores/root
chown -R hacluster:haclient /var/lib/heartbeat
for d in heartbeat heartbeat/ccm heartbeat/crm heartbeat/dopd crm; do
  mkdir -p "/run/$d"
  chown hacluster:haclient "/run/$d"
  chmod 0750 "/run/$d"
done
mkdir -p /run/resource-agents /run/lock
hostname "$node"
/usr/libexec/heartbeat/heartbeat
exec sleep infinity
