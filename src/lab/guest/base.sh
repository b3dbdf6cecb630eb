# Guest stage 2, sourced first in every lab run: a minimal userland on top of
# the host's filesystem (read-only), with IPVS and friends loadable as modules.
set -u
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root
mount -t sysfs sys /sys 2>/dev/null
mkdir -p /run/repo
# The host's repo may live under /tmp, which the guest covers with a tmpfs: keep it reachable.
mount --bind "$LAB_REPO" /run/repo
mount -t tmpfs tmpfs /tmp
mkdir -p "$LAB_REPO" && mount --bind /run/repo "$LAB_REPO"
mount -t tmpfs tmpfs /mnt
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts 2>/dev/null
mkdir -p /dev/shm && mount -t tmpfs tmpfs /dev/shm
mkdir -p /run/netns /var/run
ln -sfn /run/netns /var/run/netns 2>/dev/null
KV=$(uname -r)
mkdir -p "/mnt/lib/modules/$KV"
mount --bind "/usr/lib/uml/modules/$KV" "/mnt/lib/modules/$KV"
# The kernel's request_module() runs /sbin/modprobe, which would look in the
# host's /lib/modules: point it at a wrapper so scheduler autoload works.
printf '#!/bin/sh\nexec /sbin/modprobe -d /mnt "$@"\n' > /run/modprobe
chmod +x /run/modprobe
echo /run/modprobe > /proc/sys/kernel/modprobe
for m in ipv6 ip_vs veth bridge dummy sctp ipip ip_gre fou ip6_tunnel; do
  /sbin/modprobe -d /mnt "$m" || echo "lab: modprobe $m failed" >&2
done
hostname ipvstop-lab
ip link set lo up
export TMPDIR=/tmp
