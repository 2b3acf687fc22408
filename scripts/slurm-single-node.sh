#!/usr/bin/env bash
# A one-node Slurm cluster on this machine (CI, a laptop, a container), so the
# Slurm example runs for real: munged with a fresh key, slurmctld and slurmd as
# root, everything (config, state, spool, logs, sockets) in one directory.
#
#   scripts/slurm-single-node.sh start [DIR]   prints `export SLURM_CONF=DIR/slurm.conf`
#   scripts/slurm-single-node.sh stop  [DIR]   stops the daemons, removes DIR
#
# DIR defaults to $SLURM_SN_DIR or ${TMPDIR:-/tmp}/saliency-slurm; ports are
# $SLURM_SN_PORT (slurmctld, default 6817) and the next one (slurmd). Needs
# root and Debian's slurm-wlm and munge (`apt-get install -y slurm-wlm munge`).
# No cgroups (containers seldom delegate them): proctrack/linuxproc, task/none.
set -euo pipefail

cmd=${1:-}
dir=${2:-${SLURM_SN_DIR:-${TMPDIR:-/tmp}/saliency-slurm}}
port=${SLURM_SN_PORT:-6817}

stop() {
  # slurmd first, so the controller does not see its node go down mid-job.
  for d in slurmd slurmctld munged; do
    if [ -f "$dir/$d.pid" ]; then
      pid=$(cat "$dir/$d.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$dir"
}

start() {
  for bin in munged slurmctld slurmd sinfo sbatch; do
    command -v "$bin" >/dev/null || { echo "slurm-single-node: $bin is missing: apt-get install -y slurm-wlm munge" >&2; exit 1; }
  done
  [ "$(id -u)" = 0 ] || { echo "slurm-single-node: run as root (slurmd starts jobs as their user)" >&2; exit 1; }
  [ -e "$dir" ] && stop
  mkdir -p "$dir"/{state,spool}
  chmod 711 "$dir" # munge wants its socket directory searchable

  # munge refuses a key or a socket directory that others can read or write.
  dd if=/dev/urandom of="$dir/munge.key" bs=1024 count=1 status=none
  chmod 400 "$dir/munge.key"
  munged --force --socket="$dir/munge.socket" --key-file="$dir/munge.key" --pid-file="$dir/munged.pid" \
    --log-file="$dir/munged.log" --seed-file="$dir/munged.seed"

  host=$(hostname -s)
  # slurmd -C reports this machine as Slurm sees it (CPUs, sockets, cores, RealMemory).
  node=$(slurmd -C | head -1 | sed "s/^NodeName=[^ ]*/NodeName=$host/")
  cat >"$dir/slurm.conf" <<EOF
ClusterName=saliency
SlurmctldHost=$host
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge.socket
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
# Jobs start within a second, not after the default batching delay (a CI budget); a job whose
# dependency can no longer be met (an array task failed) is cancelled, not left pending.
SchedulerParameters=sched_interval=1,batch_sched_delay=0
DependencyParameters=kill_invalid_depend
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
SlurmctldTimeout=30
SlurmdTimeout=30
$node State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF=$dir/slurm.conf
  slurmctld -c
  slurmd

  for _ in $(seq 120); do
    state=$(sinfo -h -N -n "$host" -o %T 2>/dev/null || true)
    if [ "$state" = idle ]; then
      echo "export SLURM_CONF=$SLURM_CONF"
      return 0
    fi
    sleep 0.5
  done
  echo "slurm-single-node: node $host not idle after 60 s (state: ${state:-none}); logs in $dir" >&2
  tail -n 20 "$dir"/slurmctld.log "$dir"/slurmd.log >&2 || true
  exit 1
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop [DIR]" >&2; exit 2 ;;
esac
