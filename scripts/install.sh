#!/usr/bin/env bash
# Installs what rnnbook needs and this machine lacks (Debian 12, as root): apt packages, then npm ci.
# Idempotent: it skips apt when every package is present and npm when node_modules matches the lock.
set -euo pipefail
cd "$(dirname "$0")/.."

# parallel runs local sweeps; slurmctld, slurmd, slurm-client and munge give the tests a real
# single-node Slurm cluster (their services are not started here: tests start them by hand).
packages=(cmake g++ make emscripten clang-14 libclang-rt-14-dev libeigen3-dev libxtensor-dev xtl-dev
          libxsimd-dev nlohmann-json3-dev catch2 chromium nodejs parallel slurmctld slurmd slurm-client munge)
missing=()
for p in "${packages[@]}"; do
  # nodejs may come from another source (the machine image ships node 20): accept a node on PATH.
  if [ "$p" = nodejs ] && command -v node >/dev/null; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install: apt packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  # The services (munge, slurmctld, slurmd) must not start at install: their postinst scripts fail
  # without a config on a machine with no init system. Container images forbid it with a policy-rc.d;
  # where there is none, forbid it for the length of the install.
  policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\n# rnnbook install.sh: no service starts during the install\nexit 101\n' | $SUDO tee "$policy" >/dev/null
    $SUDO chmod +x "$policy"
    trap '$SUDO rm -f "$policy"' EXIT
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  command -v npm >/dev/null || DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq npm >/dev/null
  [ -z "$policy" ] || { $SUDO rm -f "$policy"; trap - EXIT; }
fi

# Vite 8 needs node >= 20.19.
node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a < 20 || (a === 20 && b < 19)) { console.error(`install: node ${process.versions.node} is too old; rnnbook needs node >= 20.19`); process.exit(1); }'

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "install: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
