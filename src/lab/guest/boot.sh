#!/bin/sh
# Guest stage 1 (the kernel's init). LAB_RUN is set on the kernel command line.
mount -t proc proc /proc
mount -t tmpfs tmpfs /run
mkdir -p /run/io
mount -t hostfs none /run/io -o "$LAB_RUN"
exec /bin/bash /run/io/stage2.sh
