#!/usr/bin/env python3
"""Damages a distributed checkpoint part so that only the rank reading it can find it wrong,
with a checksum that matches (a part made by hand):
  twice:  its second state becomes a copy of its first (the store holds a state twice);
  link:   its second state's parent link names a state far past every rank's store.
Usage: damage_part.py twice|link DIR/gen-G/rank-R.synack (rewritten in place)."""
import struct
import sys

FNV_OFFSET, FNV_PRIME, MASK = 0xCBF29CE484222325, 0x100000001B3, (1 << 64) - 1


def main(mode, path):
    body = bytearray(open(path, "rb").read())[:-8]
    at = 8 + 4  # magic, version
    at += 8 + struct.unpack_from("<Q", body, at)[0]  # identity
    words = struct.unpack_from("<Q", body, at)[0]
    at += 8 * 8  # words, depth, level_first, level_last, next_parent, states, transitions, bytes
    at += 8 + 34 * struct.unpack_from("<Q", body, at)[0]  # decisions
    for _ in range(3):  # row_fired, group_transitions, group_new_states
        at += 8 + 8 * struct.unpack_from("<Q", body, at)[0]
    packed, count = at + 8, struct.unpack_from("<Q", body, at)[0]  # the states, `words` each
    if count < 2 * words:
        sys.exit(f"{path}: fewer than two states")
    if mode == "twice":
        body[packed + 8 * words : packed + 16 * words] = body[packed : packed + 8 * words]
    elif mode == "link":
        parents = packed + 8 * count + 8  # parent_local: 32-bit local indices
        struct.pack_into("<I", body, parents + 4, 0x7FFFFFF0)
    else:
        sys.exit(f"unknown damage {mode}: twice or link")
    h = FNV_OFFSET
    for byte in body:
        h = ((h ^ byte) * FNV_PRIME) & MASK
    open(path, "wb").write(bytes(body) + struct.pack("<Q", h))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
