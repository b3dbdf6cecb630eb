# Table churn for the soak: adds and deletes services and real servers without end, each
# service on a VIP not used before (198.18.0.0/15, a benchmark range that only exists in the
# guest), about 20 of them alive at a time. The lab's own services are left alone.
set -u
vip() { echo "198.18.$(( ($1 / 250) % 250 )).$(( $1 % 250 + 1 ))"; }
n=0
while :; do
  if (( n % 4 == 3 )); then proto=-u; else proto=-t; fi
  new=$(vip "$n")
  ipvsadm -A $proto "$new:80" -s wlc
  for r in 1 2 3; do ipvsadm -a $proto "$new:80" -r "198.51.100.1$r:80" -m -w "$r"; done
  if (( n >= 20 )); then
    old=$(vip $(( n - 20 )))
    if (( (n - 20) % 4 == 3 )); then oproto=-u; else oproto=-t; fi
    ipvsadm -d $oproto "$old:80" -r 198.51.100.11:80
    ipvsadm -e $oproto "$old:80" -r 198.51.100.12:80 -m -w 0
    ipvsadm -D $oproto "$old:80"
  fi
  n=$(( n + 1 ))
  sleep 0.2
done
