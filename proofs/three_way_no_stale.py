#!/usr/bin/env python3
"""Invariants that prove tcp/three-way-handshake's no-stale-connection for every 32-bit
choice of differing ISNs on an ordered channel (issue 22), for `synack check --invariants`.

    python3 proofs/three_way_no_stale.py [DUPLICATES RETRIES] > FILE.inv
    build/synack check tcp/three-way-handshake --property no-stale-connection \\
        --engine kind --lemmas mine --depth 2 --set tcp.seq_bits=32 --set tcp.isn=differ \\
        --set channel.ordered=true [--set channel.duplicates=D --set tcp.max_retries=R] \\
        --invariants FILE.inv

DUPLICATES and RETRIES are channel.duplicates and tcp.max_retries (default 1 and 1, the
scenario's defaults); the rest is the scenario's defaults: capacity 2, two incarnations.
proofs/three-way-no-stale-connection.inv is this script's output for the defaults.

Nothing here is trusted: synack proves every line inductive (with the mined lemmas) before
k-induction or Spacer assumes it, and says which step breaks a line that is not.

What the invariants say. Each endpoint draws an ISS from its clock: the draw takes the
clock's value, then the clock moves on by its step (odd, so no two of the first 2^32 draws
are equal). So every sequence number in the system is one of the few last draws of its
owner's clock: the client's is `clock - step` (this incarnation) or `clock - 2*step` (the
one before), the server's `clock - j*step` for a j no larger than the number of ISSs it
can have drawn (one per SYN it received). That number is at most the SYNs the client can
have sent (every try of each incarnation so far, and the channel's duplicates) less those
still in flight, one fewer while the client is on its first try: `bound` below. A stale segment is then one whose numbers are earlier
draws, and the facts on each channel position say which draw each kind of segment can
carry and what its arrival would do. Arithmetic in synack's expressions is on 64-bit
integers, so `x = y (mod 2^32)` is written out as `x == y + k*2^32` for the few k the
ranges allow (a disjunction Z3 handles far faster than `%`).
"""
import sys

SPACE = 4294967296
CLOCK_C, STEP_C = "client.isn_clock", "client.isn_step"
CLOCK_S, STEP_S = "server.isn_clock", "server.isn_step"
OPEN = "(server.state == SYN_RECEIVED || server.state == ESTABLISHED)"
# Segment kinds as the TCP machines number their flags.
SYN, ACK, SYN_ACK, RST, RST_ACK = 1, 2, 3, 4, 6


def modular_eq(x, y, turns):
    """x == y (mod 2^32), for y within `turns` turns of the space below x's range."""
    terms = []
    for k in range(-1, turns + 1):
        shift = "" if k == 0 else (f" + {k}*{SPACE}" if k > 0 else f" - {-k}*{SPACE}")
        terms.append(f"{x} == {y}{shift}")
    return "(" + " || ".join(terms) + ")"


def client_draw(x, offset=""):
    """x is the client's ISS of this incarnation, or of the one before (plus offset)."""
    this = modular_eq(x, f"{CLOCK_C} - {STEP_C}{offset}", 1)
    before = modular_eq(x, f"{CLOCK_C} - 2*{STEP_C}{offset}", 2)
    return f"({this} || (client.incarnation == 2 && {before}))"


def server_draw(x, last, offset=""):
    """x is one of the server's `last` last ISS draws (plus offset)."""
    draws = []
    for j in range(1, last + 1):
        times = f"{j}*" if j > 1 else ""
        draws.append(modular_eq(x, f"{CLOCK_S} - {times}{STEP_S}{offset}", j))
    return "(" + " || ".join(draws) + ")"


def kind_at(channel, i, flags):
    return f"{channel}[{i}].flags == {flags}"


def invariants(duplicates, retries):
    most_draws = 2 * (1 + retries) + duplicates  # ISSs the server can draw in a run
    dups = "c2s.dups" if duplicates > 0 else "0"
    syns_in_flight = "(c2s[0].flags % 2 + c2s[1].flags % 2)"  # SYN is the only odd kind
    # An upper bound on the ISSs the server has drawn so far: the most SYNs the client can
    # have sent (every try of every incarnation, every duplicate), less those in flight.
    bound = f"({1 + retries}*client.incarnation + {dups} - {syns_in_flight})"
    first_try = "client.state == SYN_SENT && client.retries == 0"

    def at_most(k):  # the server has drawn at most k ISSs
        if retries == 0:
            return f"{bound} <= {k}"
        return f"(({bound} <= {k}) || ({first_try} && {bound} - 1 <= {k}))"

    def at_least(k):
        if retries == 0:
            return f"{bound} >= {k}"
        return f"({first_try} -> {bound} - 1 >= {k}) && {bound} >= {k}"

    one_dup_used = "c2s.dups == 1" if duplicates > 0 else "false"
    no_dup_used = "c2s.dups == 0" if duplicates > 0 else "true"
    no_retry = "client.retries == 0" if retries > 0 else "true"
    syn_in_flight = f"({kind_at('c2s', 0, SYN)} || {kind_at('c2s', 1, SYN)})"
    no_handshake_segment = (
        "c2s[0].flags != 2 && c2s[1].flags != 2 && s2c[0].flags != 2 && s2c[0].flags != 3 && "
        "s2c[1].flags != 2 && s2c[1].flags != 3")

    out = [
        # Steps are odd and never change: the k-th draws differ for k < 2^32.
        f"client.isn_step % 2 == 1",
        f"server.isn_step % 2 == 1",
        f"client.state != CLOSED -> {modular_eq('client.iss', f'{CLOCK_C} - {STEP_C}', 1)}",
        f"{OPEN} -> {modular_eq('server.iss', f'{CLOCK_S} - {STEP_S}', 1)}",
        f"{OPEN} -> client.incarnation >= 1 && {client_draw('server.irs')}",
        # The property itself, with what it takes to keep it.
        "server.state == ESTABLISHED -> client.state == ESTABLISHED && "
        "server.irs == client.iss && client.irs == server.iss",
        f"client.state == ESTABLISHED -> {server_draw('client.irs', most_draws)}",
        f"server.state == CLOSED -> client.state != ESTABLISHED && {no_handshake_segment}",
        f"client.state == ESTABLISHED && {OPEN} && client.irs == server.iss -> "
        "client.iss == server.irs",
    ]
    if retries == 0:
        out.append(f"{syn_in_flight} && {no_dup_used} -> client.state != ESTABLISHED")
        # With retransmissions the server's SYN-ACK can come again: not an invariant there.
        out.append(
            f"{syn_in_flight} && client.state == SYN_SENT && {no_dup_used} && {no_retry} -> "
            "(s2c[0].flags != 3 || s2c[0].ack != client.snd_nxt) && "
            "(s2c[1].flags != 3 || s2c[1].ack != client.snd_nxt)")
    # The draw-index facts: with at most k draws, every server number is one of the last k.
    for k in range(1, most_draws):
        parts = []
        for j in (0, 1):
            parts.append(f"({kind_at('s2c', j, SYN_ACK)} -> {server_draw(f's2c[{j}].seq', k)})")
            parts.append(f"({kind_at('s2c', j, ACK)} -> {server_draw(f's2c[{j}].seq', k, ' + 1')})")
            parts.append(f"({kind_at('s2c', j, RST)} -> {server_draw(f's2c[{j}].seq', k, ' + 1')})")
            parts.append(f"({kind_at('c2s', j, ACK)} -> {server_draw(f'c2s[{j}].ack', k, ' + 1')})")
        parts.append(f"(client.state == ESTABLISHED -> {server_draw('client.irs', k)})")
        out.append(f"{at_most(k)} -> " + " && ".join(parts))
    out.append(at_least(0))
    out.append(
        f"{at_most(0)} -> client.state != ESTABLISHED && !{OPEN} && {no_handshake_segment} && "
        "s2c[0].flags != 4 && s2c[1].flags != 4")
    # Two SYNs in flight: the same one twice, or the old incarnation's before the new one's.
    out.append(
        "c2s[0].flags == 1 && c2s[1].flags == 1 -> c2s[1].seq == c2s[0].seq || "
        f"(client.incarnation == 2 && {modular_eq('c2s[0].seq', f'{CLOCK_C} - 2*{STEP_C}', 2)} && "
        f"{modular_eq('c2s[1].seq', f'{CLOCK_C} - {STEP_C}', 1)})")
    if retries == 0:
        out.append(f"c2s[0].flags == 1 && c2s[1].flags == 1 && c2s[0].seq == c2s[1].seq -> "
                   f"{one_dup_used}")
        out.append(f"c2s[0].flags == 1 && c2s[1].flags == 2 -> {one_dup_used}")
    else:
        out.append(f"c2s[0].flags == 1 && c2s[1].flags == 1 && c2s[0].seq == c2s[1].seq && "
                   f"c2s[0].seq == client.iss && {first_try} -> {one_dup_used}")
    for i in (0, 1):
        out.append(f"c2s[{i}].flags == 1 && client.state == SYN_SENT && c2s[{i}].seq == client.iss "
                   f"&& {no_dup_used} && {no_retry} -> !({OPEN} && server.irs == client.iss)")
    out.append("client.state == SYN_SENT && client.incarnation == 1 -> "
               "c2s[0].flags != 2 && c2s[1].flags != 2")
    # What each kind of segment in flight carries, position by position.
    for i in (0, 1):
        c, s = f"c2s[{i}]", f"s2c[{i}]"
        out.append(f"{kind_at('c2s', i, SYN)} -> {client_draw(c + '.seq')}")
        out.append(f"{kind_at('c2s', i, ACK)} -> {client_draw(c + '.seq', ' + 1')} && "
                   f"{server_draw(c + '.ack', most_draws, ' + 1')}")
        out.append(f"{kind_at('c2s', i, ACK)} && server.state == SYN_RECEIVED && "
                   f"{c}.ack == server.snd_nxt -> client.state == ESTABLISHED && "
                   f"{c}.seq == client.snd_nxt && client.iss == server.irs && "
                   "client.irs == server.iss")
        out.append(f"{kind_at('c2s', i, RST)} -> {client_draw(c + '.seq', ' + 1')} && "
                   f"(client.state != CLOSED -> {c}.seq != client.snd_nxt) && "
                   f"({OPEN} && {c}.seq == server.rcv_nxt -> "
                   "client.state != ESTABLISHED || client.iss != server.irs)")
        out.append(f"{kind_at('s2c', i, SYN_ACK)} -> {server_draw(s + '.seq', most_draws)} && "
                   f"client.incarnation >= 1 && {client_draw(s + '.ack', ' + 1')} && "
                   f"({OPEN} && {s}.seq == server.iss -> {s}.ack == server.rcv_nxt)")
        out.append(f"{kind_at('s2c', i, ACK)} -> {server_draw(s + '.seq', most_draws, ' + 1')} && "
                   f"client.incarnation >= 1 && {client_draw(s + '.ack', ' + 1')}")
        out.append(f"{kind_at('s2c', i, RST)} -> {server_draw(s + '.seq', most_draws, ' + 1')} && "
                   f"({OPEN} -> {s}.seq != server.snd_nxt)")
    out.append(f"{kind_at('s2c', 0, RST_ACK)} -> client.state != ESTABLISHED")
    out.append(f"{kind_at('s2c', 1, RST_ACK)} -> client.state != ESTABLISHED && "
               "(s2c[0].flags == 6 || s2c[0].flags == 4)")
    return out


def main():
    args = sys.argv[1:]
    if len(args) not in (0, 2) or not all(a.isdigit() for a in args):
        sys.exit("usage: three_way_no_stale.py [DUPLICATES RETRIES]  (each 0 or 1)")
    duplicates, retries = (int(a) for a in args) if args else (1, 1)
    if duplicates > 1 or retries > 1:
        sys.exit("three_way_no_stale.py: written for at most one duplicate and one retry")
    print(f"# tcp/three-way-handshake no-stale-connection, 32-bit differing ISNs, ordered "
          f"channel, capacity 2, two incarnations, channel.duplicates={duplicates}, "
          f"tcp.max_retries={retries}")
    print("# generated by proofs/three_way_no_stale.py; each line is proved before it is used")
    print("\n".join(invariants(duplicates, retries)))


if __name__ == "__main__":
    main()
