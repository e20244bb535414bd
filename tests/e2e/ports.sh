# free_ports N: N free loopback ports on one line, for the shell tests'
# servers. They come from 25000-31999: below the kernel's range for outgoing
# connections (net.ipv4.ip_local_port_range, 32768-60999), so no client
# connection can take one between this check and the server's bind, and
# apart from deploy/cluster.sh's blocks (24000-24499). Each is checked free
# by binding it; picked at random, so two tests running at once rarely meet.
free_ports() {  # N
  python3 -c '
import random, socket, sys
n, got, held = int(sys.argv[1]), [], []
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
    held.append(s)
    got.append(port)
print(*got)' "$1"
}
