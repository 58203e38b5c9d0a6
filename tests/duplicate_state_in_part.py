#!/usr/bin/env python3
"""Makes a distributed checkpoint part hold its first state twice (state 1 := state 0),
with a checksum that matches: a hostile part that only one rank can find wrong.
Usage: duplicate_state_in_part.py DIR/gen-G/rank-R.synack (rewritten in place)."""
import struct
import sys

FNV_OFFSET, FNV_PRIME, MASK = 0xCBF29CE484222325, 0x100000001B3, (1 << 64) - 1


def main(path):
    body = bytearray(open(path, "rb").read())[:-8]
    at = 8 + 4  # magic, version
    at += 8 + struct.unpack_from("<Q", body, at)[0]  # identity
    words = struct.unpack_from("<Q", body, at)[0]
    at += 8 * 8  # words, depth, level_first, level_last, next_parent, states, transitions, bytes
    at += 8 + 34 * struct.unpack_from("<Q", body, at)[0]  # decisions
    for _ in range(3):  # row_fired, group_transitions, group_new_states
        at += 8 + 8 * struct.unpack_from("<Q", body, at)[0]
    packed = at + 8  # the states, `words` each
    if struct.unpack_from("<Q", body, at)[0] < 2 * words:
        sys.exit(f"{path}: fewer than two states")
    body[packed + 8 * words : packed + 16 * words] = body[packed : packed + 8 * words]
    h = FNV_OFFSET
    for byte in body:
        h = ((h ^ byte) * FNV_PRIME) & MASK
    open(path, "wb").write(bytes(body) + struct.pack("<Q", h))


if __name__ == "__main__":
    main(sys.argv[1])
