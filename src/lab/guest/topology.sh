# Lab network, built inside the guest only (documentation address ranges that
# never leave the guest's namespaces):
#   client ns  203.0.113.2-5/24, 2001:db8:203::2/64   --veth-- director (root ns)
#   director   lab-client 203.0.113.1/24 + VIPs 192.0.2.1-3/32, 2001:db8:192::1/128
#              lab-rs bridge 198.51.100.1/24, 2001:db8:198::1/64
#   rsN ns     198.51.100.1N/24, 2001:db8:198::1N/64, default via the director (NAT)
# One `ip -batch` per namespace: a process start costs the guest about 0.2 s.
set -eu
sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 \
  net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
sysctl -qw net.ipv4.vs.conntrack=0 2>/dev/null || true
for ns in client rs1 rs2 rs3; do ip netns add "$ns"; done

{
  echo "link add lab-client type veth peer name eth0 netns client"
  echo "addr add 203.0.113.1/24 dev lab-client"
  echo "addr add 2001:db8:203::1/64 dev lab-client nodad"
  for v in 192.0.2.1 192.0.2.2 192.0.2.3; do echo "addr add $v/32 dev lab-client"; done
  echo "addr add 2001:db8:192::1/128 dev lab-client nodad"
  echo "link set lab-client up"
  echo "link add lab-rs type bridge"
  echo "addr add 198.51.100.1/24 dev lab-rs"
  echo "addr add 2001:db8:198::1/64 dev lab-rs nodad"
  echo "link set lab-rs up"
  for n in 1 2 3; do
    echo "link add lab-rs$n type veth peer name eth0 netns rs$n"
    echo "link set lab-rs$n master lab-rs up"
  done
} | ip -batch -

{
  echo "link set lo up"
  for a in 2 3 4 5; do echo "addr add 203.0.113.$a/24 dev eth0"; done
  echo "addr add 2001:db8:203::2/64 dev eth0 nodad"
  echo "link set eth0 up"
  echo "route add default via 203.0.113.1"
  echo "route add default via 2001:db8:203::1"
} | ip -n client -batch -

for n in 1 2 3; do
  {
    echo "link set lo up"
    echo "addr add 198.51.100.1$n/24 dev eth0"
    echo "addr add 2001:db8:198::1$n/64 dev eth0 nodad"
    echo "link set eth0 up"
    echo "route add default via 198.51.100.1"
    echo "route add default via 2001:db8:198::1"
  } | ip -n "rs$n" -batch -
done
