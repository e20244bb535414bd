# free_ports N: N free loopback ports on one line, for the shell tests'
# servers. They come from 25000-31999: below the kernel's range for outgoing
# connections (net.ipv4.ip_local_port_range, 32768-60999), so no client
# connection can take one between this check and the server's bind, and
# apart from deploy/cluster.sh's blocks (24000-24499). Each is checked free
# by binding it. Tests run side by side (ctest -j), and a port one has picked
# stays unbound until its server starts, so each pick is also claimed for
# the calling test's shell: a file per port in $JOBMATCH_PORT_CLAIMS
# (default /tmp/jobmatch-port-claims) naming that shell's PID. Another test
# skips a port whose claimant is alive, and takes over one whose claimant
# has exited.
free_ports() {  # N
  python3 - "$1" "$$" "${JOBMATCH_PORT_CLAIMS:-/tmp/jobmatch-port-claims}" <<'PY'
import os, random, socket, sys
n, owner, claims = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
os.makedirs(claims, exist_ok=True)

def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True

def claim(port):
    # Written aside, then linked into place: a claim is never seen half-made.
    path = os.path.join(claims, str(port))
    tmp = os.path.join(claims, ".%d.%d" % (owner, port))
    with open(tmp, "w") as f:
        f.write(str(owner))
    try:
        for _ in range(2):
            try:
                os.link(tmp, path)
                return True
            except FileExistsError:
                pass
            try:
                with open(path) as f:
                    holder = int(f.read())
            except FileNotFoundError:
                continue
            except (OSError, ValueError):
                return False
            if holder == owner or alive(holder):
                return False
            try:
                os.unlink(path)  # a finished test's claim
            except FileNotFoundError:
                pass
        return False
    finally:
        os.unlink(tmp)

got, held = [], []
while len(got) < n:
    port = random.randrange(25000, 32000)
    if port in got:
        continue
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        s.close()
        continue
    if not claim(port):
        s.close()
        continue
    held.append(s)
    got.append(port)
print(*got)
PY
}
