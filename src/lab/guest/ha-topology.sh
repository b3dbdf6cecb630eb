# The HA pair, beside the single-director lab (its own namespaces, its own LAN):
#   lab-ha bridge (root ns, no address): one LAN for all of these
#   ha-a, ha-b    directors, 10.5.0.11/24 and 10.5.0.12/24, each with its own IPVS table
#   ha-rs1, ha-rs2  DR real servers 10.5.0.21/24, 10.5.0.22/24, VIP 10.5.0.100 on loopback
#   ha-client     10.5.0.2/24
# A DR real server must not answer ARP for the VIP it carries (arp_ignore=1, arp_announce=2),
# or it steals the VIP's traffic from the director.
set -eu
ip link add lab-ha type bridge
ip link set lab-ha up
for ns in ha-a:11 ha-b:12 ha-rs1:21 ha-rs2:22 ha-client:2; do
  name=${ns%%:*}
  host=${ns##*:}
  ip netns add "$name"
  {
    echo "link add $name type veth peer name eth0 netns $name"
    echo "link set $name master lab-ha up"
  } | ip -batch -
  {
    echo "link set lo up"
    echo "addr add 10.5.0.$host/24 dev eth0"
    echo "link set eth0 up"
  } | ip -n "$name" -batch -
done
for n in 1 2; do
  ip netns exec "ha-rs$n" sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2 \
    net.ipv4.conf.eth0.arp_ignore=1 net.ipv4.conf.eth0.arp_announce=2
  ip -n "ha-rs$n" addr add 10.5.0.100/32 dev lo
done
